// What the adversarial matrix needs beside the harness: raw HTTP from any loopback address (Linux
// routes all of 127/8 to lo), raw sockets that trickle or never read, what the kernel says about
// the server (RSS, descriptors, TCP states), the legitimate client whose answers must not change,
// and the matrix itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { connectHttp, textOf } from './harness.mjs';

export const PROTOCOL = '2025-11-25';
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the server process, as the kernel sees it ----------------------------------------------------

/**
 * Whether the server binary is built with AddressSanitizer, whose quarantine keeps freed memory
 * resident (also through the sanitized build's wrapper script).
 */
export function isSanitized(bin) {
  const bytes = fs.readFileSync(bin);
  if (bytes.includes('__asan_init')) return true;
  const wrapped = /^exec '([^']+)'/m.exec(bytes.toString('utf8', 0, Math.min(bytes.length, 4096)));
  return wrapped ? isSanitized(wrapped[1]) : false;
}

/** VmRSS in MiB, open descriptors and threads of a live process. */
export function procStats(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    const rssKiB = field('VmRSS'); // absent once the process has exited (a zombie until reaped)
    if (!Number.isFinite(rssKiB)) return null;
    return { rssMiB: rssKiB / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length, threads: field('Threads') };
  } catch {
    return null;
  }
}

const TCP_STATES = { '01': 'ESTABLISHED', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2', '06': 'TIME_WAIT', '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0B': 'CLOSING' };

/**
 * The state of the server's end of the loopback connection serverPort ↔ clientPort, from
 * /proc/net/tcp, or null when the kernel holds no such socket any more. A paused Node socket does
 * not notice that the server closed it; the kernel does.
 */
export function serverSideState(serverPort, clientPort) {
  const hex = (port) => port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, remote, state] = line.trim().split(/\s+/);
    if (local?.endsWith(`:${hex(serverPort)}`) && remote?.endsWith(`:${hex(clientPort)}`)) return TCP_STATES[state] ?? state;
  }
  return null;
}

// ---- raw HTTP --------------------------------------------------------------------------------------

export const rpcBody = (id, method, params) => JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });

/** The headers of a Streamable HTTP POST, with the session when there is one. */
export function mcpHeaders(sessionId, extra = {}) {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': PROTOCOL,
    ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    ...extra,
  };
}

/** The JSON-RPC answer in a body: the JSON itself, or the last answer event of an SSE body. */
export function answerOf(contentType = '', text) {
  if (!contentType.startsWith('text/event-stream')) {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  const messages = text.split('\n').filter((l) => l.startsWith('data:') && l.length > 6).map((l) => JSON.parse(l.slice(5)));
  return messages.filter((m) => 'result' in m || 'error' in m).at(-1);
}

/**
 * One HTTP request with node:http (any header, any loopback source address, a keep-alive agent).
 * Resolves to {status, headers, text, json}; rejects on a socket error or after timeoutMs.
 */
export function rawRequest(url, { method = 'POST', headers = {}, body, agent, localAddress, timeoutMs = 20_000 } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: agent ?? false, localAddress },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode, headers: res.headers, text, json: answerOf(res.headers['content-type'], text) });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${u.pathname}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** POST of one JSON-RPC message in a session. */
export const rpc = (mcpUrl, sessionId, id, method, params, options = {}) =>
  rawRequest(mcpUrl, { ...options, headers: mcpHeaders(sessionId, options.headers), body: rpcBody(id, method, params) });

/**
 * initialize (and notifications/initialized unless `initialized` is false); resolves to {status,
 * sessionId, answer}. Throws when the server refuses, unless `refusable`.
 */
export async function openSession(mcpUrl, { initialized = true, refusable = false, ...options } = {}) {
  const answer = await rpc(mcpUrl, undefined, 0, 'initialize', {
    protocolVersion: PROTOCOL,
    capabilities: {},
    clientInfo: { name: 'adversary', version: '1' },
  }, options);
  const sessionId = answer.headers['mcp-session-id'];
  if (answer.status !== 200 && !refusable) throw new Error(`initialize: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  if (answer.status === 200 && initialized)
    await rawRequest(mcpUrl, { ...options, headers: mcpHeaders(sessionId), body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  return { status: answer.status, sessionId, answer };
}

/** Runs `work(item, index)` over items, `concurrency` at a time; stops starting new ones after `deadlineMs`. */
export async function inPool(items, concurrency, work, deadlineMs = 60_000) {
  const results = new Array(items.length);
  const stopAt = Date.now() + deadlineMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length && Date.now() < stopAt) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  if (next < items.length) throw new Error(`only ${next} of ${items.length} done in ${deadlineMs} ms`);
  return results;
}

/** A keep-alive agent of `sockets` connections from `localAddress`. */
export const agentFrom = (localAddress, sockets = 8) => new http.Agent({ keepAlive: true, maxSockets: sockets, localAddress });

/** A positive Retry-After in seconds, as RFC 9110 writes it. */
export function assertRetryAfter(headers, what) {
  const value = headers['retry-after'];
  assert.match(String(value), /^\d+$/, `${what}: Retry-After is ${value}`);
  assert.ok(Number(value) > 0, `${what}: Retry-After is ${value}`);
}

// ---- raw sockets -------------------------------------------------------------------------------------

/**
 * A raw connection that records what the server sent and when it closed: {socket, opened, received(),
 * closedAt, closed (promise), port}. `paused` leaves the answers unread (the kernel buffers fill).
 */
export function rawSocket(port, { host = '127.0.0.1', localAddress, paused = false } = {}) {
  const socket = net.connect({ port, host, localAddress });
  const chunks = [];
  const conn = { socket, opened: Date.now(), closedAt: null, error: null };
  conn.connected = new Promise((resolve, reject) => {
    socket.once('connect', () => {
      conn.port = socket.localPort;
      resolve(conn);
    });
    socket.once('error', reject);
  });
  conn.connected.catch(() => {});
  socket.on('error', (e) => (conn.error = e));
  if (paused) socket.pause();
  else socket.on('data', (d) => chunks.push(d));
  conn.closed = new Promise((resolve) => socket.once('close', () => resolve((conn.closedAt = Date.now()))));
  conn.received = () => Buffer.concat(chunks).toString('latin1');
  conn.status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(conn.received())?.[1] ?? 0);
  return conn;
}

/** Writes `bytes` one at a time every `everyMs` until the socket closes or `stop()`; resolves to the bytes sent. */
export async function trickle(conn, bytes, everyMs) {
  let sent = 0;
  for (; sent < bytes.length && conn.closedAt === null && !conn.socket.destroyed; sent++) {
    conn.socket.write(bytes.subarray(sent, sent + 1));
    await Promise.race([sleep(everyMs), conn.closed]);
  }
  return sent;
}

// ---- the legitimate client --------------------------------------------------------------------------

/**
 * An SDK client over Streamable HTTP from 127.0.0.1, whose two answers (get_component_api button and
 * list_components) must stay exactly what they were before any attack. `during(promise)` keeps
 * calling while an attack runs.
 */
export class LegitClient {
  static async connect(server, expected) {
    const legit = new LegitClient();
    legit.connection = await connectHttp(server.mcpUrl);
    legit.sessionId = legit.connection.transport.sessionId;
    legit.expected = expected ?? (await legit.answers());
    if (expected) await legit.check(); // a new server answers the same, and the client holds a warm connection
    return legit;
  }

  async answers() {
    const { client } = this.connection;
    const api = await client.callTool({ name: 'get_component_api', arguments: { name: 'button' } });
    const list = await client.callTool({ name: 'list_components', arguments: {} });
    assert.ok(!api.isError && !list.isError, `the legitimate client got an error: ${textOf(api)} ${textOf(list)}`);
    return { api: textOf(api), list: textOf(list) };
  }

  /** One round of both calls, checked against the answers before the attacks; resolves to 2 (calls made). */
  async check() {
    const now = await this.answers();
    assert.equal(now.api, this.expected.api, 'get_component_api {name: button} changed');
    assert.equal(now.list, this.expected.list, 'list_components changed');
    return 2;
  }

  /** Calls in a loop until `attack` settles (at most `rounds` rounds); resolves to {value, calls}. */
  async during(attack, { rounds = 300, everyMs = 50 } = {}) {
    let settled = false;
    const watched = Promise.resolve(attack).finally(() => (settled = true));
    watched.catch(() => {}); // rejected or not, it is awaited below; a failed check must not leave it unhandled
    let calls = 0;
    for (let i = 0; i < rounds && !settled; i++) {
      calls += await this.check();
      await Promise.race([sleep(everyMs), watched.catch(() => {})]);
    }
    return { value: await watched, calls };
  }

  close() {
    return this.connection.close().catch(() => {});
  }
}

// ---- the admin listener -------------------------------------------------------------------------------

/** GET of the admin listener's JSON metrics (with the token when the server has one). */
export async function adminMetrics(server, headers = {}) {
  assert.ok(server.adminUrl, 'the harness knows no admin listener (server.adminUrl)');
  const res = await rawRequest(`${server.adminUrl}/admin/metrics`, { method: 'GET', headers: { ...server.adminHeaders, ...headers } });
  assert.equal(res.status, 200, `/admin/metrics answered ${res.status}: ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text);
}

/** L1 entries per cache kind. */
export async function cacheEntries(server) {
  const caches = (await adminMetrics(server)).caches ?? {};
  return Object.fromEntries(Object.entries(caches).map(([kind, c]) => [kind, c.entries]));
}

/**
 * Asserts no cache kind holds fewer entries than before. The shards report every second (a busy one
 * later), so a shortfall must last 5 s to count. The servers keep their shard groups at one size:
 * around a resize the counts are inexact.
 */
export async function assertNothingDropped(server, before) {
  let after;
  const short = () => Object.entries(before).filter(([kind, n]) => (after[kind] ?? 0) < n);
  for (const deadline = Date.now() + 5000; ; await sleep(250)) {
    after = await cacheEntries(server);
    if (short().length === 0 || Date.now() > deadline) break;
  }
  if (short().length === 0) return;
  // What an operator would look at: the group's shards, evictions and the pool's resizes.
  const metrics = await adminMetrics(server);
  const [kind, n] = short()[0];
  const group = metrics.caches?.[kind] ?? {};
  const resizes = (metrics.scaleEvents?.recent ?? []).filter((e) => e.pool === `shard:${kind}`);
  assert.fail(`the ${kind} cache went from ${n} to ${after[kind]} entries (${group.shards} shards reporting, ` +
    `pool size ${metrics.pools?.[`shard:${kind}`]?.size}, ${group.evictions} evictions; ` +
    `resizes: ${JSON.stringify(resizes)}; restarts: ${JSON.stringify(metrics.restarts?.recent ?? [])})`);
}

// ---- the matrix -----------------------------------------------------------------------------------------

const cell = (value) => String(value ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
const mib = (v) => (Number.isFinite(v) ? v.toFixed(1) : '?');

/** The rows of the matrix as a markdown table. */
export function matrixTable(rows) {
  const lines = [
    '| # | attack | limit (config key) | what the attacker got | legitimate client | RSS MiB before → after | open fds before → after |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows)
    lines.push(`| ${[r.id, r.attack, r.limit, r.got, r.legit, `${mib(r.before?.rssMiB)} → ${r.died ? 'exited' : mib(r.after?.rssMiB)}`,
      `${r.before?.fds ?? '?'} → ${r.died ? 'exited' : r.after?.fds ?? '?'}`].map(cell).join(' | ')} |`);
  return lines.join('\n');
}
