// Running load against a target and turning it into figures: wrk over HTTP, the stdio driver, and a
// one-pass sweep (every request once) with the harness's own client.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { McpHttpClient } from './mcp_http.mjs';
import { cpuSeconds, memory } from './proc.mjs';
import { summarize } from './stats.mjs';

const PERF = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

const perTenThousand = (cpu, requests) => (requests > 0 ? (cpu * 10_000) / requests : null);

// wrk with perf/wrk/mcp.lua. `rate` 0 is as fast as possible; `max` 0 is bounded by time only.
// `protocol` and `headers` ({name: value}) override the target's protocol header and add others.
export async function wrkLoad(target, {
  requestsFile, sessions = [], threads, connections, seconds, rate = 0, max = 0, protocol, headers = {},
}) {
  const env = {
    ...process.env,
    MCP_REQUESTS: requestsFile,
    MCP_SESSIONS: sessions.join(','),
    MCP_PROTOCOL: protocol ?? (target.protocolHeader ? '2025-06-18' : ''),
    MCP_HEADERS: Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('|'),
    MCP_THREADS: String(threads),
    MCP_RATE: String(rate),
    MCP_MAX: String(max),
  };
  const url = new URL(target.url);
  const cpuBefore = cpuSeconds(target.pid);
  const { stdout } = await run('wrk', [
    `-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--timeout', '10s',
    '-s', path.join(PERF, 'wrk', 'mcp.lua'), `${url.protocol}//${url.host}`,
  ], { env, maxBuffer: 1 << 24 });
  const cpu = cpuSeconds(target.pid) - cpuBefore;
  const line = stdout.split('\n').find((l) => l.startsWith('{"mcp_wrk"'));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
  const w = JSON.parse(line).mcp_wrk;
  const errors = Object.values(w.errors).reduce((a, b) => a + b, 0);
  const ms = (us) => Math.round(us) / 1000;
  return {
    requests: w.requests,
    errors,
    seconds: w.duration_us / 1e6,
    rps: w.requests / (w.duration_us / 1e6),
    // What came over the wire per answer (wrk counts every byte it read: status line, headers, body).
    bytes_per_request: w.requests > 0 ? w.bytes / w.requests : null,
    latency_ms: { mean: ms(w.latency_us.mean), p50: ms(w.latency_us.p50), p90: ms(w.latency_us.p90),
      p99: ms(w.latency_us.p99), p999: ms(w.latency_us.p999), max: ms(w.latency_us.max) },
    cpu_seconds: cpu,
    cpu_s_per_10k: perTenThousand(cpu, w.requests),
    ...(rate ? { offered_rps: rate, late: w.late } : {}),
    ...memory(target.pid),
  };
}

// Every request of `requests` exactly once, `concurrency` at a time, each timed; counts answers
// that are JSON-RPC errors or tool errors.
export async function sweep(target, sessionId, requests, concurrency) {
  const clients = Array.from({ length: concurrency }, () => {
    const client = new McpHttpClient(target.url, { sockets: 1 });
    client.sessionId = sessionId;
    return client;
  });
  const latencies = [];
  let errors = 0;
  let next = 0;
  const cpuBefore = cpuSeconds(target.pid);
  const began = performance.now();
  await Promise.all(clients.map(async (client) => {
    while (next < requests.length) {
      const r = requests[next];
      next += 1;
      const sent = performance.now();
      try {
        const { message } = await client.rpc(next, r.method, r.params);
        if (!message?.result || message.result.isError) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - sent);
    }
  }));
  const seconds = (performance.now() - began) / 1000;
  const cpu = cpuSeconds(target.pid) - cpuBefore;
  for (const client of clients) client.close();
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    latency_ms: summarize(latencies),
    cpu_seconds: cpu,
    cpu_s_per_10k: perTenThousand(cpu, latencies.length),
    ...memory(target.pid),
  };
}

// perf/drivers/stdio_driver.mjs in `mode`; for `load`, `native` is the C++ driver to run in its
// place (perf/drivers/stdio_load.cpp, the same flags and figures), or null.
export async function stdioDriver(mode, flags, command, native = null) {
  const args = [...Object.entries(flags).filter(([, v]) => v !== undefined).map(([k, v]) => `--${k}=${v}`), '--', ...command];
  const { stdout } = native ? await run(native, args, { maxBuffer: 1 << 24 })
    : await run(process.execPath, [path.join(PERF, 'drivers', 'stdio_driver.mjs'), mode, ...args], { maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

// Start-up over stdio measured by perf/drivers/start_probe (C++): spawn to the first tools/list answer.
export async function startProbe(probe, starts, command) {
  const { stdout } = await run(probe, [String(starts), '--', ...command], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}
