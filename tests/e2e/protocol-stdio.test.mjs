// stdio framing as the bytes show it: the real binary started without an SDK, fed raw lines.
// stdout must carry nothing but one JSON-RPC message per line; an over-long line gets an error
// and the process carries on; end of input ends the process with status 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeUpstream, startRaw, upstreamFlags } from './harness.mjs';

const MAX_LINE = 2048;
// The in-flight request must be answered within the shutdown grace; a cold catalog from the fake
// upstream is hundreds of fetches, so give a loaded CI machine room.
const GRACE = '--shutdown.grace=30s';

const initialize = (id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

test('over-long line → an error response, the process lives; EOF → exit 0; stdout is JSON lines only', async () => {
  // Logs (at the most talkative level) go to stderr and never reach stdout.
  const s = startRaw([`--mcp.max-line-bytes=${MAX_LINE}`, '--log.level=debug']);
  s.send(initialize());
  const init = await s.next();
  assert.equal(init.id, 1);
  assert.equal(init.result.protocolVersion, '2025-11-25');
  s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });

  // A request just under the limit is served...
  const pad = 'x'.repeat(MAX_LINE - 200);
  s.send({ jsonrpc: '2.0', id: 2, method: 'ping', params: { _meta: { pad } } });
  assert.deepEqual((await s.next()).result, {});

  // ...one over it is refused with an error that names no id (the line was never parsed).
  s.send({ jsonrpc: '2.0', id: 3, method: 'ping', params: { _meta: { pad: pad + 'y'.repeat(400) } } });
  const refused = await s.next();
  assert.equal(refused.id, null);
  assert.equal(refused.error.code, -32600);
  assert.match(refused.error.message, new RegExp(String(MAX_LINE)));

  // An over-long line sent in pieces (no newline yet) is still one refusal, and the next line works.
  s.child.stdin.write('{"jsonrpc":"2.0","id":4,"method":"ping","params":{"_meta":{"pad":"');
  s.child.stdin.write('z'.repeat(MAX_LINE * 3));
  s.child.stdin.write('"}}}\n');
  assert.equal((await s.next()).error.code, -32600);
  s.send({ jsonrpc: '2.0', id: 5, method: 'tools/list' });
  const list = await s.next();
  assert.equal(list.id, 5);
  assert.ok(list.result.tools.length > 0);

  // Not JSON at all: a parse error, and the process still answers.
  s.send('{this is not json');
  const parse = await s.next();
  assert.equal(parse.error.code, -32700);
  assert.equal(parse.id, null);
  s.send({ jsonrpc: '2.0', id: 6, method: 'ping' });
  assert.equal((await s.next()).id, 6);

  // A tool answer with newlines in its text still comes as one line.
  s.send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'get_component_api', arguments: { name: 'button' } } });
  const call = await s.next();
  assert.equal(call.id, 7);
  assert.match(call.result.content[0].text, /\n/);

  const { code, signal } = await s.end();
  assert.equal(signal, null);
  assert.equal(code, 0, s.stderr());
  assert.equal(s.rest(), '', 'no partial line is left on stdout');
  assert.match(s.stderr(), /stopping: end of input/, 'the logs went to stderr');
  assert.deepEqual(s.unread(), [], 'nothing but the answers was written');
  assert.equal(s.all.length, 8, 'one line per answer');
});

test('over stdio the warm list is loaded after the first exchange, not before it', async () => {
  // A desktop client asks initialize and tools/list the moment it starts the server; warming
  // waits for cache.warm-delay-stdio so those answers do not share the cores with it.
  const s = startRaw(['--cache.warm=["card"]', '--cache.warm-delay-stdio=3s']);
  try {
    s.send(initialize());
    await s.next();
    s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    s.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    assert.ok((await s.next()).result.tools.length > 0);
    assert.doesNotMatch(s.stderr(), /warming Varlet/, 'warming began before the first answers');
    const deadline = Date.now() + 30000;
    while (!/warmed Varlet 3\.20\.6: 1 of 1 answers/.test(s.stderr()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(s.stderr(), /warmed Varlet 3\.20\.6: 1 of 1 answers/);
  } finally {
    await s.end();
  }
});

test('EOF while a request is answered: the answer is written, then exit 0', async () => {
  const s = startRaw();
  s.send(initialize());
  await s.next();
  s.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_component_api', arguments: { name: 'card' } } });
  const exited = s.end();
  const answer = await s.next();
  assert.equal(answer.id, 2);
  assert.equal(answer.result.structuredContent.component.tag, 'var-card');
  assert.equal((await exited).code, 0, s.stderr());
});

test('SIGTERM while a request waits on a slow upstream: the answer is written, then exit 0', async () => {
  const upstream = await startFakeUpstream();
  try {
    // A cold cache and no local snapshot ('""': the CLI refuses a bare `--upstream.package-dir=`).
    const s = startRaw([...upstreamFlags(upstream, { packageDir: '""' }), '--cache.warm=[]', GRACE]);
    upstream.setFaults([{ path: 'web-types.en-US.json', fault: 'slow', ms: 1500, count: 1 }]);
    s.send(initialize());
    await s.next();
    s.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_component_api', arguments: { name: 'chip' } } });
    while (upstream.count('web-types.en-US.json') === 0) await new Promise((r) => setTimeout(r, 20));
    s.child.kill('SIGTERM');
    const answer = await s.next();
    assert.equal(answer.id, 2);
    assert.equal(answer.result?.structuredContent?.component.tag, 'var-chip', JSON.stringify(answer).slice(0, 500) + s.stderr());
    const { code, signal } = await s.exited;
    assert.equal(signal, null);
    assert.equal(code, 0, s.stderr());
    assert.equal(upstream.stats().faults[0].hits, 1, 'the answer waited for the slow upstream');
  } finally {
    await upstream.stop();
  }
});
