// Operating the cache of a running service: warming at start behind /readyz, and the loopback
// admin endpoints /admin/invalidate and /admin/warm.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectHttp, startFakeUpstream, textOf } from './harness.mjs';
import {
  VERSION,
  admin,
  cacheCounters,
  callApi,
  checkComponentAnswer,
  serverWithClient,
  startOnUpstream,
  waitFor,
  webTypes,
} from './cache_support.mjs';

const WEB_TYPES = `/npm/@varlet/ui@${VERSION}/highlight/web-types.en-US.json`;

describe('operating the cache', () => {
  let upstream;
  const en = webTypes('en-US'), zh = webTypes('zh-CN');

  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(async () => upstream?.stop());
  beforeEach(() => upstream.reset());

  test('/readyz says warming until the [cache] warm list is rendered, then ready', async () => {
    upstream.setFaults([{ path: WEB_TYPES, fault: 'slow', ms: 1500 }]);
    const server = await startOnUpstream(upstream, { args: ['--cache.warm=["button","input"]'] });
    try {
      const early = await fetch(`${server.url}/readyz`);
      assert.equal(early.status, 503);
      assert.deepEqual(await early.json(), { status: 'warming' });
      await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, 'readiness', 20000);
      assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { status: 'ready' });
      assert.equal(upstream.count(WEB_TYPES), 1);
      const rendered = await cacheCounters(server, 'rendered', (c) => c.misses >= 2);
      assert.equal(rendered.misses, 2, 'the warm list was rendered once each');

      // The warmed answers are there: calling them asks nothing of the upstream and renders nothing.
      const { client, close } = await connectHttp(server.mcpUrl);
      try {
        const asked = upstream.stats().total;
        checkComponentAnswer(assert, await callApi(client, 'button'), 'button', 'en-US', en.get('var-button'));
        checkComponentAnswer(assert, await callApi(client, 'input'), 'input', 'en-US', en.get('var-input'));
        assert.equal(upstream.stats().total, asked);
        const after = await cacheCounters(server, 'rendered', (c) => c.l1Hits >= 2);
        assert.equal(after.misses, 2);
      } finally {
        await close();
      }
    } finally {
      await server.stop();
    }
  });

  test('/admin/invalidate drops matching entries of every kind and answers the count', async () => {
    const token = 'let-me-in';
    const auth = { authorization: `Bearer ${token}` };
    const { server, client, close } = await serverWithClient(upstream, {
      args: ['--cache.warm=[]', `--admin.token=${token}`],
    });
    server.adminHeaders = auth;
    try {
      checkComponentAnswer(assert, await callApi(client, 'button'), 'button', 'en-US', en.get('var-button'));
      checkComponentAnswer(assert, await callApi(client, 'button', { locale: 'zh-CN' }), 'button', 'zh-CN', zh.get('var-button'));
      checkComponentAnswer(assert, await callApi(client, 'input'), 'input', 'en-US', en.get('var-input'));

      assert.equal((await admin(server, 'invalidate', { pattern: '*' }, {})).status, 401, 'the token is required');
      for (const bad of ['{not json', {}, { pattern: 7 }, { pattern: '*', version: VERSION }, { pattern: '*', kind: 'nope' }, { versoin: VERSION }]) {
        const r = await admin(server, 'invalidate', bad);
        assert.equal(r.status, 400, `${JSON.stringify(bad)} was accepted`);
        assert.ok(r.json?.error, r.text);
      }

      // The two answers about button, whatever the locale.
      const button = await admin(server, 'invalidate', { pattern: 'get_component_api\n*{"name":"button"}', kind: 'rendered' });
      assert.equal(button.status, 200, button.text);
      assert.equal(button.json.dropped, 2);
      assert.equal(button.json.kinds.rendered, 2);
      assert.equal(button.json.kinds.package_file, 0);

      const asked = upstream.stats().total;
      checkComponentAnswer(assert, await callApi(client, 'button'), 'button', 'en-US', en.get('var-button'));
      assert.equal(upstream.stats().total, asked, 'the catalog is still cached');
      checkComponentAnswer(assert, await callApi(client, 'input'), 'input', 'en-US', en.get('var-input'));
      const rendered = await cacheCounters(server, 'rendered', (c) => c.misses >= 4 && c.l1Hits >= 1);
      assert.equal(rendered.misses, 4, 'button was rendered again, input was not');

      // Everything derived from the version's content: files, catalogs, answers.
      const all = await admin(server, 'invalidate', { version: VERSION });
      assert.equal(all.status, 200, all.text);
      assert.equal(all.json.kinds.package_file, upstream.count(`/npm/@varlet/ui@${VERSION}/`), 'every file of the version fetched so far');
      assert.equal(all.json.kinds.catalog, 2);
      assert.equal(all.json.kinds.rendered, 2);
      assert.equal(all.json.dropped, Object.values(all.json.kinds).reduce((a, b) => a + b, 0));
      checkComponentAnswer(assert, await callApi(client, 'input'), 'input', 'en-US', en.get('var-input'));
      assert.equal(upstream.count(WEB_TYPES), 2, 'the files were fetched again');
      const again = await admin(server, 'invalidate', { version: VERSION });
      assert.ok(again.json.dropped > 0 && again.json.dropped < all.json.dropped);
    } finally {
      await close();
    }
  });

  test('/admin/warm renders the asked components in the asked locales', async () => {
    const { server, client, close } = await serverWithClient(upstream, { args: ['--cache.warm=[]'] });
    try {
      const warmed = await admin(server, 'warm', { components: ['button', 'input', 'no-such-thing'], locales: ['en-US', 'zh'] });
      assert.equal(warmed.status, 200, warmed.text);
      assert.equal(warmed.json.version, VERSION);
      assert.deepEqual(warmed.json.locales, ['en-US', 'zh-CN']);
      assert.equal(warmed.json.catalogs, 2);
      assert.equal(warmed.json.wanted, 6);
      assert.equal(warmed.json.answers, 4);
      assert.equal(warmed.json.ok, false);
      assert.equal(warmed.json.failures.length, 2);
      assert.match(warmed.json.failures[0], /no-such-thing/);

      const asked = upstream.stats().total;
      checkComponentAnswer(assert, await callApi(client, 'input', { locale: 'zh-CN' }), 'input', 'zh-CN', zh.get('var-input'));
      checkComponentAnswer(assert, await callApi(client, 'button'), 'button', 'en-US', en.get('var-button'));
      assert.equal(upstream.stats().total, asked);
      const rendered = await cacheCounters(server, 'rendered', (c) => c.l1Hits >= 2);
      assert.equal(rendered.misses, 6, 'the warm rendered each answer once; the calls rendered nothing');

      for (const bad of ['[]', { components: 'button' }, { locales: ['fr'] }, { version: '' }, { colour: 'red' }]) {
        const r = await admin(server, 'warm', bad);
        assert.equal(r.status, 400, `${JSON.stringify(bad)} was accepted: ${r.text}`);
      }
      const missing = await admin(server, 'warm', { version: '9.9.9', components: ['button'] });
      assert.equal(missing.status, 502);
      assert.match(missing.json.error, /9\.9\.9/);
      const unknown = await client.callTool({ name: 'get_component_api', arguments: { name: 'button', version: '9.9.9' } });
      assert.equal(unknown.isError, true, textOf(unknown));
    } finally {
      await close();
    }
  });
});
