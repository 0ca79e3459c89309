// Per-client rate limits on /mcp (issue 15): each API key's requests fill its own token bucket; a
// client past its burst gets 429 with Retry-After, the RateLimit and RateLimit-Policy headers and a
// JSON-RPC error that says when to retry, while another client's calls keep being answered; an answer
// that had to be built costs limits.cold-cost, a cached one 1. The refill is slow (one token every
// 20 s), so the counts below do not depend on how fast this machine is.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, conf, connectHttp, post, startFakeUpstream, startHttpServer, tempDir, textOf, upstreamFlags } from './harness.mjs';
import { waitFor } from './cache_support.mjs';

const BURST = 20;
const COLD_COST = 10;
const MODERN = '2026-07-28';
const toolsList = (id) => ({
  jsonrpc: '2.0', id, method: 'tools/list',
  params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } },
});
const modernHeaders = { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list' };
/** {r, t} of a RateLimit header value. */
const rateLimit = (value) => Object.fromEntries([...value.matchAll(/;([rt])=(\d+)/g)].map(([, k, v]) => [k, Number(v)]));

describe('rate limits per client', () => {
  let dir, upstream, server;
  const keys = {};
  const bearer = (name) => ({ authorization: `Bearer ${keys[name]}` });

  before(async () => {
    dir = tempDir('varlet-mcp-limits-');
    const keysFile = path.join(dir, 'keys');
    for (const name of ['noisy', 'calm', 'builder']) {
      const added = spawnSync(BIN, ['keys', 'add', name, `--config-file=${conf('testing.ini')}`, `--auth.keys-file=${keysFile}`],
        { encoding: 'utf8' });
      assert.equal(added.status, 0, added.stderr);
      keys[name] = added.stdout.trim();
    }
    upstream = await startFakeUpstream();
    server = await startHttpServer({ args: [...upstreamFlags(upstream), `--auth.keys-file=${keysFile}`,
      '--limits.requests-per-minute=3', `--limits.burst=${BURST}`, `--limits.cold-cost=${COLD_COST}`] });
    // The warmed component (conf/testing.ini) is in the cache once the service says it is ready.
    await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, 'readiness', 20000);
  });

  after(async () => {
    await server?.stop();
    await upstream?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a flood meets 429 with the headers and error that say when to retry; another client is never refused', async () => {
    const calm = await connectHttp(server.mcpUrl, { requestInit: { headers: bearer('calm') } });
    const calmCalls = (async () => {
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await calm.client.callTool({ name: 'get_component_api', arguments: { name: 'button' } }));
      return results;
    })();
    const flood = await Promise.all(Array.from({ length: 3 * BURST }, (_, i) =>
      post(server.mcpUrl, toolsList(i), { ...bearer('noisy'), ...modernHeaders })));
    for (const r of await calmCalls) assert.notEqual(r.isError, true, textOf(r));
    await calm.close();

    const answered = flood.filter((r) => r.status === 200);
    const refused = flood.filter((r) => r.status === 429);
    assert.equal(answered.length, BURST, 'the burst, and not one request more');
    assert.equal(refused.length, 2 * BURST);
    for (const r of answered) assert.equal(r.headers.get('ratelimit-policy'), `"per-client";q=${BURST};w=400`);
    const r = refused[0];
    const retryAfter = Number(r.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 20, `Retry-After ${retryAfter}`);
    assert.equal(r.headers.get('ratelimit-policy'), `"per-client";q=${BURST};w=400`);
    assert.deepEqual(rateLimit(r.headers.get('ratelimit')), { r: 0, t: retryAfter });
    assert.equal(r.json.error.code, -32000);
    assert.equal(r.json.error.data.retryAfterSeconds, retryAfter);
    assert.match(r.json.error.message, /^Too Many Requests: client noisy may make 3 requests a minute \(limits\.requests-per-minute\), 20 at once/);
    assert.match(r.json.error.message, new RegExp(`Retry after ${retryAfter} s$`));
  });

  test('an answer that had to be built costs limits.cold-cost; a cached one costs 1', async () => {
    const call = (id) => post(server.mcpUrl, {
      jsonrpc: '2.0', id, method: 'tools/call',
      params: { name: 'get_component_api', arguments: { name: 'dialog', locale: 'zh-CN' },
        _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } },
    }, { ...bearer('builder'), 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'get_component_api' });
    const remaining = (r) => rateLimit(r.headers.get('ratelimit')).r;
    const first = await call(1);  // dialog in zh-CN was never asked for: built
    assert.equal(first.status, 200, first.text);
    assert.notEqual(first.json.result.isError, true, first.text);
    assert.equal(remaining(first), BURST - 1);
    const second = await call(2);  // now cached
    assert.equal(remaining(second), BURST - COLD_COST - 1);
    const third = await call(3);
    assert.equal(remaining(third), BURST - COLD_COST - 2);
  });
});
