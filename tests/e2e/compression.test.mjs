// Compressed answers (issue 15): gzip and br by Accept-Encoding on /mcp, /metrics and
// /admin/metrics, cached answers spliced from their kept gzip form, POST answer streams gzip-encoded
// event by event, small answers as they are, compressed request bodies refused with 415. The
// official SDK client (Node's fetch asks for gzip and decodes it) gets the same answers with
// compression on and off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { TOOL_CALLS, startFakeUpstream, startHttpServer, upstreamFlags } from './harness.mjs';

const MODERN = '2026-07-28';
const META = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'compression-e2e', version: '1.0.0' },
};

/** A 2026-07-28 tools/call: its body and standard headers (no session needed). */
function modernCall(id, name, args, meta = {}) {
  const body = { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta: { ...META, ...meta } } };
  return { body, headers: { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': name } };
}

/** One raw request with node:http, which decodes nothing: {status, headers, body: Buffer, chunks: Buffer[]}. */
function raw(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), chunks }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
    req.end();
  });
}

const postMcp = (server, { body, headers }, acceptEncoding) =>
  raw(server.mcpUrl.href, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
      ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
    },
  });

function decode(r) {
  const coding = r.headers['content-encoding'];
  if (coding === 'gzip') return zlib.gunzipSync(r.body).toString();
  if (coding === 'br') return zlib.brotliDecompressSync(r.body).toString();
  assert.equal(coding, undefined);
  return r.body.toString();
}

describe('compression', () => {
  let upstream, on, off;
  before(async () => {
    upstream = await startFakeUpstream();
    // Keep-alive comments every 20 ms, so they show up inside the compressed streams.
    on = await startHttpServer({ args: [...upstreamFlags(upstream), '--http.keepalive=20ms'] });
    off = await startHttpServer({ args: [...upstreamFlags(upstream), '--http.compress-min-bytes=0'] });
  });
  after(async () => {
    await on?.stop();
    await off?.stop();
    await upstream?.stop();
  });

  test('the SDK client gets the same answer to every tool with compression on and off', async () => {
    const answers = {};
    for (const [what, server] of [['on', on], ['off', off]]) {
      const codings = [];
      const counting = async (url, init) => {
        const res = await fetch(url, init);
        codings.push(res.headers.get('content-encoding') ?? 'identity');
        return res;
      };
      const client = new Client({ name: 'compression-e2e', version: '1.0.0' }, { capabilities: {} });
      await client.connect(new StreamableHTTPClientTransport(server.mcpUrl, { fetch: counting }));
      try {
        answers[what] = {};
        for (const [name, args] of Object.entries(TOOL_CALLS)) {
          // Twice: the second call of a cacheable tool is served from the cache, spliced.
          for (const round of [1, 2]) {
            const result = await client.callTool({ name, arguments: args });
            assert.notEqual(result.isError, true, `${what} ${name}`);
            if (round === 2) assert.deepEqual(result, answers[what][name], `${what} ${name}: the cached answer is the built one`);
            answers[what][name] = result;
          }
        }
      } finally {
        await client.close();
      }
      if (what === 'on') assert.ok(codings.includes('gzip'), `Node's fetch asked for gzip and got it: ${codings}`);
      else assert.deepEqual([...new Set(codings)], ['identity'], 'compress-min-bytes=0 compresses nothing');
    }
    for (const name of Object.keys(TOOL_CALLS)) assert.deepEqual(answers.on[name], answers.off[name], name);
  });

  test('Accept-Encoding picks the coding, Vary says so, and every coding decodes to the plain body', async () => {
    // get_component_api is cached after its first call; tools/list is made once: both keep their gzip form.
    const big = modernCall(7, 'get_component_api', { name: 'button' });
    const list = { body: { jsonrpc: '2.0', id: 8, method: 'tools/list', params: { _meta: META } },
      headers: { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list' } };
    for (const call of [big, list]) {
      const plain = await postMcp(on, call);
      assert.equal(plain.status, 200);
      assert.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: identity');
      assert.equal(plain.headers.vary, 'Accept-Encoding');
      assert.ok(plain.body.length > 1024, `${call.body.method} is large: ${plain.body.length}`);
      const text = plain.body.toString();
      const cases = [
        ['gzip', 'gzip'], ['br', 'br'], ['x-gzip', 'gzip'], ['identity', undefined], ['', undefined],
        ['gzip;q=0, identity', undefined], ['br;q=0.5, gzip', 'gzip'], ['gzip;q=0.5, br', 'br'],
        ['identity;q=0', undefined], ['*;q=0', undefined], ['deflate, zstd', undefined],
        ['gzip;q=banana', undefined], ['GZIP ; q=1', 'gzip'],
        // A kept gzip form costs nothing: on a tie it beats br, which would cost a compression.
        ['gzip, br', 'gzip'], ['*', 'gzip'],
      ];
      for (const [accept, expected] of cases) {
        const r = await postMcp(on, call, accept);
        assert.equal(r.status, 200, accept);
        assert.equal(r.headers['content-encoding'], expected, `${call.body.method} with Accept-Encoding "${accept}"`);
        assert.equal(r.headers.vary, 'Accept-Encoding', accept);
        assert.equal(decode(r), text, `${call.body.method} "${accept}" decodes to the plain body`);
        if (expected) assert.ok(r.body.length < text.length / 2, `${accept}: ${r.body.length} of ${text.length}`);
      }
      const untouched = await postMcp(off, call, 'gzip, br');
      assert.equal(untouched.headers['content-encoding'], undefined, 'compress-min-bytes=0');
      assert.equal(untouched.headers.vary, undefined);
    }
  });

  test('small answers and 202s go as they are', async () => {
    const small = await postMcp(on, modernCall(1, 'test_simple_text', {}), 'gzip, br');
    assert.equal(small.status, 200);
    assert.ok(small.body.length < 1024, `${small.body.length} bytes`);
    assert.equal(small.headers['content-encoding'], undefined);
    assert.equal(small.headers.vary, undefined);
    assert.equal(JSON.parse(small.body).id, 1);
    const health = await raw(`${on.url}/healthz`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(health.headers['content-encoding'], undefined);
    const note = await postMcp(on, { body: { jsonrpc: '2.0', method: 'notifications/initialized' }, headers: { 'mcp-protocol-version': MODERN } }, 'gzip');
    assert.equal(note.status, 202);
    assert.equal(note.headers['content-encoding'], undefined);
  });

  test('/metrics and /admin/metrics are compressed', async () => {
    // Built per request: br wins a tie.
    const codings = [['gzip', 'gzip'], ['br', 'br'], ['gzip, br', 'br'], ['br;q=0.5, gzip', 'gzip']];
    for (const [path, [accept, expected]] of ['/metrics', '/admin/metrics'].flatMap((p) => codings.map((c) => [p, c]))) {
      const r = await raw(`${on.adminUrl}${path}`, { headers: { 'accept-encoding': accept } });
      assert.equal(r.status, 200, path);
      assert.equal(r.headers['content-encoding'], expected, `${path} ${accept}`);
      assert.equal(r.headers.vary, 'Accept-Encoding');
      const text = decode(r);
      assert.match(text, path === '/metrics' ? /^# (HELP|TYPE) /m : /"l1Hits"/, path);
      assert.ok(r.body.length < text.length / 3, `${path} ${accept}: ${r.body.length} of ${text.length}`);
    }
    const plain = await raw(`${on.url}/metrics`);
    assert.equal(plain.headers['content-encoding'], undefined);
  });

  test('a POST answer stream is gzip-encoded and decodes event by event, keep-alives included', async () => {
    const call = modernCall(21, 'test_tool_with_progress', {}, { progressToken: 'p1' });
    const r = await new Promise((resolve, reject) => {
      const req = http.request(on.mcpUrl, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'accept-encoding': 'gzip', ...call.headers },
      }, (res) => {
        // After each piece that arrives, everything so far decodes to whole events: none waits in
        // the compressor for the next.
        const pieces = [];
        const decodedAfter = [];
        res.on('data', (d) => {
          pieces.push(d);
          decodedAfter.push(zlib.gunzipSync(Buffer.concat(pieces), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString());
        });
        res.on('end', () => resolve({ res, pieces, decodedAfter }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(JSON.stringify(call.body));
    });
    assert.equal(r.res.headers['content-type'], 'text/event-stream');
    assert.equal(r.res.headers['content-encoding'], 'gzip');
    assert.equal(r.res.headers.vary, 'Accept-Encoding');
    const all = zlib.gunzipSync(Buffer.concat(r.pieces)).toString();
    for (const text of r.decodedAfter) assert.ok(text.endsWith('\n\n'), `whole events only: ${JSON.stringify(text.slice(-80))}`);
    const data = all.split('\n\n').filter((e) => e.includes('data: ')).map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)));
    assert.deepEqual(data.filter((m) => m.method === 'notifications/progress').map((m) => m.params.progress), [0, 50, 100]);
    assert.equal(data.at(-1).id, 21);
    assert.equal(data.at(-1).result.content[0].text, 'Tool with progress executed successfully');
    const firstProgress = r.decodedAfter.findIndex((t) => t.includes('"progress":0'));
    const answered = r.decodedAfter.findIndex((t) => t.includes('"id":21'));
    assert.ok(firstProgress >= 0 && firstProgress < answered, 'the first progress decoded before the answer arrived');
    assert.match(all, /^: keepalive$/m, 'keep-alive comments flow through the compressor');

    // A large answer streamed after progress decodes to the same result as its JSON answer.
    const streamed = await postMcp(on, modernCall(22, 'get_component_api', { name: 'button' }, { progressToken: 'p2' }), 'gzip');
    assert.equal(streamed.headers['content-type'], 'text/event-stream');
    assert.equal(streamed.headers['content-encoding'], 'gzip');
    const events = decode(streamed).split('\n\n').filter((e) => e.includes('data: ')).map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)));
    const json = JSON.parse(decode(await postMcp(on, modernCall(22, 'get_component_api', { name: 'button' }), 'gzip')));
    assert.deepEqual(events.at(-1).result, json.result);

    const plain = await postMcp(on, modernCall(23, 'test_tool_with_progress', {}, { progressToken: 'p3' }));
    assert.equal(plain.headers['content-type'], 'text/event-stream');
    assert.equal(plain.headers['content-encoding'], undefined, 'a client that asks for nothing gets a plain stream');
  });

  test('a compressed request body is refused with 415', async () => {
    const call = modernCall(31, 'get_component_api', { name: 'button' });
    const gz = zlib.gzipSync(JSON.stringify(call.body));
    const r = await raw(on.mcpUrl.href, {
      method: 'POST',
      body: gz,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-encoding': 'gzip', ...call.headers },
    });
    assert.equal(r.status, 415);
    assert.equal(r.headers['accept-encoding'], 'identity');
    assert.match(JSON.parse(r.body).error.message, /must not be compressed/);
    const identity = await raw(on.mcpUrl.href, {
      method: 'POST',
      body: JSON.stringify(call.body),
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-encoding': 'identity', ...call.headers },
    });
    assert.equal(identity.status, 200, 'identity is no coding');
  });
});
