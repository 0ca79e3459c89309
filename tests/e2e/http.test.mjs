// Streamable HTTP as the bytes show it: raw requests against the real binary for every status
// the transport answers (MCP spec 2025-11-25 and the official SDK's rules), sessions, the SSE
// streams with their priming event and Last-Event-ID replay, and the stateless mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { connectHttp, newClient, post, startHttpServer, textOf } from './harness.mjs';

const MAX_BODY = 8192;
const RETRY_MS = 750;
const IDLE = '1s';
const ACCEPT_BOTH = 'application/json, text/event-stream';

/**
 * One raw HTTP/1.1 request (node:http, so Host and any header can be set). Resolves when the
 * response head arrives: {status, headers, res, text(), events()}.
 */
function request(url, { method = 'POST', headers = {}, body, signal } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, signal, agent: false },
      (res) => {
        let consumed;
        resolve({
          status: res.statusCode,
          headers: res.headers,
          res,
          /** The whole body as text. */
          text() {
            consumed ??= new Promise((ok, fail) => {
              let data = '';
              res.setEncoding('utf8');
              res.on('data', (d) => (data += d));
              res.on('end', () => ok(data));
              res.on('error', fail);
            });
            return consumed;
          },
          async json() {
            return JSON.parse(await this.text());
          },
          /** An SSE reader over the body: next() → the next event {id?, event?, retry?, data} or null at the end. */
          events: () => sseReader(res),
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

function sseReader(res) {
  res.setEncoding('utf8');
  let buffer = '';
  let ended = false;
  const queue = [];
  const waiters = [];
  const settle = () => {
    while (waiters.length && (queue.length || ended)) waiters.shift()(queue.length ? queue.shift() : null);
  };
  res.on('data', (d) => {
    buffer += d;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { data: undefined };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // comment (keep-alive)
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
        else if (field === 'id' || field === 'event' || field === 'retry') event[field] = value;
      }
      if (Object.keys(event).length > 1 || event.data !== undefined) queue.push(event);
    }
    settle();
  });
  const finish = () => {
    ended = true;
    settle();
  };
  res.on('end', finish);
  res.on('close', finish);
  return {
    next: () => new Promise((resolve) => {
      waiters.push(resolve);
      settle();
    }),
    /** Every remaining event until the stream ends. */
    async rest() {
      const all = [];
      for (let e; (e = await this.next()); ) all.push(e);
      return all;
    },
  };
}

const rpc = (id, method, params) => ({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
const initialize = (id = 1, protocolVersion = '2025-11-25') =>
  rpc(id, 'initialize', { protocolVersion, capabilities: {}, clientInfo: { name: 'raw-http', version: '1' } });
const jsonHeaders = (extra = {}) => ({ 'content-type': 'application/json', accept: ACCEPT_BOTH, ...extra });

describe('Streamable HTTP statuses', () => {
  let server;
  let mcp;
  /** A fresh initialized session: its id. */
  async function session(protocolVersion = '2025-11-25') {
    const r = await request(mcp, { headers: jsonHeaders(), body: initialize(1, protocolVersion) });
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.result.protocolVersion, protocolVersion);
    const id = r.headers['mcp-session-id'];
    assert.match(id, /^[\x21-\x7e]+$/, 'a session id of visible ASCII');
    const done = await request(mcp, {
      headers: jsonHeaders({ 'mcp-session-id': id, 'mcp-protocol-version': protocolVersion }),
      body: { jsonrpc: '2.0', method: 'notifications/initialized' },
    });
    assert.equal(done.status, 202);
    return id;
  }
  /** GET /mcp with Last-Event-ID: the replay of a stream of the session. */
  const resume = (sessionId, lastEventId) =>
    request(mcp, {
      method: 'GET',
      headers: { accept: 'text/event-stream', 'mcp-session-id': sessionId, 'last-event-id': lastEventId },
    });
  const call = (sessionId, body, extra = {}) =>
    request(mcp, { headers: jsonHeaders({ 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25', ...extra }), body });

  before(async () => {
    server = await startHttpServer({
      args: [`--http.max-body-bytes=${MAX_BODY}`, `--http.retry-ms=${RETRY_MS}`, `--http.idle-timeout=${IDLE}`],
    });
    mcp = server.mcpUrl.href;
  });
  after(() => server?.stop());

  test('406 when Accept lacks JSON or SSE (POST) or SSE (GET)', async () => {
    for (const accept of ['application/json', 'text/event-stream', '*/*', 'application/json-seq, text/event-stream']) {
      const r = await request(mcp, { headers: { 'content-type': 'application/json', accept }, body: initialize() });
      assert.equal(r.status, 406, accept);
      assert.equal((await r.json()).error.code, -32000);
    }
    const id = await session();
    const get = await request(mcp, { method: 'GET', headers: { accept: 'application/json', 'mcp-session-id': id } });
    assert.equal(get.status, 406);
    await get.text();
    const anyCase = await call(id, rpc(2, 'ping'), { accept: 'Text/Event-Stream;q=0.5, Application/JSON' });
    assert.equal(anyCase.status, 200);
    await anyCase.text();
  });

  test('415 when Content-Type is not application/json; parameters are allowed', async () => {
    const id = await session();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json-patch+json']) {
      const r = await call(id, rpc(2, 'ping'), { 'content-type': type });
      assert.equal(r.status, 415, type);
      await r.text();
    }
    // Media types are case-insensitive (RFC 9110).
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      const ok = await call(id, rpc(3, 'ping'), { 'content-type': type });
      assert.equal(ok.status, 200, type);
      assert.deepEqual((await ok.json()).result, {});
    }
  });

  test(`413 for a body over --http.max-body-bytes=${MAX_BODY}, declared or chunked`, async () => {
    const id = await session();
    const big = JSON.stringify(rpc(2, 'ping', { _meta: { pad: 'x'.repeat(MAX_BODY) } }));
    const declared = await call(id, big);
    assert.equal(declared.status, 413);
    await declared.text();
    // Far more than the socket buffers hold: the client still gets the 413, not a reset while it writes.
    const huge = await post(server.mcpUrl, JSON.stringify(rpc(2, 'ping', { _meta: { pad: 'x'.repeat(8 << 20) } })), {
      'mcp-session-id': id,
    });
    assert.equal(huge.status, 413);
    // Without Content-Length: the body arrives in chunks and is cut off at the limit.
    const chunked = await new Promise((resolve, reject) => {
      const u = new URL(mcp);
      const req = http.request(
        { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: false,
          headers: jsonHeaders({ 'mcp-session-id': id, 'transfer-encoding': 'chunked' }) },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      req.write(big.slice(0, -3));
      for (let i = 0; i < 32; i++) req.write(chunk); // 2 MiB more: far past the limit and the socket buffers
      req.end('"}}}');
    });
    assert.equal(chunked, 413);
    // Just under the limit is fine.
    const fits = await call(id, rpc(3, 'ping', { _meta: { pad: 'x'.repeat(MAX_BODY - 200) } }));
    assert.equal(fits.status, 200);
    await fits.text();
  });

  test('400 with -32700 and id null for invalid JSON or a body that is no JSON-RPC message', async () => {
    const id = await session();
    for (const body of ['{"jsonrpc": "2.0", "id": 1, "method": ', 'not json', '{"hello": "world"}', '42']) {
      const r = await call(id, body);
      assert.equal(r.status, 400, body);
      const answer = await r.json();
      assert.equal(answer.error.code, -32700, body);
      assert.equal(answer.id, null);
    }
  });

  test('202 with an empty body for notifications or responses only', async () => {
    const id = await session();
    for (const body of [
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 77 } },
      { jsonrpc: '2.0', id: 'from-nowhere', result: {} },
    ]) {
      const r = await call(id, body);
      assert.equal(r.status, 202, JSON.stringify(body));
      assert.equal(await r.text(), '');
    }
  });

  test('sessions: issued on initialize, required, unknown → 404, re-initialize → 400 -32600', async () => {
    const id = await session();
    const ok = await call(id, rpc(2, 'tools/list'));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['mcp-session-id'], id, 'later responses carry the session id');
    assert.ok((await ok.json()).result.tools.length > 0);

    const missing = await request(mcp, { headers: jsonHeaders(), body: rpc(3, 'tools/list') });
    assert.equal(missing.status, 400);
    assert.equal((await missing.json()).error.code, -32000);

    const unknown = await call('no-such-session', rpc(4, 'tools/list'));
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, -32001);

    const again = await call(id, initialize(5));
    assert.equal(again.status, 400);
    assert.equal((await again.json()).error.code, -32600);

    const batched = await request(mcp, { headers: jsonHeaders(), body: [initialize(6), rpc(7, 'ping')] });
    assert.equal(batched.status, 400);
    assert.equal((await batched.json()).error.code, -32600);
    // The session is unharmed.
    const still = await call(id, rpc(8, 'ping'));
    assert.equal(still.status, 200);
    await still.text();
  });

  test('MCP-Protocol-Version: unsupported → 400, absent or any supported one → accepted', async () => {
    const id = await session();
    const bad = await call(id, rpc(2, 'ping'), { 'mcp-protocol-version': '1999-01-01' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /1999-01-01/);
    const absent = await request(mcp, { headers: jsonHeaders({ 'mcp-session-id': id }), body: rpc(3, 'ping') });
    assert.equal(absent.status, 200);
    await absent.text();
    for (const v of ['2025-03-26', '2025-06-18', '2025-11-25']) {
      const r = await call(id, rpc(4, 'ping'), { 'mcp-protocol-version': v });
      assert.equal(r.status, 200, v);
      await r.text();
    }
  });

  test('GET opens the session stream with a priming event; a second GET → 409; DELETE ends it all', async () => {
    const id = await session();
    const headers = { accept: 'text/event-stream', 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' };
    const abort = new AbortController();
    const first = await request(mcp, { method: 'GET', headers, signal: abort.signal });
    assert.equal(first.status, 200);
    assert.match(first.headers['content-type'], /^text\/event-stream/);
    assert.match(first.headers['cache-control'], /no-cache/);
    assert.equal(first.headers['mcp-session-id'], id);
    const stream = first.events();
    const priming = await stream.next();
    assert.ok(priming.id, 'the priming event has an id');
    assert.equal(priming.retry, String(RETRY_MS));
    assert.equal(priming.data, '');

    const second = await request(mcp, { method: 'GET', headers });
    assert.equal(second.status, 409);
    await second.text();

    const del = await request(mcp, { method: 'DELETE', headers: { 'mcp-session-id': id } });
    assert.equal(del.status, 200);
    await del.text();
    assert.equal(await stream.next(), null, 'the open stream ends with the session');

    const after = await call(id, rpc(9, 'ping'));
    assert.equal(after.status, 404);
    await after.text();
    const delAgain = await request(mcp, { method: 'DELETE', headers: { 'mcp-session-id': id } });
    assert.equal(delAgain.status, 404);
    await delAgain.text();
    const getAfter = await request(mcp, { method: 'GET', headers });
    assert.equal(getAfter.status, 404);
    await getAfter.text();
  });

  test('a GET stream the client dropped can be opened again', async () => {
    const id = await session();
    const headers = { accept: 'text/event-stream', 'mcp-session-id': id };
    const abort = new AbortController();
    const first = await request(mcp, { method: 'GET', headers, signal: abort.signal });
    assert.equal(first.status, 200);
    await first.events().next();
    abort.abort();
    first.res.on('error', () => {});
    // The server learns of the close asynchronously; a bounded number of tries.
    let status = 409;
    for (let i = 0; i < 100 && status === 409; i++) {
      const again = await request(mcp, { method: 'GET', headers });
      status = again.status;
      again.res.destroy();
      if (status === 409) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 200);
  });

  test(`a kept-alive connection is closed after --http.idle-timeout=${IDLE}, after JSON and after SSE answers`, async () => {
    const id = await session();
    for (const [body, ends] of [
      [rpc(2, 'ping'), /"result":\{\}\}$/],
      [rpc(3, 'tools/call', { name: 'test_tool_with_logging', arguments: {} }), /\r\n0\r\n\r\n$/],
    ]) {
      const socket = net.connect(Number(server.mcpUrl.port), '127.0.0.1');
      const text = JSON.stringify(body);
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (d) => (received += d));
      const closed = new Promise((resolve) => socket.on('close', resolve));
      socket.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.mcpUrl.port}\r\nContent-Type: application/json\r\n` +
          `Accept: ${ACCEPT_BOTH}\r\nMcp-Session-Id: ${id}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
      );
      // Bounded far above the idle timeout: a connection left open forever fails here.
      const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 15000))]);
      socket.destroy();
      assert.equal(outcome, 'closed', `the server closes the idle connection after ${body.method}`);
      assert.match(received, /^HTTP\/1\.1 200 /);
      assert.match(received, ends, 'the whole answer came before the close');
    }
  });

  test('other methods → 405 with Allow', async () => {
    for (const method of ['PUT', 'PATCH']) {
      const r = await request(mcp, { method, headers: jsonHeaders(), body: rpc(1, 'ping') });
      assert.equal(r.status, 405, method);
      assert.deepEqual(r.headers.allow.split(',').map((s) => s.trim()).sort(), ['DELETE', 'GET', 'POST']);
      await r.text();
    }
  });

  test('Host or Origin of another site → 403; the loopback names are allowed', async () => {
    const port = server.mcpUrl.port;
    const cases = [
      [{ host: 'evil.example.com' }, 403],
      [{ host: `evil.example.com:${port}` }, 403],
      [{ origin: 'http://evil.example.com' }, 403],
      [{ host: `localhost:${port}`, origin: `http://localhost:${port}` }, 200],
      [{ host: `127.0.0.1:${port}` }, 200],
      [{ host: `[::1]:${port}` }, 200],
    ];
    for (const [extra, status] of cases) {
      const r = await request(mcp, { headers: jsonHeaders(extra), body: initialize() });
      assert.equal(r.status, status, JSON.stringify(extra));
      await r.text();
    }
  });

  test('/healthz answers 200; /readyz 200 once the warm list is served (503 warming before); an unknown path 404', async () => {
    const health = await request(`${server.url}/healthz`, { method: 'GET' });
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, 'ok');
    let ready;
    for (let i = 0; i < 300; i++) {
      const r = await request(`${server.url}/readyz`, { method: 'GET' });
      ready = { status: r.status, body: await r.json() };
      if (r.status !== 503) break;
      assert.equal(ready.body.status, 'warming');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(ready, { status: 200, body: { status: 'ready' } });
    const none = await request(`${server.url}/nothing-here`, { method: 'GET' });
    assert.equal(none.status, 404);
    await none.text();
  });

  test('SSE on a POST: priming event, events with ids before the response; Last-Event-ID replays the rest', async () => {
    const id = await session();
    const r = await call(id, rpc(2, 'tools/call', { name: 'test_tool_with_logging', arguments: {} }));
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/event-stream/);
    const events = await r.events().rest();
    const [priming, ...messages] = events;
    assert.equal(priming.retry, String(RETRY_MS));
    assert.equal(priming.data, '');
    const bodies = messages.map((e) => JSON.parse(e.data));
    assert.deepEqual(bodies.map((b) => b.method ?? `response ${b.id}`), [
      'notifications/message',
      'notifications/message',
      'notifications/message',
      'response 2',
    ]);
    assert.match(bodies.at(-1).result.content[0].text, /success/);
    for (const e of messages) assert.equal(e.event, 'message');
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'every event has its own id');

    // Resume after the first log message: the two others and the response come again, then the end.
    const replay = await resume(id, messages[0].id);
    assert.equal(replay.status, 200);
    const replayed = await replay.events().rest();
    assert.deepEqual(replayed.map((e) => e.id), messages.slice(1).map((e) => e.id));
    assert.deepEqual(replayed.map((e) => e.data), messages.slice(1).map((e) => e.data));

    const unknown = await resume(id, 'no-such-event');
    assert.equal(unknown.status, 400);
    await unknown.text();
  });

  test('a stream the server closed mid-call is resumed with Last-Event-ID and brings the result', async () => {
    const id = await session();
    const r = await call(id, rpc(2, 'tools/call', { name: 'test_reconnection', arguments: {} }));
    assert.equal(r.status, 200);
    const before = await r.events().rest();
    assert.equal(before.length, 1, 'only the priming event before the server lets go');
    const resumed = await resume(id, before[0].id);
    assert.equal(resumed.status, 200);
    const events = await resumed.events().rest();
    const response = JSON.parse(events.at(-1).data);
    assert.equal(response.id, 2);
    assert.match(response.result.content[0].text, /completed/);
  });

  test('clients before 2025-11-25 get no priming event', async () => {
    const id = await session('2025-06-18');
    const r = await request(mcp, {
      headers: jsonHeaders({ 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' }),
      body: rpc(2, 'tools/call', { name: 'test_tool_with_logging', arguments: {} }),
    });
    assert.equal(r.status, 200);
    const events = await r.events().rest();
    assert.ok(events.every((e) => e.data), 'every event carries a message');
    assert.equal(events.length, 4);
  });
});

describe('stateless HTTP (--http.stateless=true)', () => {
  let server;
  before(async () => {
    server = await startHttpServer({ args: ['--http.stateless=true'] });
  });
  after(() => server?.stop());

  test('every POST stands alone: no session id, no GET or DELETE', async () => {
    const mcp = server.mcpUrl.href;
    const init = await request(mcp, { headers: jsonHeaders(), body: initialize() });
    assert.equal(init.status, 200);
    assert.equal(init.headers['mcp-session-id'], undefined);
    assert.equal((await init.json()).result.serverInfo.name, 'varlet-mcp');
    const list = await request(mcp, { headers: jsonHeaders({ 'mcp-protocol-version': '2025-11-25' }), body: rpc(2, 'tools/list') });
    assert.equal(list.status, 200);
    assert.ok((await list.json()).result.tools.some((t) => t.name === 'get_component_api'));
    const bad = await request(mcp, { headers: jsonHeaders({ 'mcp-protocol-version': '1999-01-01' }), body: rpc(3, 'ping') });
    assert.equal(bad.status, 400);
    await bad.text();
    for (const method of ['GET', 'DELETE']) {
      const r = await request(mcp, { method, headers: { accept: 'text/event-stream' } });
      assert.equal(r.status, 405, method);
      await r.text();
    }
  });

  test('the SDK client works against it', async () => {
    const { client, transport, close } = await connectHttp(server.mcpUrl, { client: newClient('stateless') });
    assert.equal(transport.sessionId, undefined);
    const result = await client.callTool({ name: 'get_component_api', arguments: { name: 'button', sections: ['slots'] } });
    assert.match(textOf(result), /var-button/);
    assert.deepEqual(await client.ping(), {});
    await close();
  });

  test('calls that report progress stream it, and the server outlives their streams', async () => {
    // With a progressToken the answer is an SSE stream whose log belongs to the exchange alone; the
    // stream's close callback once used that log after the exchange had freed it (AddressSanitizer
    // stops the server on it in the sanitized run of this file).
    const { client, close } = await connectHttp(server.mcpUrl, { client: newClient('stateless-progress') });
    for (let i = 0; i < 20; i++) {
      const progress = [];
      const result = await client.callTool(
        { name: 'get_component_api', arguments: { name: i % 2 ? 'button' : 'card', sections: ['props'] } },
        undefined,
        { onprogress: (p) => progress.push(p) },
      );
      assert.notEqual(result.isError, true, textOf(result));
      assert.ok(progress.length >= 1, 'progress arrived before the answer');
    }
    await close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await request(`${server.url}/healthz`, { method: 'GET' })).status, 200, server.stderr());
  });
});
