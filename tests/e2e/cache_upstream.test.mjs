// The cache in front of a misbehaving upstream, through the real binary and the SDK client: one
// request per file however many callers wait, retries of transient failures only, the circuit
// breaker, and stale copies when the upstream is down.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { connectHttp, startFakeUpstream, startHttpServer, textOf, upstreamFlags } from './harness.mjs';
import { VERSION, callApi, checkComponentAnswer, pinnedPackageDir, serverWithClient, waitFor, webTypes } from './cache_support.mjs';

const NO_WARM = '--cache.warm=[]';
const WEB_TYPES = `/npm/@varlet/ui@${VERSION}/highlight/web-types.en-US.json`;

describe('the cache in front of the upstream', () => {
  let upstream;
  const buttonProps = webTypes('en-US').get('var-button');

  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(async () => upstream?.stop());
  beforeEach(() => upstream.reset());

  test('50 concurrent identical cold calls fetch each needed file once', async () => {
    const { client, close } = await serverWithClient(upstream, { args: [NO_WARM] });
    try {
      const results = await Promise.all(Array.from({ length: 50 }, () => callApi(client, 'button')));
      for (const r of results) checkComponentAnswer(assert, r, 'button', 'en-US', buttonProps);
      assert.ok(results.every((r) => textOf(r) === textOf(results[0])), 'every caller got the same answer');
      const { byTarget, total } = upstream.stats();
      assert.ok(total > 0, 'the files came from the upstream');
      assert.ok(byTarget[WEB_TYPES] === 1, `web-types was fetched ${byTarget[WEB_TYPES]} times`);
      const repeated = Object.entries(byTarget).filter(([, n]) => n !== 1);
      assert.deepEqual(repeated, [], 'a file was fetched more than once');
    } finally {
      await close();
    }
  });

  test('a 500 is retried and the call succeeds; a 404 is asked once and remembered', async () => {
    const { client, close } = await serverWithClient(upstream, { args: [NO_WARM] });
    try {
      upstream.setFaults([{ path: WEB_TYPES, fault: 'status', status: 500, count: 1 }]);
      checkComponentAnswer(assert, await callApi(client, 'button'), 'button', 'en-US', buttonProps);
      assert.equal(upstream.count(WEB_TYPES), 2, 'one failed attempt, one retry');

      // 3.99.0 does not exist: every file of it is a 404, asked once and never retried.
      const missing = await callApi(client, 'button', { version: '3.99.0' });
      assert.equal(missing.isError, true);
      const asked = Object.entries(upstream.stats().byTarget).filter(([target]) => target.includes('@3.99.0/'));
      assert.ok(asked.length > 0, 'the files of 3.99.0 were asked for');
      assert.deepEqual(asked.filter(([, n]) => n !== 1), [], 'a 404 was retried');
      const before = upstream.count('@3.99.0/');
      assert.equal((await callApi(client, 'button', { version: '3.99.0' })).isError, true);
      assert.equal(upstream.count('@3.99.0/'), before, 'the absence is remembered');
    } finally {
      await close();
    }
  });

  test('repeated failures open the breaker: calls fail fast without upstream requests until the cooldown', async () => {
    const { client, close } = await serverWithClient(upstream, {
      args: [NO_WARM, '--upstream.retries=1', '--upstream.breaker-failures=3', '--upstream.breaker-cooldown=3s'],
    });
    try {
      upstream.setFaults([{ path: '/npm/', fault: 'status', status: 503 }]);
      const first = await callApi(client, 'button');
      assert.equal(first.isError, true);
      assert.match(textOf(first), /503/);
      const failed = upstream.count('/npm/');
      assert.ok(failed >= 3, `only ${failed} requests before the breaker opened`);

      const second = await callApi(client, 'button');
      assert.equal(second.isError, true);
      assert.match(textOf(second), /circuit breaker is open/);
      assert.equal(upstream.count('/npm/'), failed, 'an open breaker sent requests');

      // Once the upstream is back and the cooldown has passed, a trial request closes the breaker.
      upstream.clearFaults();
      const recovered = await waitFor(async () => {
        const r = await callApi(client, 'button');
        return r.isError ? null : r;
      }, 'the breaker to close', 15000, 500);
      checkComponentAnswer(assert, recovered, 'button', 'en-US', buttonProps);
      assert.ok(upstream.count('/npm/') > failed);
    } finally {
      await close();
    }
  });

  test('an expired version list is served stale while the upstream is down', async () => {
    const { client, close } = await serverWithClient(upstream, {
      args: [NO_WARM, '--cache.version-ttl=1s', '--varlet.version=latest'],
    });
    try {
      const fresh = await client.callTool({ name: 'list_versions', arguments: {} });
      assert.ok(!fresh.isError, textOf(fresh));
      assert.equal(fresh.structuredContent.tags.latest, upstream.manifest().tags.latest);
      assert.notEqual(fresh._meta?.varlet?.stale, true);
      checkComponentAnswer(assert, await callApi(client, 'button'), 'button', 'en-US', buttonProps);

      const asked = upstream.count('/v1/');
      upstream.setFaults([{ path: '/', fault: 'status', status: 503 }]);
      await new Promise((r) => setTimeout(r, 2100)); // past the 1 s TTL (kept in whole seconds)
      // A call whose answer is not rendered yet needs the version list again: its TTL has passed.
      const stale = await client.callTool({ name: 'list_versions', arguments: { limit: 7 } });
      assert.ok(!stale.isError, textOf(stale));
      assert.equal(stale._meta?.varlet?.stale, true, 'the answer says it is built on a stale copy');
      assert.deepEqual(stale.structuredContent.tags, fresh.structuredContent.tags);
      assert.deepEqual(stale.structuredContent.versions, fresh.structuredContent.versions.slice(0, 7));
      assert.ok(upstream.count('/v1/') > asked, 'the upstream was tried again');

      // A tag resolution whose TTL has passed still answers, from the last version list.
      checkComponentAnswer(assert, await callApi(client, 'button', { version: 'latest' }), 'button', 'en-US', buttonProps);
    } finally {
      await close();
    }
  });

  // libcurl and the TLS, Kerberos and LDAP libraries behind it cost every start time and memory,
  // so the server loads it only for its first network fetch.
  test('libcurl is loaded by the first network fetch, never for the local package folder', async () => {
    const packageDir = pinnedPackageDir();
    const server = await startHttpServer({ args: [...upstreamFlags(upstream, { packageDir }), NO_WARM] });
    const { client, close } = await connectHttp(server.mcpUrl);
    const curlMapped = () => fs.readFileSync(`/proc/${server.process.pid}/maps`, 'utf8').includes('libcurl');
    try {
      checkComponentAnswer(assert, await callApi(client, 'button'), 'button', 'en-US', buttonProps);
      assert.equal(upstream.stats().total, 0, 'every file came from the package folder');
      assert.equal(curlMapped(), false, 'libcurl is mapped though nothing was fetched over the network');

      const old = await callApi(client, 'button', { version: '3.0.0' });
      checkComponentAnswer(assert, old, 'button', 'en-US', webTypes('en-US', '3.0.0').get('var-button'), '3.0.0');
      assert.ok(upstream.stats().total > 0, '3.0.0 came from the upstream');
      assert.equal(curlMapped(), true, 'the network fetch did not load libcurl');
    } finally {
      await close().catch(() => {});
      await server.stop();
      fs.rmSync(packageDir, { recursive: true, force: true });
    }
  });
});
