#!/usr/bin/env node
// perf/soak's driver: one varlet-mcp (`serve --http`, conf/varlet-mcp.ini, a fresh cache folder, the
// fake upstream of tests/fake_upstream for versions that are not in data/npm) under a mixed load of
// bounded concurrency for --minutes (default 10):
//   hot      get_component_api of the pinned version, Zipf-drawn names, over keep-alive sessions
//   cold     a version (an alias of 3.0.0 the fake upstream serves, never in data/npm) is invalidated
//            through the admin listener, then asked for components in both locales: files fetched
//            from the upstream, catalogs built, answers rendered and written to disk again
//   sessions SDK clients that connect (initialize, initialized, their GET stream), call and end with DELETE
//   streams  SSE GET streams opened, held a moment and dropped, their sessions deleted
//   abandon  sessions from 127.0.0.2 left behind after one call (the per-client cap evicts them)
//   admin    scrapes of /metrics and /admin/metrics on the admin listener
// Every minute one row: requests, errors, latency, RSS, open descriptors, threads. At the end the
// verdict: after warm-up RSS and descriptors must be flat (see `flatness`) and no request may have
// failed; exits 1 and says why otherwise.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { connectHttp, DATA_DIR, startFakeUpstream, startHttpServer, upstreamFlags } from '../../tests/e2e/harness.mjs';
import { procStats } from '../../tests/e2e/adversarial-support.mjs';
import { McpHttpClient, PROTOCOL_VERSION } from './mcp_http.mjs';
import { percentile } from './stats.mjs';
import { componentNames, random, zipfDraws } from './workload.mjs';

const HOT_VERSION = '3.20.6';
const COLD_SOURCE = '3.0.0';
const COLD_VERSIONS = ['3.0.101', '3.0.102', '3.0.103', '3.0.104']; // aliases of COLD_SOURCE, not in data/npm
const LOCALES = ['en-US', 'zh-CN'];
const SAMPLE_EVERY_MS = 5000;
// The fetcher pool's bounds, given as flags (the defaults): each fetcher keeps up to
// max(max-concurrent, 4) idle upstream connections for reuse, so the pool as a whole keeps at most
// FETCHERS_MAX times that, however often the supervisor resizes it.
const FETCHERS_MAX = 8;
const MAX_CONCURRENT = 16;
const UPSTREAM_CONNECTIONS_MAX = FETCHERS_MAX * Math.max(MAX_CONCURRENT, 4);
const HOT_LOOPS = 4;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text) => process.stderr.write(`[soak] ${text}\n`);

function parseOptions(argv) {
  const flags = Object.fromEntries(argv.map((a) => a.replace(/^--/, '').split('=')).map(([k, ...v]) => [k, v.join('=') || 'true']));
  const minutes = Number(flags.minutes ?? argv.find((a) => /^\d+(\.\d+)?$/.test(a)) ?? 10);
  if (!(minutes >= 1)) throw new Error(`MINUTES must be at least 1, got ${flags.minutes}`);
  // The cold loop fills the bounded caches (the 16 MiB L1 with the catalogs' models, the 16 MiB
  // write queue) in about two minutes on a 2-core host (perf/soak 6: 65 -> 71.6 MiB by minute 2,
  // then within 0.5 MiB), so a soak of three minutes or more judges what follows two minutes of
  // warm-up; a shorter one still gets a stretch to judge after a minute.
  return { minutes, warmupSeconds: Number(flags.warmup ?? (minutes >= 3 ? 120 : 60)) };
}

/** Counters of the current minute and of the whole run. */
class Tally {
  constructor() {
    this.total = { requests: 0, errors: 0 };
    this.byKind = {};
    this.failures = [];
    this.reset();
  }

  reset() {
    this.minute = { requests: 0, errors: 0, latencies: [], hot: [] };
  }

  ok(kind, ms, requests = 1) {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    this.minute.requests += requests;
    this.total.requests += requests;
    if (ms !== undefined) this.minute.latencies.push(ms);
    if (kind === 'hot' && ms !== undefined) this.minute.hot.push(ms);
  }

  error(kind, why) {
    this.minute.requests += 1;
    this.minute.errors += 1;
    this.total.requests += 1;
    this.total.errors += 1;
    if (this.failures.length < 10) this.failures.push(`${kind}: ${String(why?.message ?? why).slice(0, 200)}`);
  }
}

/** A JSON-RPC answer that is a result and no tool error, or a thrown Error saying what it was. */
function expectResult(message, what) {
  if (!message?.result) throw new Error(`${what}: ${JSON.stringify(message?.error ?? message).slice(0, 200)}`);
  if (message.result.isError) throw new Error(`${what}: ${message.result.content?.[0]?.text?.slice(0, 200)}`);
}

/** Times one operation into the tally; `requests` is how many HTTP requests it made. */
async function timed(tally, kind, operation, requests = 1) {
  const t0 = performance.now();
  try {
    await operation();
    tally.ok(kind, performance.now() - t0, requests);
  } catch (error) {
    tally.error(kind, error);
  }
}

/** A GET SSE stream of a session: resolves to the request once the stream is open. */
function openStream(url, sessionId) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, {
      agent: false,
      headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': PROTOCOL_VERSION },
    }, (res) => {
      res.on('error', () => {}); // the stream ends when it is dropped
      if (res.statusCode !== 200) return reject(new Error(`GET stream: HTTP ${res.statusCode}`));
      resolve(req);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('GET stream: not open in 10 s')));
    req.on('error', reject);
  });
}

function workloads({ server, tally, until, names }) {
  const mcpUrl = server.mcpUrl.href;
  const next = random(20261202);
  const hotNames = zipfDraws(names.hot, 1.1, 10_000, next);
  const admin = new McpHttpClient(server.adminUrl, { sockets: 2 });
  const running = () => Date.now() < until;
  const deleteSession = async (client) => {
    const answer = await client.request('DELETE', client.url.pathname, undefined, { 'Mcp-Session-Id': client.sessionId });
    if (answer.status !== 200) throw new Error(`DELETE session: HTTP ${answer.status}`);
  };

  const hot = async (loop) => {
    const client = new McpHttpClient(mcpUrl, { sockets: 1 });
    await client.open();
    for (let i = loop; running(); i += HOT_LOOPS) {
      await timed(tally, 'hot', async () => {
        const { message } = await client.rpc(i, 'tools/call', { name: 'get_component_api', arguments: { name: hotNames[i % hotNames.length] } });
        expectResult(message, 'hot get_component_api');
      });
    }
    await deleteSession(client);
    client.close();
  };

  const cold = async () => {
    const client = new McpHttpClient(mcpUrl, { sockets: 1 });
    await client.open();
    for (let round = 0; running(); round++) {
      const version = COLD_VERSIONS[round % COLD_VERSIONS.length];
      await timed(tally, 'admin', async () => {
        const answer = await admin.request('POST', '/admin/invalidate', JSON.stringify({ version }), { 'Content-Type': 'application/json' });
        if (answer.status !== 200) throw new Error(`invalidate ${version}: HTTP ${answer.status} ${answer.body.toString().slice(0, 200)}`);
      });
      for (let k = 0; k < 6 && running(); k++) {
        const name = names.cold[Math.floor(next() * names.cold.length)];
        for (const locale of LOCALES) {
          await timed(tally, 'cold', async () => {
            const { message } = await client.rpc(k, 'tools/call', { name: 'get_component_api', arguments: { name, version, locale } });
            expectResult(message, `cold get_component_api ${name}@${version} ${locale}`);
          });
        }
      }
    }
    await deleteSession(client);
    client.close();
  };

  const sessions = async () => {
    while (running()) {
      await timed(tally, 'session', async () => {
        const { client, transport } = await connectHttp(new URL(mcpUrl));
        client.onerror = () => {}; // the GET stream's end when the session is deleted is not a failure
        try {
          const result = await client.callTool({ name: 'get_component_api', arguments: { name: names.hot[Math.floor(next() * names.hot.length)] } });
          expectResult({ result }, 'SDK session call');
          await transport.terminateSession();
        } finally {
          await client.close();
        }
      }, 5);
    }
  };

  const streams = async () => {
    while (running()) {
      await timed(tally, 'stream', async () => {
        const client = new McpHttpClient(mcpUrl, { sockets: 1 });
        try {
          await client.open();
          const stream = await openStream(mcpUrl, client.sessionId);
          await sleep(500);
          stream.destroy();
          await deleteSession(client);
        } finally {
          client.close();
        }
      }, 4);
      await sleep(100);
    }
  };

  const abandon = async () => {
    while (running()) {
      await timed(tally, 'abandon', async () => {
        const client = new McpHttpClient(mcpUrl, { sockets: 1, localAddress: '127.0.0.2' });
        try {
          await client.open();
          const { message } = await client.rpc(1, 'tools/call', { name: 'list_components', arguments: {} });
          expectResult(message, 'list_components');
        } finally {
          client.close();
        }
      }, 3);
      await sleep(200);
    }
  };

  const scrapes = async () => {
    while (running()) {
      for (const route of ['/metrics', '/admin/metrics']) {
        await timed(tally, 'admin', async () => {
          const answer = await admin.request('GET', route);
          if (answer.status !== 200 || answer.body.length === 0) throw new Error(`GET ${route}: HTTP ${answer.status}`);
        });
      }
      await sleep(1000);
    }
  };

  const loops = [...Array.from({ length: HOT_LOOPS }, (_, i) => hot(i)), cold(), sessions(), streams(), abandon(), scrapes()];
  return Promise.all(loops.map((loop) => loop.catch((error) => tally.error('set-up', error)))).finally(() => admin.close());
}

const median = (values) => percentile(Float64Array.from(values).sort(), 50);

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx ? points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx : 0;
}

/**
 * The process's descriptors split in three: `connections`, the sockets of its clients (on its own
 * listening ports, not the listeners), whose number follows the load and the clients' keep-alive
 * pools; `upstream`, its connections to the upstream's port, which follow the fetcher pool's size
 * and are bounded by it; and `own`, everything else (files, pipes, the listeners), which a leak
 * would make grow.
 */
function descriptors(pid, ports, upstreamPort) {
  const clientInodes = new Set();
  const upstreamInodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const port = parseInt(f[1].split(':')[1], 16);
      const remotePort = parseInt(f[2].split(':')[1], 16);
      if (ports.includes(port) && f[3] !== '0A') clientInodes.add(f[9]);  // 0A: LISTEN
      else if (remotePort === upstreamPort) upstreamInodes.add(f[9]);
    }
  }
  let connections = 0, upstream = 0, own = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;  // closed meanwhile
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && clientInodes.has(inode)) connections += 1;
    else if (inode && upstreamInodes.has(inode)) upstream += 1;
    else own += 1;
  }
  return { connections, upstream, own };
}

/**
 * After warm-up RSS is flat when the median of its last 20 s is at most max(10 %, 8 MiB) above the
 * median of its first 20 s, and the least-squares slope over the whole stretch, times its length,
 * is within the same allowance; the server's own descriptors (client and upstream connections set
 * aside) are flat when the same two measures stay within +16; its upstream connections never exceed
 * what the fetcher pool may keep.
 */
function flatness(samples, warmupSeconds, endSeconds) {
  const after = samples.filter((s) => s.t >= warmupSeconds);
  const first = after.filter((s) => s.t < warmupSeconds + 20);
  const last = after.filter((s) => s.t > endSeconds - 20);
  if (first.length < 2 || last.length < 2) return { problems: ['too few samples after warm-up to judge'] };
  const rss = { start: median(first.map((s) => s.rssMiB)), end: median(last.map((s) => s.rssMiB)) };
  const allowed = Math.max(0.1 * rss.start, 8);
  const perMinute = slope(after.map((s) => ({ x: s.t / 60, y: s.rssMiB })));
  const stretch = (endSeconds - warmupSeconds) / 60;
  // Client connections come and go with the load; the server's own descriptors must not grow.
  const fds = { start: median(first.map((s) => s.own)), end: median(last.map((s) => s.own)),
    high: Math.max(...after.map((s) => s.own)) };
  const fdsPerMinute = slope(after.map((s) => ({ x: s.t / 60, y: s.own })));
  const problems = [];
  if (rss.end - rss.start > allowed) problems.push(`RSS grew from ${rss.start.toFixed(1)} to ${rss.end.toFixed(1)} MiB (allowed +${allowed.toFixed(1)})`);
  if (perMinute * stretch > allowed)
    problems.push(`RSS rises ${perMinute.toFixed(2)} MiB/min, +${(perMinute * stretch).toFixed(1)} MiB over ${stretch.toFixed(1)} min (allowed +${allowed.toFixed(1)})`);
  if (fds.end - fds.start > 16 || fdsPerMinute * stretch > 16)
    problems.push(`the server's own descriptors (besides client and upstream connections) went from ${fds.start} to ${fds.end}, ` +
      `${fdsPerMinute.toFixed(1)} a minute (allowed +16)`);
  const upstreamHigh = Math.max(...samples.map((s) => s.upstream));
  if (upstreamHigh > UPSTREAM_CONNECTIONS_MAX)
    problems.push(`${upstreamHigh} upstream connections at once, more than the fetcher pool may keep (${UPSTREAM_CONNECTIONS_MAX})`);
  fds.upstreamHigh = upstreamHigh;
  return { rss, allowed, perMinute, fds, problems };
}

const cell = (v, digits = 1) => (v === null || v === undefined ? '-' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(digits) : String(v));

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const upstream = await startFakeUpstream();
  upstream.setVersions({ versions: [HOT_VERSION, COLD_SOURCE, ...COLD_VERSIONS],
    aliases: Object.fromEntries(COLD_VERSIONS.map((v) => [v, COLD_SOURCE])) });
  const server = await startHttpServer({
    config: 'varlet-mcp.ini',
    // A 16 MiB L1 and disk write queue (the defaults are 64): the cold loop's churn fills both
    // during warm-up, so growth after it is a leak, not a bounded buffer still filling.
    args: [...upstreamFlags(upstream, { packageDir: path.join(DATA_DIR, 'npm') }), '--log.level=warn',
      `--cache.l1-bytes=${16 << 20}`, `--cache.l2-write-queue-bytes=${16 << 20}`,
      `--supervisor.fetchers-max=${FETCHERS_MAX}`, `--upstream.max-concurrent=${MAX_CONCURRENT}`],
  });
  const pid = server.process.pid;
  log(`varlet-mcp ${pid} at ${server.mcpUrl.href} (admin ${server.adminUrl}); ${options.minutes} min, warm-up ${options.warmupSeconds} s`);
  const names = {
    hot: componentNames(DATA_DIR, HOT_VERSION, 'en-US').map((t) => t.replace(/^var-/, '')),
    cold: componentNames(DATA_DIR, COLD_SOURCE, 'en-US').map((t) => t.replace(/^var-/, '')),
  };

  const tally = new Tally();
  const began = Date.now();
  const endSeconds = options.minutes * 60;
  const samples = [];
  const ports = [server.url, server.adminUrl].map((u) => Number(new URL(u).port));
  const sample = () => {
    const stats = procStats(pid);
    if (!stats) return null;
    Object.assign(stats, descriptors(pid, ports, Number(new URL(upstream.url).port)));
    samples.push({ t: (Date.now() - began) / 1000, ...stats });
    return stats;
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);

  console.log('| minute | requests | errors | p50 ms | p99 ms | hot p99 ms | RSS MiB | open fds (own + upstream + client connections) | threads |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let minute = 0;
  const rows = setInterval(() => {
    minute += 1;
    const m = tally.minute;
    tally.reset();
    const stats = sample() ?? {};
    const sorted = Float64Array.from(m.latencies).sort();
    const hot = Float64Array.from(m.hot).sort();
    console.log(`| ${[minute, m.requests, m.errors, cell(percentile(sorted, 50), 2), cell(percentile(sorted, 99), 2), cell(percentile(hot, 99), 2),
      cell(stats.rssMiB), stats.fds === undefined ? '-' : `${stats.fds} (${stats.own} + ${stats.upstream} + ${stats.connections})`,
      cell(stats.threads)].join(' | ')} |`);
  }, 60_000);

  await workloads({ server, tally, until: began + endSeconds * 1000, names });
  await sleep(Math.max(0, began + endSeconds * 1000 + 200 - Date.now())); // let the last row print
  clearInterval(rows);
  clearInterval(sampler);

  const verdict = flatness(samples, options.warmupSeconds, (Date.now() - began) / 1000);
  const exit = await server.stop();
  await upstream.stop();

  const problems = [...verdict.problems];
  if (tally.total.errors) problems.push(`${tally.total.errors} of ${tally.total.requests} requests failed:\n  ${tally.failures.join('\n  ')}`);
  if (exit.code !== 0) problems.push(`varlet-mcp exited with ${exit.code ?? exit.signal} on SIGTERM:\n${server.stderr().slice(-2000)}`);
  if (verdict.rss) {
    console.log(`\nafter warm-up: RSS ${verdict.rss.start.toFixed(1)} → ${verdict.rss.end.toFixed(1)} MiB (allowed +${verdict.allowed.toFixed(1)}), ` +
      `slope ${verdict.perMinute >= 0 ? '+' : ''}${verdict.perMinute.toFixed(2)} MiB/min; own fds ${verdict.fds.start} → ${verdict.fds.end} (highest ${verdict.fds.high}, allowed +16); ` +
      `upstream connections at most ${verdict.fds.upstreamHigh} (the pool may keep ${UPSTREAM_CONNECTIONS_MAX}); ` +
      `${tally.total.requests} requests, ${tally.total.errors} errors`);
    console.log(`operations: ${Object.entries(tally.byKind).map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  }
  if (problems.length) {
    console.log(`soak FAILED:\n- ${problems.join('\n- ')}`);
    process.exitCode = 1;
  } else {
    console.log('soak passed: RSS and open descriptors flat after warm-up, no request failed');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
