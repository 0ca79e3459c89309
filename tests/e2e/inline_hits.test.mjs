// Cached tools/call answers are served on the transport's own thread from what the cache shards
// publish ([mcp] serve-hits-inline, on by default). Whatever thread answers, the client must not
// tell: the same calls, sent to a server with it on and one with it off, over HTTP sessions,
// sessionless 2026-07-28 POSTs and stdio, get the same results, first (built) and again (cached),
// and both servers count the same cache hits and requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectHttp, connectStdio, post, startFakeUpstream } from './harness.mjs';
import { cacheCounters, metrics, onlyUpstream, startOnUpstream } from './cache_support.mjs';

const CALLS = [
  ['get_component_api', { name: 'button' }],
  ['get_component_api', { name: 'button', version: '3.20.6' }], // the same answer, named another way
  ['get_component_api', { name: 'select', locale: 'zh-CN' }],
  ['list_components', {}],
  ['search', { query: 'date picker' }],
  ['get_component_api', { name: 'no-such-component' }],
];

const modern = (id, name, args) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: {
    name,
    arguments: args,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'inline-hits', version: '1' },
    },
  },
});

const modernHeaders = (name) => ({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': name });

// Every call twice over an SDK session, then twice sessionless: the results, in order.
async function httpResults(server) {
  const { client, close } = await connectHttp(server.mcpUrl);
  const results = [];
  try {
    for (const [name, args] of CALLS)
      for (let i = 0; i < 2; i++) results.push(await client.callTool({ name, arguments: args }));
  } finally {
    await close();
  }
  let id = 1;
  for (const [name, args] of CALLS)
    for (let i = 0; i < 2; i++) {
      const r = await post(server.mcpUrl, modern(id++, name, args), modernHeaders(name));
      assert.equal(r.status, 200, r.text);
      results.push(r.json.result);
    }
  return results;
}

async function stdioResults(upstream, inline) {
  const { client, close } = await connectStdio({ args: [...onlyUpstream(upstream), '--cache.warm=[]', `--mcp.serve-hits-inline=${inline}`] });
  try {
    const results = [];
    for (const [name, args] of CALLS)
      for (let i = 0; i < 2; i++) results.push(await client.callTool({ name, arguments: args }));
    return results;
  } finally {
    await close();
  }
}

describe('cached answers served on the transport thread', () => {
  let upstream;
  const servers = {};
  before(async () => {
    upstream = await startFakeUpstream();
    for (const inline of [true, false])
      servers[inline] = await startOnUpstream(upstream, { args: ['--cache.warm=[]', `--mcp.serve-hits-inline=${inline}`] });
  });
  after(async () => {
    for (const server of Object.values(servers)) await server.stop();
    await upstream?.stop();
  });

  test('the flag turns it off over the configuration file', () => {
    const said = /cached tools\/call answers are served on the transport's thread/;
    assert.match(servers.true.stderr(), said);
    assert.doesNotMatch(servers.false.stderr(), said);
  });

  test('over HTTP: the same results with and without it, built and cached', async () => {
    const on = await httpResults(servers.true);
    const off = await httpResults(servers.false);
    assert.equal(on.length, CALLS.length * 4);
    assert.deepEqual(on, off);
    for (let i = 0; i < on.length; i += 2) assert.deepEqual(on[i + 1], on[i], `call ${i / 2}: the cached answer is the built one`);
    assert.ok(on.some((r) => r.isError), 'an unknown component is an error result, served alike');
    assert.ok(on.filter((r) => !r.isError).every((r) => r.content?.[0]?.text), 'every other answer has its text');
  });

  test('both count the same cache lookups and requests', async () => {
    const lookups = (c) => c.l1Hits + c.l2Hits + c.misses;
    const on = await cacheCounters(servers.true, 'rendered', (c) => lookups(c) >= CALLS.length * 4);
    const off = await cacheCounters(servers.false, 'rendered', (c) => lookups(c) >= CALLS.length * 4);
    assert.deepEqual({ l1: on.l1Hits, l2: on.l2Hits, misses: on.misses }, { l1: off.l1Hits, l2: off.l2Hits, misses: off.misses });
    assert.ok(on.l1Hits >= CALLS.length * 2, `the second call of each is a hit: ${JSON.stringify(on)}`);
    const [mOn, mOff] = await Promise.all([metrics(servers.true), metrics(servers.false)]);
    const calls = (m) => m.requests.byMethod['tools/call'].count;
    assert.equal(calls(mOn), CALLS.length * 4);
    assert.equal(calls(mOff), calls(mOn));
    const byName = (m) => Object.fromEntries(Object.entries(m.requests.byName['tools/call']).map(([k, v]) => [k, [v.count, v.errors]]));
    assert.deepEqual(byName(mOn), byName(mOff));
  });

  test('over stdio: the same results with and without it', async () => {
    const [on, off] = await Promise.all([stdioResults(upstream, true), stdioResults(upstream, false)]);
    assert.deepEqual(on, off);
    for (let i = 0; i < on.length; i += 2) assert.deepEqual(on[i + 1], on[i]);
  });
});
