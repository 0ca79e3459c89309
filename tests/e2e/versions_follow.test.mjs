// Following a tag: when `latest` resolves to a new version once its TTL has passed, the server
// serves the new version and tells subscribed clients (resources/updated, resources/list_changed):
// a 2025-11-25 session through resources/subscribe, a 2026-07-28 client through subscriptions/listen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceListChangedNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { listenHttp, post, startFakeUpstream } from './harness.mjs';
import { VERSION, callApi, checkComponentAnswer, serverWithClient, startOnUpstream, waitFor, webTypes } from './cache_support.mjs';

const URI = 'varlet://components/button/api.json';
const NEXT = '3.20.7'; // published by the fake upstream as an alias of the 3.20.6 files
const MODERN = '2026-07-28';

/** A sessionless 2026-07-28 resources/read of URI; resolves to {ttlMs, cacheControl}. */
async function readModern(server, id) {
  const body = {
    jsonrpc: '2.0', id, method: 'resources/read',
    params: { uri: URI, _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } },
  };
  const r = await post(server.mcpUrl.href, body, { 'mcp-protocol-version': MODERN, 'mcp-method': 'resources/read', 'mcp-name': URI });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.result.resultType, 'complete', r.text);
  return { ttlMs: r.json.result.ttlMs, cacheControl: r.headers.get('cache-control') };
}

describe('following the latest tag', () => {
  let upstream;
  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(async () => upstream?.stop());

  test('a TTL expiry picks up a new latest and notifies a subscribed client', async () => {
    const { server, client, close } = await serverWithClient(upstream, {
      args: ['--varlet.version=latest', '--cache.version-ttl=1s', '--cache.warm=["button"]'],
    });
    try {
      const updated = [], listChanged = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updated.push(n.params.uri));
      client.setNotificationHandler(ResourceListChangedNotificationSchema, () => listChanged.push(Date.now()));

      const versionOf = async () => JSON.parse((await client.readResource({ uri: URI })).contents[0].text).component.version;
      assert.equal(upstream.manifest().tags.latest, VERSION);
      assert.equal(await versionOf(), VERSION);
      await client.subscribeResource({ uri: URI });
      const listen = await listenHttp(server.mcpUrl.href, 'follow', { resourcesListChanged: true, resourceSubscriptions: [URI] }, {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
      });
      assert.equal((await listen.next()).method, 'notifications/subscriptions/acknowledged');
      // Nothing moves while latest stays put, however often its TTL passes.
      await new Promise((r) => setTimeout(r, 2500));
      assert.deepEqual(updated, []);

      upstream.setVersions({ versions: [...upstream.manifest().versions, NEXT], latest: NEXT, aliases: { [NEXT]: VERSION } });
      await waitFor(() => updated.length > 0 && listChanged.length > 0, 'the notifications of the move', 15000);
      assert.deepEqual([...new Set(updated)], [URI]);
      // The same move reached the listen stream (already sent: the session heard it).
      const heard = [];
      const methods = () => new Set(heard.map((n) => n.method));
      while (methods().size < 2 && heard.length < 10) {
        const n = await Promise.race([listen.next(), new Promise((r) => setTimeout(() => r(null), 5000))]);
        assert.ok(n, `the listen heard only ${JSON.stringify(heard)}`);
        heard.push(n);
      }
      for (const n of heard) assert.equal(n.params._meta['io.modelcontextprotocol/subscriptionId'], 'follow');
      assert.deepEqual(methods(), new Set(['notifications/resources/updated', 'notifications/resources/list_changed']));
      for (const n of heard.filter((h) => h.method === 'notifications/resources/updated')) assert.equal(n.params.uri, URI);
      listen.close();

      assert.equal(await versionOf(), NEXT);
      const answer = await callApi(client, 'button');
      checkComponentAnswer(assert, answer, 'button', 'en-US', webTypes('en-US').get('var-button'), NEXT);
      const pinned = await callApi(client, 'button', { version: VERSION });
      checkComponentAnswer(assert, pinned, 'button', 'en-US', webTypes('en-US').get('var-button'), VERSION);
      assert.ok(upstream.count(`/npm/@varlet/ui@${NEXT}/`) > 0, 'the new version was fetched by its own name');
    } finally {
      await close();
    }
  });

  test('a 2026-07-28 read over latest may be kept for what is left of its resolution, no longer', async () => {
    const ttlSeconds = 6;
    const server = await startOnUpstream(upstream, { args: ['--varlet.version=latest', `--cache.version-ttl=${ttlSeconds}s`] });
    try {
      const first = await readModern(server, 1);
      assert.ok(first.ttlMs > 0 && first.ttlMs <= ttlSeconds * 1000, `ttlMs ${first.ttlMs}`);
      assert.equal(first.cacheControl, `public, max-age=${first.ttlMs / 1000}`);
      await new Promise((r) => setTimeout(r, 2100));
      const later = await readModern(server, 2);
      assert.ok(later.ttlMs > 0 && later.ttlMs <= first.ttlMs - 1000, `ttlMs ${first.ttlMs} then ${later.ttlMs}`);

      // Past its TTL with the version list unreachable, latest is served from the expired
      // resolution: true as far as the server knows, but not to be kept at all.
      upstream.setFaults([{ path: '/v1/packages/npm/', fault: 'status', status: 503 }]);
      await new Promise((r) => setTimeout(r, later.ttlMs + 1100));
      const stale = await readModern(server, 3);
      assert.equal(stale.ttlMs, 0);
      assert.equal(stale.cacheControl, 'public, max-age=0');
    } finally {
      upstream.clearFaults();
      await server.stop();
    }
  });
});
