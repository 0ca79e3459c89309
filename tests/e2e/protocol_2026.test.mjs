// MCP 2026-07-28 ("modern", sessionless) served beside 2025-11-25 ("legacy") by the real binary,
// on the same HTTP endpoint and the same stdio process. The SDK client does not speak 2026-07-28
// yet, so modern traffic is raw fetch (HTTP) and raw JSON lines (stdio); a legacy SDK client runs
// at the same time to prove the legacy era is untouched.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connectHttp, listenHttp, post, startHttpServer, startRaw, textOf } from './harness.mjs';

const MODERN = '2026-07-28';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const META = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'protocol-2026-e2e', version: '1.0.0' },
};
const SERVER_INFO = 'io.modelcontextprotocol/serverInfo';

/** A modern request: `params` with the required _meta, plus `meta` members (null removes one). */
function modern(id, method, params = {}, meta = {}) {
  const merged = { ...META, ...meta };
  for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
  return { jsonrpc: '2.0', id, method, params: { ...params, _meta: merged } };
}

/** The standard headers a 2026-07-28 client sends for `body`, with `extra` over them (null removes one). */
function headersFor(body, extra = {}) {
  const headers = { 'mcp-protocol-version': MODERN, 'mcp-method': body.method };
  if (body.method === 'tools/call' || body.method === 'prompts/get') headers['mcp-name'] = body.params.name;
  if (body.method === 'resources/read') headers['mcp-name'] = body.params.uri;
  Object.assign(headers, extra);
  for (const [k, v] of Object.entries(headers)) if (v === null) delete headers[k];
  return headers;
}

/** The JSON-RPC messages of an SSE body (its data: lines). */
const sseMessages = (text) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .filter(Boolean)
    .map((data) => JSON.parse(data));

function assertModernResult(result, what) {
  assert.equal(result.resultType, 'complete', what);
  assert.equal(typeof result._meta?.[SERVER_INFO]?.name, 'string', what);
  assert.equal(typeof result._meta[SERVER_INFO].version, 'string', what);
}

function assertCacheHints(result, what) {
  assert.ok(Number.isInteger(result.ttlMs) && result.ttlMs >= 0, `${what}: ttlMs ${result.ttlMs}`);
  assert.equal(result.cacheScope, 'public', what);
}

describe('2026-07-28 over HTTP', () => {
  let server;
  let mcp;
  /** POSTs a modern request with its standard headers; resolves to {status, headers, text, json}. */
  const send = (body, extraHeaders = {}) => post(mcp, body, headersFor(body, extraHeaders));

  before(async () => {
    server = await startHttpServer({ args: ['--log.level=debug'] });
    mcp = server.mcpUrl.href;
  });
  after(() => server?.stop());

  test('server/discover names the versions and capabilities, without a session', async () => {
    const r = await send(modern('discover-1', 'server/discover'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('mcp-session-id'), null);
    assert.equal(r.json.id, 'discover-1');
    const result = r.json.result;
    assert.ok(result.supportedVersions.includes(MODERN));
    assert.ok(result.capabilities.tools);
    assert.ok(result.capabilities.prompts);
    assert.ok(result.capabilities.resources);
    assertModernResult(result, 'discover');
    assertCacheHints(result, 'discover');
  });

  test('tools/call get_component_api answers, and its trace id reaches the request log', async () => {
    const body = modern(2, 'tools/call', { name: 'get_component_api', arguments: { name: 'button' } }, {
      traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
    });
    const r = await send(body);
    assert.equal(r.status, 200, r.text);
    const result = r.json.result;
    assert.ok(!result.isError, textOf(result));
    assert.match(textOf(result), /button/i);
    assertModernResult(result, 'tools/call');
    assert.equal(result.ttlMs, undefined, 'a tool call is not cacheable');
    // The log line is written before the response; stderr may reach this process after it.
    const line = new RegExp(`request tools/call get_component_api over http by 127\\.0\\.0\\.1: ok .*trace_id=${TRACE_ID}`);
    while (!line.test(server.stderr())) await new Promise((resolve) => server.process.stderr.once('data', resolve));
  });

  test('lists and resources/read carry resultType and cache hints', async () => {
    for (const [method, member] of [
      ['tools/list', 'tools'],
      ['prompts/list', 'prompts'],
      ['resources/list', 'resources'],
      ['resources/templates/list', 'resourceTemplates'],
    ]) {
      const r = await send(modern(method, method));
      assert.equal(r.status, 200, `${method}: ${r.text}`);
      assert.ok(Array.isArray(r.json.result[member]), method);
      assertModernResult(r.json.result, method);
      assertCacheHints(r.json.result, method);
    }
    const uri = (await send(modern(3, 'resources/list'))).json.result.resources[0].uri;
    const read = await send(modern(4, 'resources/read', { uri }));
    assert.equal(read.status, 200, read.text);
    assert.ok(read.json.result.contents.length > 0);
    assertModernResult(read.json.result, 'resources/read');
    assertCacheHints(read.json.result, 'resources/read');
  });

  test('the cache hints are mirrored as Cache-Control and ETag for HTTP caches', async () => {
    const pinned = 'varlet://components/button/api.json';  // of the configured, concrete 3.20.6
    const reads = [await send(modern(10, 'resources/read', { uri: pinned })), await send(modern(11, 'resources/read', { uri: pinned }))];
    for (const r of reads) {
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers.get('cache-control'), `public, max-age=${r.json.result.ttlMs / 1000}`);
      assert.match(r.headers.get('etag'), /^W\/"[0-9a-f]{32}"$/);
    }
    assert.equal(reads[0].json.result.ttlMs, 24 * 3600 * 1000, 'an answer about a concrete version keeps a day');
    assert.equal(reads[0].headers.get('etag'), reads[1].headers.get('etag'), 'the same result, whatever the request id');
    const list = await send(modern(12, 'tools/list'));
    assert.equal(list.headers.get('cache-control'), `public, max-age=${list.json.result.ttlMs / 1000}`);
    assert.notEqual(list.headers.get('etag'), reads[0].headers.get('etag'));
    const call = await send(modern(13, 'tools/call', { name: 'list_components', arguments: {} }));
    assert.equal(call.status, 200);
    assert.equal(call.headers.get('cache-control'), null, 'tool results carry no cache hint');
    const asked = await send(modern(14, 'tools/call', { name: 'test_input_required_result_elicitation', arguments: {} },
      { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } }));
    assert.equal(asked.json.result.resultType, 'input_required');
    assert.equal(asked.headers.get('cache-control'), null, 'an input_required result is not cacheable');
  });

  test('a resource that does not exist is -32602 with its uri', async () => {
    const uri = 'varlet://no-such-resource';
    const r = await send(modern(5, 'resources/read', { uri }));
    assert.equal(r.json.id, 5);
    assert.equal(r.json.error.code, -32602);
    assert.equal(r.json.error.data.uri, uri);
  });

  test('each invalid request gets its code, its HTTP status and its id back', async () => {
    const v999 = { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' };
    const cases = [
      ['the MCP-Protocol-Version header is missing', modern(10, 'tools/list'), { 'mcp-protocol-version': null }, -32020, 400],
      ['params are empty', { jsonrpc: '2.0', id: 11, method: 'tools/list', params: {} }, {}, -32602, 400],
      ['_meta lacks the protocol version', modern(12, 'tools/list', {}, { 'io.modelcontextprotocol/protocolVersion': null }), {}, -32602, 400],
      ['_meta lacks the client capabilities', modern(13, 'tools/list', {}, { 'io.modelcontextprotocol/clientCapabilities': null }), {}, -32602, 400],
      ['the header and _meta disagree', modern(14, 'tools/list', {}, v999), {}, -32020, 400],
      ['the version is not supported', modern(15, 'tools/list', {}, v999), { 'mcp-protocol-version': 'v999.0.0' }, -32022, 400],
      ['Mcp-Method is missing', modern(16, 'tools/list'), { 'mcp-method': null }, -32020, 400],
      ['Mcp-Method differs in case', modern(17, 'tools/list'), { 'mcp-method': 'TOOLS/LIST' }, -32020, 400],
      ['Mcp-Name is missing', modern(18, 'tools/call', { name: 'list_components', arguments: {} }), { 'mcp-name': null }, -32020, 400],
      ['Mcp-Name names another tool', modern(19, 'tools/call', { name: 'list_components', arguments: {} }), { 'mcp-name': 'wrong_tool_name' }, -32020, 400],
      ['Mcp-Name is invalid Base64', modern(20, 'tools/call', { name: 'list_components', arguments: {} }), { 'mcp-name': '=?base64?SGVsbG8?=' }, -32020, 400],
      ['initialize is gone', modern(21, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } }), {}, -32601, 404],
      ['ping is gone', modern(22, 'ping'), {}, -32601, 404],
      ['logging/setLevel is gone', modern(23, 'logging/setLevel', { level: 'debug' }), {}, -32601, 404],
      ['resources/subscribe is gone', modern(24, 'resources/subscribe', { uri: 'varlet://components' }), {}, -32601, 404],
      ['resources/unsubscribe is gone', modern(25, 'resources/unsubscribe', { uri: 'varlet://components' }), {}, -32601, 404],
      ['the method is unknown', modern(26, 'unknown/method'), {}, -32601, 404],
    ];
    for (const [what, body, headers, code, status] of cases) {
      const r = await send(body, headers);
      assert.equal(r.status, status, `${what}: ${r.text}`);
      assert.equal(r.json?.error?.code, code, `${what}: ${r.text}`);
      assert.equal(r.json.id, body.id, what);
      if (code === -32022) assert.deepEqual(r.json.error.data, { supported: [MODERN], requested: 'v999.0.0' });
    }
  });

  test('standard header values are trimmed and may be Base64-wrapped; names are case-insensitive', async () => {
    const body = modern(30, 'tools/call', { name: 'list_components', arguments: {} });
    const b64 = `=?base64?${Buffer.from('list_components').toString('base64')}?=`;
    for (const headers of [{ 'mcp-name': '  list_components  ' }, { 'mcp-name': b64 }, { 'MCP-METHOD': 'tools/call', 'mcp-method': null }]) {
      const r = await send(body, headers);
      assert.equal(r.status, 200, `${JSON.stringify(headers)}: ${r.text}`);
      assert.ok(r.json.result, r.text);
    }
  });

  test('log messages only for a request whose _meta has a logLevel', async () => {
    const quiet = await send(modern(40, 'tools/call', { name: 'test_logging_tool', arguments: {} }));
    assert.equal(quiet.status, 200);
    const quietMessages = quiet.json ? [quiet.json] : sseMessages(quiet.text);
    assert.ok(!quietMessages.some((m) => m.method === 'notifications/message'), quiet.text);
    assert.ok(quietMessages.some((m) => m.id === 40 && m.result));

    const body = modern(41, 'tools/call', { name: 'test_logging_tool', arguments: {} }, { 'io.modelcontextprotocol/logLevel': 'debug' });
    const loud = await send(body);
    assert.equal(loud.status, 200);
    const messages = sseMessages(loud.text);
    assert.equal(messages.filter((m) => m.method === 'notifications/message').length, 3, loud.text);
    assertModernResult(messages.find((m) => m.id === 41).result, 'tools/call with logs');
  });

  test('subscriptions/listen acknowledges first, on a stream that holds a slot until the client closes it', async () => {
    const before = await send(modern(1, 'server/discover'));
    assert.deepEqual(before.json.result.capabilities.resources, { subscribe: true, listChanged: true });
    const uri = 'varlet://components/button/api.json';
    const listen = await listenHttp(mcp, 'watch-1', {
      toolsListChanged: true, resourcesListChanged: true, resourceSubscriptions: [uri, 'varlet://no/such/thing'],
    }, META);
    assert.equal(listen.status, 200);
    assert.match(listen.contentType, /^text\/event-stream/);
    const ack = await listen.next();
    assert.equal(ack.method, 'notifications/subscriptions/acknowledged');
    assert.equal(ack.params._meta['io.modelcontextprotocol/subscriptionId'], 'watch-1');
    assert.deepEqual(ack.params.notifications, { resourcesListChanged: true, resourceSubscriptions: [uri] },
      'tool lists never change here, and the unknown URI is left out');
    listen.close();
  });

  test('each open listen holds an in-flight slot of its client, given back when its stream closes', async () => {
    const limited = await startHttpServer({ args: ['--http.max-in-flight-per-client=2'] });
    try {
      const url = limited.mcpUrl.href;
      const listens = [await listenHttp(url, 1, { resourcesListChanged: true }, META),
        await listenHttp(url, 2, { resourcesListChanged: true }, META)];
      for (const l of listens) assert.equal((await l.next()).method, 'notifications/subscriptions/acknowledged');
      const list = modern(3, 'tools/list');
      const refused = await post(url, list, headersFor(list));
      assert.equal(refused.status, 429, 'the client holds as many listens as it may have requests in flight');
      listens[0].close();
      let served;
      for (let i = 0; i < 50 && served?.status !== 200; ++i) {
        await new Promise((r) => setTimeout(r, 100));
        served = await post(url, list, headersFor(list));
      }
      assert.equal(served.status, 200, 'the closed listen gave its slot back');
      listens[1].close();
    } finally {
      const { code } = await limited.stop();
      assert.equal(code, 0, limited.stderr());
    }
  });

  test('a listen open at shutdown gets its result, and the server stops at once', async () => {
    const server2 = await startHttpServer({ args: ['--shutdown.grace=20s'] });
    const listen = await listenHttp(server2.mcpUrl.href, 'last', { resourcesListChanged: true }, META);
    assert.equal((await listen.next()).method, 'notifications/subscriptions/acknowledged');
    const started = Date.now();
    const stopped = server2.stop();
    const result = await listen.next();
    assert.equal(result.id, 'last');
    assert.equal(result.result._meta['io.modelcontextprotocol/subscriptionId'], 'last');
    assert.equal((await stopped).code, 0, server2.stderr());
    assert.ok(Date.now() - started < 15000, 'the listen did not hold the shutdown for its whole grace');
  });

  test('a legacy SDK session works beside modern requests on the same endpoint', async () => {
    const legacy = await connectHttp(server.mcpUrl);
    try {
      const [tools, modernTools] = await Promise.all([legacy.client.listTools(), send(modern(50, 'tools/list'))]);
      assert.ok(tools.tools.some((t) => t.name === 'get_component_api'));
      assert.equal(tools.resultType, undefined, 'legacy results stay as they were');
      assert.equal(tools.ttlMs, undefined);
      assertModernResult(modernTools.json.result, 'modern tools/list beside a session');
      const call = await legacy.client.callTool({ name: 'get_component_api', arguments: { name: 'button' } });
      assert.ok(!call.isError, textOf(call));
      // The legacy era keeps its resource-not-found code.
      const missing = await legacy.client.readResource({ uri: 'varlet://no-such-resource' }).catch((e) => e);
      assert.equal(missing.code, -32002);
    } finally {
      await legacy.close();
    }
  });
});

describe('2026-07-28 over stdio', () => {
  test('modern requests are served before and after a legacy initialize', async () => {
    const stdio = startRaw();
    stdio.send(modern(1, 'server/discover'));
    const discover = await stdio.next();
    assert.equal(discover.id, 1);
    assert.ok(discover.result.supportedVersions.includes(MODERN));
    assertModernResult(discover.result, 'stdio discover');
    assertCacheHints(discover.result, 'stdio discover');

    stdio.send(modern(2, 'tools/list', {}, { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' }));
    const unsupported = await stdio.next();
    assert.equal(unsupported.id, 2);
    assert.equal(unsupported.error.code, -32022);
    assert.equal(unsupported.error.data.requested, 'v999.0.0');

    stdio.send({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} });
    assert.equal((await stdio.next()).error.code, -32600, 'legacy requests still need initialize');

    stdio.send({
      jsonrpc: '2.0',
      id: 4,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'legacy', version: '1' } },
    });
    const init = await stdio.next();
    assert.equal(init.result.protocolVersion, '2025-11-25');
    stdio.send({ jsonrpc: '2.0', method: 'notifications/initialized' });

    stdio.send({ jsonrpc: '2.0', id: 5, method: 'tools/list', params: {} });
    const legacyList = await stdio.next();
    assert.equal(legacyList.id, 5);
    assert.equal(legacyList.result.resultType, undefined, 'legacy results stay as they were');

    stdio.send(modern(6, 'tools/call', { name: 'get_component_api', arguments: { name: 'button' } }));
    const call = await stdio.next();
    assert.equal(call.id, 6);
    assert.ok(!call.result.isError, textOf(call.result));
    assertModernResult(call.result, 'stdio tools/call after initialize');

    stdio.send(modern(7, 'ping'));
    assert.equal((await stdio.next()).error.code, -32601, 'ping is gone in the modern era, even after initialize');
    assert.equal((await stdio.end()).code, 0);
  });

  test('subscriptions/listen on stdio: acknowledged, then ended by notifications/cancelled with no answer', async () => {
    const stdio = startRaw();
    stdio.send(modern('l1', 'subscriptions/listen', { notifications: { resourcesListChanged: true } }));
    const ack = await stdio.next();
    assert.equal(ack.method, 'notifications/subscriptions/acknowledged');
    assert.equal(ack.params._meta['io.modelcontextprotocol/subscriptionId'], 'l1');
    stdio.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'l1' } });
    stdio.send(modern(2, 'tools/list'));
    const next = await stdio.next();
    assert.equal(next.id, 2, 'the cancelled listen is not answered');
    stdio.send(modern('l2', 'subscriptions/listen', { notifications: {} }));
    assert.equal((await stdio.next()).method, 'notifications/subscriptions/acknowledged');
    stdio.child.stdin.end();  // end of input: the open listen gets its result
    const last = await stdio.next();
    assert.equal(last.id, 'l2');
    assert.equal(last.result.resultType, 'complete');
    assert.equal((await stdio.end()).code, 0);
  });

  test('listens take at most half the in-flight slots, so the reader always hears the cancel that ends one', async () => {
    const stdio = startRaw(['--mcp.max-in-flight=4']);
    for (const id of ['a', 'b']) {
      stdio.send(modern(id, 'subscriptions/listen', { notifications: { resourcesListChanged: true } }));
      assert.equal((await stdio.next()).method, 'notifications/subscriptions/acknowledged');
    }
    stdio.send(modern('c', 'subscriptions/listen', { notifications: {} }));
    const refused = await stdio.next();
    assert.equal(refused.id, 'c');
    assert.equal(refused.error.code, -32602, 'a third listen would leave too few slots');
    stdio.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'a' } });
    stdio.send(modern('d', 'subscriptions/listen', { notifications: {} }));
    assert.equal((await stdio.next()).method, 'notifications/subscriptions/acknowledged', 'the cancelled one gave its place');
    stdio.send(modern(5, 'tools/list'));
    assert.equal((await stdio.next()).id, 5);
    stdio.child.stdin.end();
    const ended = new Set([(await stdio.next()).id, (await stdio.next()).id]);
    assert.deepEqual(ended, new Set(['b', 'd']), 'the open listens get their results at the end');
    assert.equal((await stdio.end()).code, 0);
  });

  test('a request that needs input answers input_required, and the retry with sealed state completes', async () => {
    const stdio = startRaw();
    const caps = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
    const call = { name: 'test_input_required_result_request_state', arguments: {} };
    stdio.send(modern(1, 'tools/call', call, caps));
    const first = (await stdio.next()).result;
    assert.equal(first.resultType, 'input_required');
    assert.equal(first.inputRequests.confirm.method, 'elicitation/create');
    assert.equal(typeof first.requestState, 'string');
    assert.equal(first.ttlMs, undefined, 'no cache hints on input_required');
    const answers = { confirm: { action: 'accept', content: { ok: true } } };
    stdio.send(modern(2, 'tools/call', { ...call, inputResponses: answers, requestState: first.requestState }, caps));
    const done = (await stdio.next()).result;
    assertModernResult(done, 'the retry');
    assert.match(done.content[0].text, /state-ok/);
    stdio.send(modern(3, 'tools/call', { ...call, inputResponses: answers, requestState: `${first.requestState}A` }, caps));
    assert.equal((await stdio.next()).error.code, -32602, 'altered state is refused');
    stdio.send(modern(4, 'tools/call', { name: 'test_missing_capability', arguments: {} }));
    const missing = (await stdio.next()).error;
    assert.equal(missing.code, -32021);
    assert.deepEqual(missing.data.requiredCapabilities, { sampling: {} });
    assert.equal((await stdio.end()).code, 0);
  });
});

describe('2026-07-28 in the metrics', () => {
  test('sessionless requests count once each, under their protocol revision, apart from the warm-up', async () => {
    const server = await startHttpServer();
    try {
      const calls = 5;
      for (let i = 0; i < calls; i++) {
        const body = modern(i, 'tools/call', { name: 'get_component_api', arguments: { name: 'input' } });
        const r = await post(server.mcpUrl.href, body, headersFor(body));
        assert.equal(r.status, 200, r.text);
      }
      let snapshot;
      for (let tries = 0; tries < 100; tries++) {
        snapshot = await (await fetch(new URL('/admin/metrics', server.adminUrl))).json();
        if (snapshot.requests.total >= calls && snapshot.background.warm?.count >= 1) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(snapshot.requests.total, calls);
      assert.deepEqual(snapshot.requests.byProtocol, { stdio: {}, http: { [MODERN]: { count: calls, errors: 0 } } });
      assert.deepEqual(snapshot.background.warm, { count: 1, errors: 0 }, 'conf/testing.ini warms one component');
    } finally {
      await server.stop();
    }
  });
});
