// The adversarial matrix (issue 11): each row attacks the real binary the way a hostile client,
// network peer, upstream or disk would, and proves the limit that holds, the error the attacker
// gets, and that a legitimate SDK client from 127.0.0.1 is served in full meanwhile and afterwards
// with exactly the answers it had before, with nothing dropped from the cache. Limits are set small
// so the whole file runs in a few minutes; every loop is bounded in count and time. The matrix is
// printed as a markdown table at the end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FAULT_KINDS } from '../fake_upstream/faults.mjs';
import { BIN, DATA_DIR, connectHttp, startFakeUpstream, startHttpServer, tempDir, textOf, upstreamFlags } from './harness.mjs';
import { scanCache, waitFor, webTypes } from './cache_support.mjs';
import { startNginxProxy } from './nginx.mjs';
import {
  LegitClient, adminMetrics, agentFrom, assertNothingDropped, assertRetryAfter, cacheEntries, inPool, isSanitized, matrixTable,
  mcpHeaders, openSession, procStats, rawRequest, rawSocket, rpc, rpcBody, serverSideState, sleep, trickle,
} from './adversarial-support.mjs';

const HEADER_TIMEOUT_S = 2;
const WRITE_TIMEOUT_S = 2;
const MAX_WRITE_BYTES = 1 << 20;
const MAX_BODY = 3 << 20;
const MAX_SESSIONS = 200;
const PER_CLIENT = 20;
const MAX_SUBSCRIPTIONS = 50;
const TOKEN = crypto.randomBytes(16).toString('hex');
const VERSION = '3.20.6';
const UPSTREAM_ONLY_VERSION = '3.0.0'; // in the fake upstream, not in the main server's package folder
const SANITIZED = isSanitized(BIN);

/**
 * Flags of every server here: its tools only (no conformance fixtures), failures reported fast, and
 * the memory monitor and the shard supervisor out of the way. Neither is under test here: under
 * AddressSanitizer (whose quarantine keeps freed memory resident) the monitor would shrink the caches
 * the rows check are kept, and while a shard group is resized its members' entry counts are briefly
 * reported twice or not at all, which would make the rows' before and after counts meaningless.
 * scaling.test.mjs proves that a resize keeps every entry.
 */
const COMMON = ['--mcp.conformance-fixtures=false', '--upstream.total-timeout=2s', '--upstream.retries=0',
  '--upstream.breaker-failures=100000', '--log.level=warn', '--memory.warning-bytes=17179869184',
  '--memory.critical-bytes=34359738368', '--cache.shards=2', '--supervisor.shards-min=2', '--supervisor.shards-max=2'];

const LIMITS = [
  `--http.header-timeout=${HEADER_TIMEOUT_S}s`, `--http.write-timeout=${WRITE_TIMEOUT_S}s`,
  `--http.max-write-bytes=${MAX_WRITE_BYTES}`, `--http.max-body-bytes=${MAX_BODY}`, '--http.max-connections=1200',
  `--http.max-sessions=${MAX_SESSIONS}`, `--http.max-sessions-per-client=${PER_CLIENT}`,
  `--mcp.max-subscriptions=${MAX_SUBSCRIPTIONS}`, `--admin.token=${TOKEN}`,
];

let upstream, packageDir, main, legit, components;
const matrix = [];
const flooder = {}; // what row 7a leaves for 7b: the busy sessions of 127.0.0.2 and their streams
const mounts = [];
const ms = (t0) => Date.now() - t0;
const seconds = (millis) => `${(millis / 1000).toFixed(1)} s`;

/** A package folder holding only the main version, so other versions come from the fake upstream. */
function mainVersionOnly() {
  const dir = tempDir('varlet-mcp-packages-');
  fs.mkdirSync(path.join(dir, '@varlet'));
  for (const name of [`ui@${VERSION}`, `icons@${VERSION}`])
    fs.symlinkSync(path.join(DATA_DIR, 'npm', '@varlet', name), path.join(dir, '@varlet', name));
  return dir;
}

/**
 * The server most rows attack, with the legitimate client on it. A row that killed it fails; the
 * next row gets a new one (and the same expected answers), so one crash does not hide the others.
 */
async function liveMain() {
  if (main && procStats(main.process.pid)) return main;
  await legit?.close();
  main = await startHttpServer({ args: [...upstreamFlags(upstream, { packageDir }), ...COMMON, ...LIMITS] });
  main.adminHeaders = { authorization: `Bearer ${TOKEN}` };
  legit = await LegitClient.connect(main, legit?.expected);
  return main;
}

/** A server of its own for a row, with the legitimate client on it; both end with the row. */
async function ownServer(ctx, { args = [], cacheDir, upstreamFiles = true } = {}) {
  const flags = upstreamFiles ? upstreamFlags(upstream, { packageDir }) : [];
  const server = await startHttpServer({ ...(cacheDir ? { cacheDir } : {}), args: [...flags, ...COMMON, ...args] });
  ctx.defer(() => server.stop());
  const client = await LegitClient.connect(server, legit.expected);
  ctx.defer(() => client.close());
  return { server, client };
}

/** A self-signed certificate for 127.0.0.1 (openssl, which ca-certificates brings): {key, cert, file}. */
function selfSignedCertificate() {
  const dir = tempDir('varlet-mcp-tls-');
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key,
    '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8'), file: cert };
}

/** A server of its own whose cache folder is a fresh tmpfs of `size` (unmounted after the file). */
async function serverOnTmpfs(ctx, size) {
  const dir = tempDir('varlet-mcp-tmpfs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  const { server, client } = await ownServer(ctx, { cacheDir: dir, upstreamFiles: false });
  await ctx.watch(server, client);
  return { server, dir };
}

/**
 * One row of the matrix as its own test. `body(ctx)` runs the attack and resolves to what the
 * attacker got; it calls ctx.watch(server, legitClient) first, and ctx.during(promise) to keep the
 * legitimate client calling while the attack runs. Afterwards the client's answers are checked again,
 * the cache entries compared, and RSS and descriptors recorded; then ctx.defer'd clean-ups run.
 */
function row(id, attack, limit, body, { timeout = 90_000 } = {}) {
  test(`${id}. ${attack}`, { timeout }, async () => {
    const record = { id, attack, limit, got: 'not reached', legit: 'not reached' };
    matrix.push(record);
    const cleanups = [];
    let duringCalls = 0;
    const ctx = {
      record,
      defer: (fn) => cleanups.push(fn),
      async watch(server, client, { entries = true } = {}) {
        Object.assign(ctx, { server, client });
        record.before = procStats(server.process.pid);
        ctx.entries = entries ? await cacheEntries(server) : null;
      },
      async during(attackPromise) {
        const { value, calls } = await ctx.client.during(attackPromise);
        duringCalls += calls;
        return value;
      },
    };
    try {
      record.got = await body(ctx);
      if (ctx.client) {
        await ctx.client.check();
        record.legit = `${duringCalls ? `${duringCalls} calls during, ` : ''}served after; answers unchanged`;
      }
      if (ctx.entries) await assertNothingDropped(ctx.server, ctx.entries);
    } catch (error) {
      record.got = `FAILED: ${String(error.message).split('\n')[0].slice(0, 200)}`;
      throw error;
    } finally {
      if (ctx.server) {
        record.after = procStats(ctx.server.process.pid);
        record.died = !record.after;
      }
      for (const fn of cleanups.reverse()) await Promise.resolve().then(fn).catch(() => {});
    }
  });
}

/** Polls until the server holds at most `fds` descriptors (closing sockets takes a moment). */
async function fdsBackTo(server, fds, slack = 16) {
  return waitFor(() => procStats(server.process.pid).fds <= fds + slack && procStats(server.process.pid).fds, `descriptors back near ${fds}`, 10_000, 100);
}

const httpHead = (port, lines) => `${lines.join('\r\n')}\r\nHost: 127.0.0.1:${port}\r\n`;

describe('the adversarial matrix', () => {
  before(async () => {
    upstream = await startFakeUpstream();
    packageDir = mainVersionOnly();
    await liveMain();
    const listed = await legit.connection.client.callTool({ name: 'list_components', arguments: {} });
    components = listed.structuredContent.components.map((c) => c.tag.replace(/^var-/, ''));
    assert.ok(components.length > MAX_SUBSCRIPTIONS, 'fewer components than the subscription limit');
  });

  after(async () => {
    flooder.streams?.forEach((c) => c.socket.destroy());
    const order = (id) => [parseInt(id, 10), String(id).replace(/^\d+/, '')];
    matrix.sort((a, b) => order(a.id)[0] - order(b.id)[0] || order(a.id)[1].localeCompare(order(b.id)[1]));
    console.log(`\n${matrixTable(matrix)}\n`);
    await legit?.close();
    await main?.stop();
    await upstream?.stop();
    for (const dir of mounts) {
      try {
        execFileSync('umount', ['-l', dir]);
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {}
    }
    if (packageDir) fs.rmSync(packageDir, { recursive: true, force: true });
  });

  // ---- 1 ----------------------------------------------------------------------------------------
  row(1, 'oversized strings in every tool argument; oversized tool name, prompt argument, completion value, resource URI',
    'tools/list maxLength / maxItems ([mcp] max-argument-length, max-argument-items); names 128, prompt values 1024, URIs 2048',
    async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      const attacker = await connectHttp(main.mcpUrl);
      ctx.defer(() => attacker.close());
      return ctx.during(oversizedEverywhere(attacker.client));
    });

  // ---- 2 ----------------------------------------------------------------------------------------
  row(2, 'deep JSON (100k nested arrays; depth-40 objects in arguments) and wide JSON (200k keys; a body over the cap)',
    `JSON depth ≤ 32; [http] max-body-bytes=${MAX_BODY}`, async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      return ctx.during(deepAndWide());
    });

  // ---- 3 ----------------------------------------------------------------------------------------
  row(3, 'invalid UTF-8 inside JSON strings (raw bytes)', 'UTF-8 validation of every body', async (ctx) => {
    await ctx.watch(await liveMain(), legit);
    const { sessionId } = await openSession(main.mcpUrl);
    const bad = { 'lone 0xff': [0xff], 'bad continuation': [0xc3, 0x28], 'overlong /': [0xc0, 0xaf],
      'UTF-16 surrogate': [0xed, 0xa0, 0x80], 'truncated sequence': [0xe2, 0x82], 'beyond U+10FFFF': [0xf4, 0x90, 0x80, 0x80] };
    const bodies = Object.entries(bad).flatMap(([what, bytes]) => [
      [`${what} in an argument`, ['{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_component_api","arguments":{"name":"but', '"}}}']],
      [`${what} in the method`, ['{"jsonrpc":"2.0","id":1,"method":"tools/', '","params":{}}']],
    ].map(([label, [head, tail]]) => [label, Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)])]));
    const answers = await ctx.during(inPool(bodies, 4, ([, body]) => rawRequest(main.mcpUrl, { headers: mcpHeaders(sessionId), body })));
    answers.forEach((a, i) => {
      assert.equal(a.status, 400, `${bodies[i][0]}: HTTP ${a.status} ${a.text.slice(0, 200)}`);
      assert.equal(a.json?.error?.code, -32700, `${bodies[i][0]}: ${a.text.slice(0, 200)}`);
    });
    return `${answers.length} bodies → 400 / -32700`;
  });

  // ---- 4 ----------------------------------------------------------------------------------------
  row('4a', '1,000 concurrent idle connections', `[http] max-connections=1200 above them, header-timeout=${HEADER_TIMEOUT_S}s`,
    async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      const port = Number(main.mcpUrl.port);
      const conns = [];
      ctx.defer(() => conns.forEach((c) => c.socket.destroy()));
      for (let i = 0; i < 10; i++) {
        const batch = Array.from({ length: 100 }, () => rawSocket(port));
        conns.push(...batch);
        await Promise.all(batch.map((c) => c.connected));
      }
      const limit = HEADER_TIMEOUT_S * 1000 + 8000;
      await ctx.during(Promise.race([Promise.all(conns.map((c) => c.closed)), sleep(limit)]));
      const open = conns.filter((c) => c.closedAt === null);
      assert.equal(open.length, 0, `${open.length} of 1000 idle connections still open ${limit} ms after they connected`);
      const statuses = conns.map((c) => c.status());
      assert.deepEqual([...new Set(statuses)].filter((s) => s !== 0 && s !== 408), [], 'an idle connection got something else than 408 or nothing');
      const slowest = Math.max(...conns.map((c) => c.closedAt - c.opened));
      await fdsBackTo(main, ctx.record.before.fds);
      return `all 1000 accepted, closed within ${seconds(slowest)} (${statuses.filter((s) => s === 408).length} with 408)`;
    });

  row('4b', 'connections beyond max-connections (60 idle against a cap of 50)', '[http] max-connections=50', async (ctx) => {
    const { server, client } = await ownServer(ctx, { args: ['--http.max-connections=50', `--http.header-timeout=${HEADER_TIMEOUT_S}s`] });
    await ctx.watch(server, client);
    const port = Number(server.mcpUrl.port);
    const conns = [];
    ctx.defer(() => conns.forEach((c) => c.socket.destroy()));
    for (let i = 0; i < 60; i++) {
      const c = rawSocket(port);
      conns.push(c);
      await c.connected.catch(() => {});
    }
    // The legitimate client keeps its connections while the table is full.
    await ctx.during(sleep(500));
    const rejected = conns.filter((c) => c.status() === 503);
    assert.ok(rejected.length >= 10, `only ${rejected.length} of 60 connections were refused with 503 at a cap of 50`);
    const held = conns.filter((c) => c.closedAt === null).length;
    assert.ok(held <= 50, `${held} connections held open at a cap of 50`);
    for (const c of rejected) {
      const head = c.received().split('\r\n\r\n')[0];
      assert.match(head, /\r\nretry-after: *[1-9]\d*\r?$/im, `a refused connection got no Retry-After:\n${head}`);
      assert.match(head, /\r\nconnection: *close/i, `a refused connection was not told it closes:\n${head}`);
    }
    await waitFor(() => rejected.every((c) => c.closedAt !== null), 'the refused connections to be closed', 5000, 50);
    await waitFor(() => conns.every((c) => c.closedAt !== null), 'the idle ones to reach header-timeout', HEADER_TIMEOUT_S * 1000 + 8000, 100);
    return `${rejected.length} of 60 got 503 + Retry-After and were closed; the rest closed at header-timeout`;
  });

  // ---- 5 ----------------------------------------------------------------------------------------
  row(5, 'slowloris: headers trickled 1 byte / 300 ms; a body trickled after complete headers', `[http] header-timeout=${HEADER_TIMEOUT_S}s`,
    async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      const port = Number(main.mcpUrl.port);
      const head = Buffer.from(httpHead(port, ['POST /mcp HTTP/1.1', `X-Padding: ${'p'.repeat(120)}`]) + '\r\n');
      const body = Buffer.from('x'.repeat(1000));
      const headers = `${httpHead(port, ['POST /mcp HTTP/1.1', 'Content-Type: application/json', 'Accept: application/json, text/event-stream',
        `Content-Length: ${body.length}`])}\r\n`;
      const heads = Array.from({ length: 50 }, () => rawSocket(port));
      const bodies = Array.from({ length: 50 }, () => rawSocket(port));
      const all = [...heads, ...bodies];
      ctx.defer(() => all.forEach((c) => c.socket.destroy()));
      await Promise.all(all.map((c) => c.connected));
      for (const c of bodies) c.socket.write(headers);
      const sent = Promise.all([...heads.map((c) => trickle(c, head, 300)), ...bodies.map((c) => trickle(c, body, 300))]);
      const limit = HEADER_TIMEOUT_S * 1000 + 6000;
      await ctx.during(Promise.race([Promise.all(all.map((c) => c.closed)), sleep(limit)]));
      const open = all.filter((c) => c.closedAt === null).length;
      assert.equal(open, 0, `${open} of ${all.length} trickling connections still open after ${limit} ms`);
      const bytes = await sent;
      assert.ok(bytes.slice(0, heads.length).every((n) => n < head.length) && bytes.slice(heads.length).every((n) => n < body.length), 'a trickle finished');
      const statuses = all.map((c) => c.status());
      assert.deepEqual([...new Set(statuses)].filter((s) => s !== 0 && s !== 408), [], 'a trickler got something else than 408 or nothing');
      const slowest = Math.max(...all.map((c) => c.closedAt - c.opened));
      await fdsBackTo(main, ctx.record.before.fds);
      return `${all.length} trickles (${heads.length} headers, ${bodies.length} bodies) closed within ${seconds(slowest)} (${statuses.filter((s) => s === 408).length} with 408)`;
    });

  // ---- 6 ----------------------------------------------------------------------------------------
  row('6a', 'a client that never reads: 9,000 pipelined POSTs with large answers',
    `[http] write-timeout=${WRITE_TIMEOUT_S}s, max-write-bytes=${MAX_WRITE_BYTES}`, async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      return ctx.during(pipelinedUnread(ctx));
    });

  row('6b', 'a paused SSE reader: 3,000 pipelined GET replays (Last-Event-ID) of a large streamed answer',
    `[http] write-timeout=${WRITE_TIMEOUT_S}s, max-write-bytes=${MAX_WRITE_BYTES}`, async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      return ctx.during(replaysUnread(ctx));
    });

  // ---- 7 ----------------------------------------------------------------------------------------
  row('7a', 'session flood from one address: 1,000 initialize, then every session busy',
    `[http] max-sessions-per-client=${PER_CLIENT}`, async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      return ctx.during(floodOneClient(ctx));
    });

  row('7b', 'session flood from 38 addresses (127.0.0.3-40) past the table',
    `[http] max-sessions=${MAX_SESSIONS}`, async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      return ctx.during(floodTable(ctx));
    });

  // ---- 8 ----------------------------------------------------------------------------------------
  row(8, 'subscription flood: 10,000 made-up URIs, then every real component', `[mcp] max-subscriptions=${MAX_SUBSCRIPTIONS}`,
    async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      return ctx.during(subscriptionFlood(ctx));
    });

  // ---- 9 ----------------------------------------------------------------------------------------
  row(9, 'notification flood while 8 requests wait on a slow upstream', '[mcp] max-in-flight=8', async (ctx) => {
    const { server, client } = await ownServer(ctx, { args: ['--mcp.max-in-flight=8'] });
    await ctx.watch(server, client);
    upstream.resetStats();
    // Slower than a flood takes, within [upstream] total-timeout (2 s here).
    upstream.setFaults([{ path: `@${UPSTREAM_ONLY_VERSION}/highlight/web-types`, fault: 'slow', ms: 1500 }]);
    ctx.defer(() => upstream.clearFaults());
    const { sessionId } = await openSession(server.mcpUrl);
    const olderComponents = [...webTypes('en-US', UPSTREAM_ONLY_VERSION).keys()].map((tag) => tag.replace(/^var-/, ''));
    const held = olderComponents.slice(0, 8).map((name, i) => rpc(server.mcpUrl, sessionId, 100 + i, 'tools/call',
      { name: 'get_component_api', arguments: { name, version: UPSTREAM_ONLY_VERSION } }));
    await waitFor(() => upstream.count(`@${UPSTREAM_ONLY_VERSION}/highlight/web-types`) > 0, 'the slow upstream fetch', 10_000, 20);
    await sleep(100);
    const agent = agentFrom('127.0.0.1', 32);
    ctx.defer(() => agent.destroy());
    let settled = false;
    Promise.allSettled(held).then(() => (settled = true));
    const statuses = {};
    let sent = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (!settled && sent < 3000) {
        const n = sent++;
        const body = JSON.stringify(n % 2 ? { jsonrpc: '2.0', method: 'notifications/roots/list_changed' }
          : { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: `none-${n}` } });
        const a = await rawRequest(server.mcpUrl, { headers: mcpHeaders(sessionId), body, agent });
        statuses[a.status] = (statuses[a.status] ?? 0) + 1;
        if (a.status === 503) {
          assertRetryAfter(a.headers, 'a refused notification');
          assert.ok(a.json?.error, `a 503 without a JSON-RPC error body: ${a.text.slice(0, 200)}`);
        }
      }
    }));
    assert.ok(statuses[503] > 0, `no notification was refused while 8 requests were in flight: ${JSON.stringify(statuses)}`);
    assert.deepEqual(Object.keys(statuses).filter((s) => s !== '202' && s !== '503'), [], `unexpected statuses ${JSON.stringify(statuses)}`);
    for (const answer of await Promise.all(held)) {
      assert.equal(answer.status, 200);
      assert.ok(answer.json?.result && !answer.json.result.isError, `a held request failed: ${answer.text.slice(0, 300)}`);
    }
    return `${statuses[503]} of ${sent} notifications → 503 + Retry-After, ${statuses[202] ?? 0} → 202; the 8 held requests answered`;
  });

  // ---- 10 ---------------------------------------------------------------------------------------
  row(10, '10,000 guessed session ids (neighbours of observed ones, random)', 'session ids: 128 bits from getrandom',
    async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      return ctx.during(guessIds());
    });

  // ---- 11 ---------------------------------------------------------------------------------------
  row(11, 'admin requests through a reverse proxy (nginx on loopback), and to the admin listener without the token',
    '[admin] bind, port (own listener), token', async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      return ctx.during(adminThroughProxy(ctx));
    });

  // ---- 12 ---------------------------------------------------------------------------------------
  // The fake upstream's defaults: a 64 MiB body without Content-Length, a gzip body inflating to
  // 256 MiB, one byte a second, a redirect to file:///etc/passwd, a redirect to itself.
  const HOSTILE = [
    { kind: 'invalid-json', what: 'malformed JSON in web-types', limit: 'files are parsed before they are used', cause: /json|pars|invalid/i },
    { kind: 'huge', what: 'a 64 MiB body', limit: '[upstream] max-response-bytes', cause: /large|size|limit|bytes|exceed/i },
    { kind: 'gzip-bomb', what: 'a gzip bomb (256 MiB inflated)', limit: '[upstream] max-response-bytes, counted after decoding',
      cause: /large|size|limit|bytes|exceed|decompress/i },
    { kind: 'drip', what: 'a slow drip (1 byte/s)', limit: '[upstream] total-timeout=2s', cause: /time|slow/i },
    { kind: 'redirect', what: 'a redirect to another scheme (file:)', limit: 'redirects to http(s) only', cause: /redirect|scheme|protocol/i },
    { kind: 'redirect-loop', what: 'endless redirects', limit: 'a bounded number of redirects', cause: /redirect/i },
  ];
  HOSTILE.forEach((h, i) => {
    const available = FAULT_KINDS.includes(h.kind);
    if (!available) {
      const reason = `tests/fake_upstream has no "${h.kind}" fault yet`;
      matrix.push({ id: `12${'abcdef'[i]}`, attack: `hostile upstream: ${h.what}`, limit: '-', got: `not run: ${reason}`, legit: '-' });
      test(`12${'abcdef'[i]}. hostile upstream: ${h.what}`, { skip: reason }, () => {});
      return;
    }
    row(`12${'abcdef'[i]}`, `hostile upstream: ${h.what}`, h.limit, async (ctx) => {
      await ctx.watch(await liveMain(), legit);
      const version = `3.0.${100 + i}`; // a version nothing has cached, served from 3.0.0's files
      upstream.setVersions({ versions: [UPSTREAM_ONLY_VERSION, VERSION, version], aliases: { [version]: UPSTREAM_ONLY_VERSION } });
      // One file misbehaves (the one every component needs), so the error can only be about it.
      await upstream.setFaults([{ path: `@${version}/highlight/web-types.en-US.json`, fault: h.kind }]);
      ctx.defer(() => upstream.reset());
      const attacker = await connectHttp(main.mcpUrl);
      ctx.defer(() => attacker.close());
      const t0 = Date.now();
      const result = await ctx.during(attacker.client.callTool({ name: 'get_component_api', arguments: { name: 'button', version } }));
      assert.equal(result.isError, true, `the call succeeded on ${h.what}`);
      assert.match(textOf(result), h.cause, `the error does not say what went wrong: ${textOf(result).slice(0, 300)}`);
      assert.ok(upstream.stats().faultsApplied > 0, 'the fault never applied');
      return `isError after ${seconds(ms(t0))}: …${textOf(result).slice(-140)}`;
    });
  });

  row('12g', 'hostile upstream over HTTPS: a redirect to plain http (a downgrade)', 'https → http redirects refused', async (ctx) => {
    const tls = selfSignedCertificate();
    const secure = await startFakeUpstream({ tls });
    ctx.defer(() => secure.stop());
    const { server, client } = await ownServer(ctx, { upstreamFiles: false, args: [...upstreamFlags(secure, { packageDir }), `--upstream.ca-file=${tls.file}`] });
    await ctx.watch(server, client);
    const ok = await client.connection.client.callTool({ name: 'get_component_api', arguments: { name: 'button', version: UPSTREAM_ONLY_VERSION } });
    assert.ok(!ok.isError, `the HTTPS upstream does not work at all: ${textOf(ok).slice(0, 300)}`);

    const version = '3.0.200';
    secure.setVersions({ versions: [UPSTREAM_ONLY_VERSION, VERSION, version], aliases: { [version]: UPSTREAM_ONLY_VERSION } });
    // The plain http upstream would serve the real file: following the redirect would succeed.
    const target = `/npm/@varlet/ui@${UPSTREAM_ONLY_VERSION}/highlight/web-types.en-US.json`;
    secure.setFaults([{ path: `@${version}/highlight/web-types.en-US.json`, fault: 'redirect', location: `${upstream.url}${target}` }]);
    const asked = upstream.count(target);
    const result = await ctx.during(client.connection.client.callTool({ name: 'get_component_api', arguments: { name: 'button', version } }));
    assert.equal(result.isError, true, 'the call followed an https → http redirect');
    assert.match(textOf(result), /redirect|https|insecure|downgrade|scheme|protocol/i, `the error does not say what went wrong: ${textOf(result).slice(0, 300)}`);
    assert.equal(upstream.count(target), asked, 'the plain http upstream was asked');
    return `isError: …${textOf(result).slice(-140)}; the http target was never asked`;
  });

  // ---- 13, 14 -----------------------------------------------------------------------------------
  row(13, 'a full cache disk (tmpfs of 256 KiB)', 'L2 write errors are logged, never fatal', async (ctx) => {
    const { server, dir } = await serverOnTmpfs(ctx, '256k');
    const answered = await ctx.during(coldCalls(server, components.slice(0, 40)));
    const { bavail, bsize } = fs.statfsSync(dir);
    assert.ok(bavail * bsize < 64 * 1024, `the disk still has ${bavail * bsize} bytes free: the row did not fill it`);
    return `${answered} cold calls answered with the disk full (${(bavail * bsize) >> 10} KiB free)`;
  });

  row(14, 'a cache disk turned read-only while serving', 'L2 write errors are logged, never fatal', async (ctx) => {
    const { server, dir } = await serverOnTmpfs(ctx, '8m');
    await coldCalls(server, components.slice(0, 5));
    const written = scanCache(dir).entries.length;
    assert.ok(written > 0, 'nothing was written before the disk turned read-only');
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const answered = await ctx.during(coldCalls(server, components.slice(5, 45)));
    return `${answered} cold calls answered on a read-only disk (${written} entries written before)`;
  });

  // ---- 15 ---------------------------------------------------------------------------------------
  row(15, 'kill -9 during heavy cache writes, then a restart on the same cache folder', 'L2 checksums and atomic renames',
    async (ctx) => killDuringWrites(ctx), { timeout: 150_000 });

  // ==== the attacks ==============================================================================

  /** A valid value for every required property of a schema, so only the oversized one is wrong. */
  function requiredArguments(schema) {
    const value = (s) => s.enum?.[0] ?? { string: 'button', integer: s.minimum ?? 1, number: s.minimum ?? 1, boolean: false, array: [], object: {} }[s.type];
    return Object.fromEntries((schema.required ?? []).map((name) => [name, value(schema.properties[name])]));
  }

  /** Oversized values for one property, and what its schema lacks to bound it. */
  function oversized(schema) {
    const huge = '1'.repeat(100_000);
    if (schema.type === 'string') {
      if (schema.enum) return { values: [huge] };
      if (!Number.isInteger(schema.maxLength)) return { values: [huge], missing: 'maxLength' };
      // A bound above 100 000 (check_template's code) is tested at the bound alone.
      return { values: ['a'.repeat(schema.maxLength + 1), ...(schema.maxLength < huge.length ? [huge] : [])] };
    }
    if (schema.type !== 'array') return { values: [] };
    const item = schema.items ?? {};
    const values = [];
    const missing = [];
    if (Number.isInteger(schema.maxItems)) values.push(Array(schema.maxItems + 1).fill(item.enum?.[0] ?? 'a'));
    else missing.push('maxItems');
    if (item.type === 'string') {
      values.push([huge]);
      if (!item.enum && !Number.isInteger(item.maxLength)) missing.push('items.maxLength');
    }
    return { values, missing: missing.join(', ') };
  }

  async function oversizedEverywhere(client) {
    let count = 0;
    const unbounded = [];
    for (const tool of (await client.listTools()).tools) {
      for (const [arg, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        const { values, missing } = oversized(schema);
        if (missing) unbounded.push(`${tool.name}.${arg} has no ${missing}`);
        for (const value of values) {
          const result = await client.callTool({ name: tool.name, arguments: { ...requiredArguments(tool.inputSchema), [arg]: value } });
          const text = textOf(result);
          assert.equal(result.isError, true, `${tool.name} accepted ${arg} of ${JSON.stringify(value).length} bytes`);
          assert.match(text, new RegExp(`[\`'"/.]${arg}\\b`), `${tool.name}: the error does not name \`${arg}\`: ${text.slice(0, 200)}`);
          assert.ok(text.length < 4096, `${tool.name}: a ${text.length}-byte error for an oversized ${arg}`);
          count++;
        }
      }
    }
    assert.deepEqual(unbounded, [], 'tool arguments without a bound in tools/list');

    const refused = (code, ...names) => (e) => {
      assert.equal(e.code, code, e.message.slice(0, 200));
      assert.ok(e.message.length < 1024, `a ${e.message.length}-byte error message`);
      assert.ok(names.some((n) => e.message.includes(n)), `the error names none of ${names.join(', ')}: ${e.message.slice(0, 200)}`);
      return true;
    };
    for (const name of ['t'.repeat(129), 't'.repeat(100_000)]) {
      await assert.rejects(client.callTool({ name, arguments: {} }), (e) => {
        refused(-32602, 'Unknown tool')(e);
        assert.doesNotMatch(e.message, /did you mean/i, 'an oversized tool name got suggestions');
        return true;
      });
      count++;
    }
    for (const prompt of (await client.listPrompts()).prompts) {
      // Valid values for the required arguments, from the server's own completion.
      const required = {};
      for (const a of (prompt.arguments ?? []).filter((x) => x.required)) {
        const offered = await client.complete({ ref: { type: 'ref/prompt', name: prompt.name }, argument: { name: a.name, value: '' } });
        required[a.name] = offered.completion.values[0] ?? 'button';
      }
      for (const arg of prompt.arguments ?? []) {
        for (const value of ['x'.repeat(1025), 'x'.repeat(100_000)]) {
          const args = required;
          await assert.rejects(client.getPrompt({ name: prompt.name, arguments: { ...args, [arg.name]: value } }), refused(-32602, arg.name));
          await assert.rejects(client.complete({ ref: { type: 'ref/prompt', name: prompt.name }, argument: { name: arg.name, value } }),
            refused(-32602, arg.name, 'value'));
          count += 2;
        }
      }
    }
    const template = (await client.listResourceTemplates()).resourceTemplates.find((t) => t.uriTemplate.startsWith('varlet://components/'));
    await assert.rejects(client.complete({ ref: { type: 'ref/resource', uri: template.uriTemplate }, argument: { name: 'name', value: 'x'.repeat(1025) } }),
      refused(-32602, 'name', 'value'));
    for (const uri of [`varlet://components/${'a'.repeat(2049)}`, `varlet://components/${'a'.repeat(100_000)}`]) {
      await assert.rejects(client.readResource({ uri }), refused(-32602, 'URI', 'uri'));
      await assert.rejects(client.subscribeResource({ uri }), refused(-32602, 'URI', 'uri'));
      count += 2;
    }
    return `${count + 1} oversized values → isError naming the argument (tools) or -32602 (names, prompts, completions, URIs)`;
  }

  async function deepAndWide() {
    const { sessionId } = await openSession(main.mcpUrl);
    const call = (args) => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_component_api","arguments":${args}}}`;
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deep = {
      '100k nested arrays as the body': nested,
      '100k nested arrays in an argument': call(`{"name":${nested}}`),
      'depth-40 objects in an argument': call(`{"name":"button","x":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`),
    };
    for (const [what, body] of Object.entries(deep)) {
      const a = await rawRequest(main.mcpUrl, { headers: mcpHeaders(sessionId), body });
      assert.equal(a.status, 400, `${what}: HTTP ${a.status} ${a.text.slice(0, 200)}`);
      assert.equal(a.json?.error?.code, -32700, `${what}: ${a.text.slice(0, 200)}`);
    }

    const wide = call(`{"name":"button",${Array.from({ length: 200_000 }, (_, i) => `"k${i}":0`).join(',')}}`);
    assert.ok(Buffer.byteLength(wide) < MAX_BODY, 'the wide body is over the cap');
    const t0 = Date.now();
    const w = await rawRequest(main.mcpUrl, { headers: mcpHeaders(sessionId), body: wide });
    const wideMs = ms(t0);
    const failed = w.status >= 400 || w.json?.error || w.json?.result?.isError;
    assert.ok(failed, `200k unknown arguments were accepted: ${w.text.slice(0, 200)}`);
    assert.ok(wideMs < 10_000, `the wide body took ${wideMs} ms`);
    assert.ok(w.text.length < 4096, `a ${w.text.length}-byte answer to the wide body`);

    const port = Number(main.mcpUrl.port);
    const tooLong = rawSocket(port);
    await tooLong.connected;
    tooLong.socket.write(`${httpHead(port, ['POST /mcp HTTP/1.1', 'Content-Type: application/json', 'Accept: application/json, text/event-stream',
      `Mcp-Session-Id: ${sessionId}`, `Content-Length: ${MAX_BODY + 1}`])}\r\n`);
    tooLong.socket.write('x'.repeat(64 * 1024));
    await waitFor(() => tooLong.status() || tooLong.closedAt, 'an answer to a body over the cap', 5000, 20);
    assert.equal(tooLong.status(), 413, `a body over the cap: ${tooLong.received().slice(0, 200)}`);
    tooLong.socket.destroy();

    const chunked = rawSocket(port);
    await chunked.connected;
    chunked.socket.write(`${httpHead(port, ['POST /mcp HTTP/1.1', 'Content-Type: application/json', 'Accept: application/json, text/event-stream',
      `Mcp-Session-Id: ${sessionId}`, 'Transfer-Encoding: chunked'])}\r\n`);
    const chunk = `40000\r\n${'x'.repeat(0x40000)}\r\n`;
    for (let sent = 0; sent < MAX_BODY + (2 << 20) && !chunked.status() && chunked.closedAt === null; sent += 0x40000) {
      chunked.socket.write(chunk);
      await sleep(5);
    }
    await waitFor(() => chunked.status() || chunked.closedAt, 'an answer to a chunked body over the cap', 5000, 20);
    assert.equal(chunked.status(), 413, `a chunked body over the cap: ${chunked.received().slice(0, 200)}`);
    chunked.socket.destroy();

    const headed = rawSocket(port);
    await headed.connected;
    headed.socket.write(`${httpHead(port, ['POST /mcp HTTP/1.1', 'Content-Type: application/json', `Authorization: Bearer ${'k'.repeat(100_000)}`])}\r\n{}`);
    await waitFor(() => headed.status() || headed.closedAt, 'an answer to 100 KB of headers', 5000, 20);
    assert.equal(headed.status(), 431, `headers over 16 KiB: ${headed.received().slice(0, 200)}`);
    headed.socket.destroy();
    return `deep → 400 / -32700 (3 bodies); 200k keys → error in ${wideMs} ms (HTTP ${w.status}); over the cap → 413 (length and chunked); 100 KB of headers → 431`;
  }

  /**
   * A session, the raw request builder for it, and the 20 largest answers of get_component_docs and
   * get_component_api (all sections) with their sizes.
   */
  async function largeAnswers() {
    const port = Number(main.mcpUrl.port);
    const { sessionId } = await openSession(main.mcpUrl);
    const request = (lines, body = '') =>
      `${httpHead(port, [...lines, 'Accept: application/json, text/event-stream', `Mcp-Session-Id: ${sessionId}`, 'Mcp-Protocol-Version: 2025-11-25'])}` +
      `${body ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`;
    const distinct = components.flatMap((name) => ['get_component_api', 'get_component_docs'].map((tool) => ({ name: tool, arguments: { name } })));
    const measured = await inPool(distinct, 4, async (params) => {
      const a = await rpc(main.mcpUrl, sessionId, 1, 'tools/call', params);
      return { params, bytes: a.json?.result && !a.json.result.isError ? a.text.length : 0 };
    });
    return { sessionId, request, largest: measured.sort((a, b) => b.bytes - a.bytes).slice(0, 20) };
  }

  /**
   * Sends `requests` on a connection that never reads, and resolves once the server has closed it
   * (as the kernel sees it: a paused socket does not notice), with RSS bounded meanwhile.
   */
  async function unreadUntilClosed(ctx, requests, answerBytes, boundMiB) {
    assert.ok(answerBytes > 3 * boundMiB * 2 ** 20, `the answers asked (${answerBytes} bytes) are too few to prove a bound`);
    const port = Number(main.mcpUrl.port);
    const peak = { rss: ctx.record.before.rssMiB };
    const sampler = setInterval(() => (peak.rss = Math.max(peak.rss, procStats(main.process.pid)?.rssMiB ?? 0)), 50);
    ctx.defer(() => clearInterval(sampler));
    const reader = rawSocket(port, { paused: true });
    ctx.defer(() => reader.socket.destroy());
    await reader.connected;
    reader.socket.write(requests);
    const t0 = Date.now();
    await waitFor(() => serverSideState(port, reader.port) !== 'ESTABLISHED', 'the server to close a connection nobody reads',
      WRITE_TIMEOUT_S * 1000 + 15_000, 50);
    const closedMs = ms(t0);
    clearInterval(sampler);
    const grown = peak.rss - ctx.record.before.rssMiB;
    if (!SANITIZED) // ASan's quarantine keeps freed memory resident: RSS says nothing there
      assert.ok(grown < boundMiB, `RSS grew by ${grown.toFixed(1)} MiB while ${(answerBytes / 2 ** 20).toFixed(0)} MiB of answers were unread`);
    await fdsBackTo(main, ctx.record.before.fds);
    return `closed after ${seconds(closedMs)} with ${(answerBytes / 2 ** 20).toFixed(0)} MiB of answers asked; RSS peak +${grown.toFixed(1)} MiB`;
  }

  async function pipelinedUnread(ctx) {
    const { request, largest } = await largeAnswers();
    const asked = Array.from({ length: 9000 }, (_, i) => largest[i % largest.length]);
    const requests = asked.map((a, i) => request(['POST /mcp HTTP/1.1'], rpcBody(i + 1, 'tools/call', a.params))).join('');
    return unreadUntilClosed(ctx, requests, asked.reduce((sum, a) => sum + a.bytes, 0), 32);
  }

  async function replaysUnread(ctx) {
    const { sessionId, request, largest } = await largeAnswers();
    // A call with a progress token is answered as an SSE stream with event ids, which a GET with
    // Last-Event-ID replays: ~100 bytes asking for the whole answer again.
    const streamed = await rawRequest(main.mcpUrl, { headers: mcpHeaders(sessionId),
      body: rpcBody(2, 'tools/call', { ...largest[0].params, _meta: { progressToken: 1 } }) });
    const eventId = /^id: *(\S+)/m.exec(streamed.text)?.[1];
    assert.ok(eventId, `no SSE event id in a streamed answer: ${streamed.text.slice(0, 200)}`);
    const replay = request(['GET /mcp HTTP/1.1', `Last-Event-ID: ${eventId}`]);
    // Pipelined replays are answered in order, every one, to a client that reads.
    const reading = rawSocket(Number(main.mcpUrl.port));
    ctx.defer(() => reading.socket.destroy());
    await reading.connected;
    reading.socket.write(replay.repeat(3));
    const answered = () => (reading.received().match(/^HTTP\/1\.1 /gm) ?? []).length;
    await waitFor(() => answered() >= 3 || reading.closedAt, 'three pipelined replays', 5000, 20).catch(() => {});
    assert.equal(answered(), 3, `a client that reads got ${answered()} answers to 3 pipelined replays`);
    // Fewer than 1 MiB of requests, so only the unread answers can end the connection.
    return unreadUntilClosed(ctx, replay.repeat(3000), 3000 * streamed.text.length, 16);
  }

  async function floodOneClient(ctx) {
    const from = '127.0.0.2';
    const agent = agentFrom(from, 4);
    ctx.defer(() => agent.destroy());
    const ids = [];
    for (let i = 0; i < 1000; i++) {
      const s = await openSession(main.mcpUrl, { agent, initialized: false, refusable: true });
      assert.equal(s.status, 200, `initialize ${i + 1} from ${from}: HTTP ${s.status} ${s.answer.text.slice(0, 200)}`);
      ids.push(s.sessionId);
    }
    assert.equal(new Set(ids).size, 1000, 'a session id was handed out twice');
    const live = ids.slice(-PER_CLIENT);
    const evicted = ids.slice(0, -PER_CLIENT);
    const statusOf = async (id) => (await rpc(main.mcpUrl, id, 1, 'tools/list', {}, { agent })).status;
    const evictedStatuses = await inPool(evicted, 4, statusOf);
    assert.deepEqual([...new Set(evictedStatuses)], [404], 'an evicted session still answers');
    for (const id of live) await sendInitialized(id, agent);
    assert.deepEqual([...new Set(await inPool(live, 4, statusOf))], [200], 'one of the last sessions was evicted');

    // Every session busy: streams on all but the last, a request in flight on the last.
    // The streams stay open for row 7b, which closes them (or after() does).
    const streams = live.slice(0, -1).map((id) => rawSocket(Number(main.mcpUrl.port), { localAddress: from }));
    flooder.streams = streams;
    await Promise.all(streams.map((c) => c.connected));
    streams.forEach((c, i) => c.socket.write(`${httpHead(main.mcpUrl.port, ['GET /mcp HTTP/1.1', 'Accept: text/event-stream',
      `Mcp-Session-Id: ${live[i]}`, 'Mcp-Protocol-Version: 2025-11-25'])}\r\n`));
    await waitFor(() => streams.every((c) => c.status() === 200), 'the SSE streams to open', 5000, 20);
    const version = '3.0.99';
    upstream.setVersions({ versions: [UPSTREAM_ONLY_VERSION, VERSION, version], aliases: { [version]: UPSTREAM_ONLY_VERSION } });
    upstream.setFaults([{ path: `@${version}/`, fault: 'hang' }]);
    ctx.defer(() => upstream.reset());
    const inFlight = rpc(main.mcpUrl, live.at(-1), 7, 'tools/call', { name: 'get_component_api', arguments: { name: 'button', version } }, { localAddress: from });
    await waitFor(() => upstream.count(`@${version}/`) > 0, 'the in-flight request to reach the upstream', 5000, 20);
    const refused = await openSession(main.mcpUrl, { localAddress: from, initialized: false, refusable: true });
    assert.equal(refused.status, 429, `initialize with every session of ${from} busy: HTTP ${refused.status} ${refused.answer.text.slice(0, 200)}`);
    assertRetryAfter(refused.answer.headers, 'the 429');
    assert.ok(refused.answer.json?.error, `a 429 without a JSON-RPC error body: ${refused.answer.text.slice(0, 200)}`);
    await inFlight;
    flooder.streamed = live.slice(0, -1);
    return `1,000 initialize → 200, ${evicted.length} evicted ids → 404; all ${PER_CLIENT} busy → 429 + Retry-After`;
  }

  async function sendInitialized(sessionId, agent) {
    const a = await rawRequest(main.mcpUrl, { agent, headers: mcpHeaders(sessionId), body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
    assert.equal(a.status, 202, `notifications/initialized: HTTP ${a.status}`);
  }

  async function floodTable(ctx) {
    assert.ok(flooder.streamed?.length, 'row 7a left no busy sessions');
    ctx.defer(() => flooder.streams.forEach((c) => c.socket.destroy()));
    const addresses = Array.from({ length: 38 }, (_, i) => `127.0.0.${i + 3}`);
    const byAddress = await inPool(addresses, 4, async (from) => {
      const agent = agentFrom(from, 1);
      try {
        const ids = [];
        for (let i = 0; i < PER_CLIENT; i++) {
          const s = await openSession(main.mcpUrl, { agent, initialized: false, refusable: true });
          assert.equal(s.status, 200, `initialize from ${from}: HTTP ${s.status} ${s.answer.text.slice(0, 200)}`);
          ids.push(s.sessionId);
        }
        return ids;
      } finally {
        agent.destroy();
      }
    });
    const created = byAddress.flat().length;
    const first = byAddress[0];
    const gone = await inPool(first, 4, async (id) => (await rpc(main.mcpUrl, id, 1, 'tools/list', {})).status);
    assert.deepEqual([...new Set(gone)], [404], 'the oldest idle sessions of the flood were not evicted');
    const busy = await inPool(flooder.streamed, 4, async (id) => (await rpc(main.mcpUrl, id, 1, 'tools/list', {}, { localAddress: '127.0.0.2' })).status);
    assert.deepEqual([...new Set(busy)], [200], 'a session with an open stream was evicted');
    return `${created} initialize → 200 past a table of ${MAX_SESSIONS}; idle ones evicted (→ 404), the ${busy.length} streamed and the legitimate session kept`;
  }

  async function subscriptionFlood(ctx) {
    const agent = agentFrom('127.0.0.1', 16);
    ctx.defer(() => agent.destroy());
    const { sessionId } = await openSession(main.mcpUrl, { agent });
    const made = ['varlet://made-up/', 'varlet://components/no-such-component-', 'https://example.com/', 'file:///etc/passwd?'];
    const uris = Array.from({ length: 10_000 }, (_, i) => `${made[i % made.length]}${i}`);
    const answers = await inPool(uris, 16, (uri, i) => rpc(main.mcpUrl, sessionId, i + 1, 'resources/subscribe', { uri }, { agent }), 120_000);
    const wrong = answers.map((a, i) => [uris[i], a.status, a.json?.error?.code]).filter(([, status, code]) => status !== 200 || code !== -32002);
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} made-up URIs were not refused with -32002`);

    const templates = await legit.connection.client.listResourceTemplates();
    assert.ok(templates.resourceTemplates.some((t) => t.uriTemplate === 'varlet://components/{name}'), 'no varlet://components/{name} template');
    const real = components.map((name) => `varlet://components/${name}`);
    const outcomes = [];
    for (const [i, uri] of real.entries()) outcomes.push(await rpc(main.mcpUrl, sessionId, 20_000 + i, 'resources/subscribe', { uri }, { agent }));
    const accepted = outcomes.filter((a) => a.json?.result).length;
    assert.equal(accepted, MAX_SUBSCRIPTIONS, `${accepted} of ${real.length} real subscriptions accepted at a limit of ${MAX_SUBSCRIPTIONS}`);
    for (const a of outcomes.slice(MAX_SUBSCRIPTIONS)) {
      assert.equal(a.json?.error?.code, -32602, a.text.slice(0, 200));
      assert.match(a.json.error.message, new RegExp(`subscri|${MAX_SUBSCRIPTIONS}`, 'i'), 'the error does not name the limit');
    }
    return `10,000 made-up → -32002; ${MAX_SUBSCRIPTIONS} real accepted, ${real.length - MAX_SUBSCRIPTIONS} more → -32602 ("${outcomes.at(-1).json.error.message.slice(0, 60)}")`;
  }

  async function guessIds() {
    const observed = [legit.sessionId];
    for (let i = 0; i < 30; i++) observed.push((await openSession(main.mcpUrl, { localAddress: '127.0.0.41', initialized: false })).sessionId);
    for (const id of observed) assert.match(id, /^[0-9a-f]{32}$/, `session id ${id} is not 32 lowercase hex characters`);
    const known = new Set(observed);
    const guesses = new Set();
    const add = (g) => known.has(g) || guesses.add(g);
    for (const id of observed) {
      const n = BigInt(`0x${id}`);
      for (let d = 1n; d <= 16n; d++) for (const m of [n + d, n - d]) add((m & ((1n << 128n) - 1n)).toString(16).padStart(32, '0'));
      for (let p = 0; p < 32; p++)
        for (const delta of [1, 15]) add(id.slice(0, p) + ((parseInt(id[p], 16) + delta) % 16).toString(16) + id.slice(p + 1));
    }
    while (guesses.size < 10_000) guesses.add(crypto.randomBytes(16).toString('hex'));
    const list = [...guesses].slice(0, 10_000);
    const agent = agentFrom('127.0.0.1', 16);
    try {
      const statuses = await inPool(list, 16, async (id, i) => {
        const a = i % 2
          ? await rawRequest(main.mcpUrl, { method: 'GET', agent, timeoutMs: 5000, headers: { accept: 'text/event-stream', 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' } })
          : await rpc(main.mcpUrl, id, 1, 'tools/list', {}, { agent, timeoutMs: 5000 });
        assert.ok(!/"result"/.test(a.text), `a guessed id got an answer: ${a.text.slice(0, 200)}`);
        return a.status;
      }, 120_000);
      assert.deepEqual([...new Set(statuses)], [404], 'a guessed session id was not 404');
    } finally {
      agent.destroy();
    }
    return `${observed.length} observed ids, all 32 hex; 10,000 guesses (POST and GET) → 404`;
  }

  async function adminThroughProxy(ctx) {
    const proxy = await startNginxProxy(`127.0.0.1:${main.mcpUrl.port}`);
    ctx.defer(() => proxy.stop());
    const asked = [
      ['POST', '/admin/invalidate', JSON.stringify({ pattern: '*' }), {}],
      ['POST', '/admin/invalidate', JSON.stringify({ version: VERSION }), { 'x-forwarded-for': '127.0.0.1', ...main.adminHeaders }],
      ['GET', '/admin/metrics', undefined, main.adminHeaders],
      ['POST', '/admin/crash', '{}', main.adminHeaders],
    ];
    for (const [method, route, body, headers] of asked) {
      for (const base of [proxy.url, main.url]) {
        const a = await rawRequest(`${base}${route}`, { method, body, headers: { 'content-type': 'application/json', ...headers } });
        assert.equal(a.status, 404, `${method} ${route} via ${base === proxy.url ? 'nginx' : 'the public port'}: HTTP ${a.status}`);
      }
    }
    // The legitimate client works through the proxy too (SSE unbuffered).
    const proxied = await LegitClient.connect({ mcpUrl: new URL(`${proxy.url}/mcp`) }, legit.expected);
    ctx.defer(() => proxied.close());
    await proxied.check();

    const adminUrl = `${main.adminUrl}/admin/invalidate`;
    const body = JSON.stringify({ pattern: 'no-such-key-*' });
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, { authorization: TOKEN }]) {
      const a = await rawRequest(adminUrl, { body, headers: { 'content-type': 'application/json', ...headers } });
      assert.equal(a.status, 401, `the admin listener with ${JSON.stringify(headers)}: HTTP ${a.status}`);
    }
    const metrics = await adminMetrics(main);
    assert.ok(metrics.caches, 'the admin listener with the token answered no metrics');
    const ok = await rawRequest(adminUrl, { body, headers: { 'content-type': 'application/json', ...main.adminHeaders } });
    assert.equal(ok.status, 200, `invalidate with the token: HTTP ${ok.status} ${ok.text.slice(0, 200)}`);
    return `via nginx and the public port: /admin/* → 404; admin listener: no or wrong token → 401, the token → 200`;
  }

  /** get_component_api for each name in both locales through one session; resolves to the number answered. */
  async function coldCalls(server, names) {
    const { sessionId } = await openSession(server.mcpUrl);
    const calls = names.flatMap((name) => ['en-US', 'zh-CN'].map((locale) => ({ name, locale })));
    const answers = await inPool(calls, 4, (args, i) => rpc(server.mcpUrl, sessionId, i + 1, 'tools/call', { name: 'get_component_api', arguments: args }));
    answers.forEach((a, i) => assert.ok(a.json?.result && !a.json.result.isError, `${JSON.stringify(calls[i])}: ${a.text.slice(0, 300)}`));
    return answers.length;
  }

  async function killDuringWrites(ctx) {
    const cacheDir = tempDir('varlet-mcp-kill-');
    const args = [...upstreamFlags(upstream, { packageDir: '""' }), ...COMMON, '--cache.warm=[]'];
    const calls = [VERSION, UPSTREAM_ONLY_VERSION].flatMap((version) => ['en-US', 'zh-CN'].flatMap((locale) =>
      [...webTypes(locale, version).keys()].map((tag) => ({ name: tag.replace(/^var-/, ''), version, locale }))));
    const ask = (server, sessionId) => (args, i) =>
      rpc(server.mcpUrl, sessionId, i + 1, 'tools/call', { name: 'get_component_api', arguments: args }, { timeoutMs: 30_000 }).catch((e) => ({ error: e }));

    const victim = await startHttpServer({ cacheDir, args });
    ctx.defer(() => victim.stop('SIGKILL'));
    const { sessionId } = await openSession(victim.mcpUrl);
    const load = inPool(calls, 16, ask(victim, sessionId));
    await waitFor(() => scanCache(cacheDir).entries.length >= 200, 'writes to the cache folder', 60_000, 10);
    victim.process.kill('SIGKILL');
    await victim.exited;
    await load;
    const atKill = scanCache(cacheDir);

    const restarted = await startHttpServer({ cacheDir, args });
    ctx.defer(() => restarted.stop());
    const fresh = await startHttpServer({ args });
    ctx.defer(() => fresh.stop());
    const client = await LegitClient.connect(restarted, legit.expected);
    ctx.defer(() => client.close());
    await ctx.watch(restarted, client, { entries: false });
    const [r, f] = await Promise.all([restarted, fresh].map(async (server) => {
      const { sessionId: id } = await openSession(server.mcpUrl);
      return inPool(calls, 8, ask(server, id), 120_000);
    }));
    const answer = (a) => JSON.stringify([a.json?.result?.content, a.json?.result?.structuredContent, a.json?.result?.isError ?? false]);
    const differing = calls.filter((_, i) => r[i].error || f[i].error || !f[i].json?.result || f[i].json.result.isError || answer(r[i]) !== answer(f[i]));
    assert.deepEqual(differing.slice(0, 5), [], `${differing.length} of ${calls.length} answers after the restart differ from a fresh server's`);
    const corrupt = (await adminMetrics(restarted)).caches;
    const l2Corrupt = Object.values(corrupt).reduce((n, c) => n + (c.l2Corrupt ?? 0), 0);
    return `killed with ${atKill.entries.length} entries and ${atKill.temps.length} temporary files on disk; ` +
      `after the restart all ${calls.length} answers equal a fresh server's (${l2Corrupt} corrupt entries refused)`;
  }
});
