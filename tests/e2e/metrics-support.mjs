// What the operations tests (metrics, restart, scaling, memory) share: the loopback admin
// endpoints of a running server, bounded waiting, and the `varlet-mcp` command line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, DATA_DIR, connectHttp, startFakeUpstream, startHttpServer, upstreamFlags } from './harness.mjs';

/**
 * The real server over HTTP with every upstream on the fake one (no local snapshot, nothing warmed
 * at start, so every load the test sees is one it caused), and an SDK client connected unless
 * `connect` is false. Resolves to {upstream, server, ops, session, client, close()}; close() stops
 * what it started (an `upstream` passed in is left running).
 */
export async function startService({ args = [], cacheDir, upstream, connect = true } = {}) {
  const own = !upstream;
  upstream ??= await startFakeUpstream();
  // An empty package-dir: no local snapshot, every package file is a transfer the fake upstream logs.
  const server = await startHttpServer({
    ...(cacheDir === undefined ? {} : { cacheDir }),
    args: [...upstreamFlags(upstream, { packageDir: '""' }), '--cache.warm=[]', ...args],
  });
  const session = connect ? await connectHttp(server.mcpUrl) : null;
  return {
    upstream,
    server,
    ops: admin(server),
    session,
    client: session?.client,
    async close() {
      await session?.close();
      await server.stop();
      if (own) await upstream.stop();
    },
  };
}

/** Polls `probe` until it returns a truthy value, which it returns; bounded in tries, never in latency asserted. */
export async function until(probe, { tries = 150, every = 100, what = 'a condition' } = {}) {
  let last;
  for (let i = 0; i < tries; i++) {
    last = await probe();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The admin listener of a server started by startHttpServer. */
export function admin(server) {
  const call = async (method, route) => {
    const res = await fetch(server.adminUrl + route, { method });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, text, json };
  };
  return {
    metrics: async () => (await call('GET', '/admin/metrics')).json,
    prometheus: async () => (await call('GET', '/metrics')).text,
    pools: async () => (await call('GET', '/admin/pools')).json,
    // Pool names go unescaped: the admin endpoints do not percent-decode their query ("shard:catalog").
    crash: (pool, index) => call('POST', `/admin/crash?pool=${pool}&index=${index}`),
    resize: (pool, size) => call('POST', `/admin/resize?pool=${pool}&size=${size}`),
    call,
  };
}

/** Prometheus text as {"name{labels}": value}, labels as written. */
export function parsePrometheus(text) {
  const samples = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable sample line: ${line}`);
    samples[m[1]] = Number(m[2]);
  }
  return samples;
}

/** Runs the varlet-mcp binary to its end (killed after 20 s); resolves to {code, stdout, stderr}. */
export function runCli(args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The package's own web-types of one version and locale (what a component's props must be). */
export function webTypes(version, locale = 'en-US') {
  const file = path.join(DATA_DIR, 'npm', `@varlet/ui@${version}`, 'highlight', `web-types.${locale}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')).contributions.html.tags;
}

/** A component's name as the tools take it, from its web-types tag ("var-button" -> "button"). */
export const componentName = (tag) => tag.name.replace(/^var-/, '');

/** The props of one component as web-types lists them. */
export function propsOf(version, name, locale = 'en-US') {
  const tag = webTypes(version, locale).find((t) => componentName(t) === name);
  if (!tag) throw new Error(`no ${name} in the ${version} web-types`);
  return (tag.attributes ?? tag.props ?? []).map((a) => a.name);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
