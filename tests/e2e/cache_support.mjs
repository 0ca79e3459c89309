// What the cache and versions end-to-end tests share: a server on the fake upstream, the admin
// endpoints, the metrics snapshot, an independent reader of the L2 files, and the components and
// props of the real package read straight from its web-types files.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DATA_DIR, connectHttp, post, startHttpServer, tempDir, textOf, upstreamFlags } from './harness.mjs';

export const VERSION = '3.20.6';
export const LOCALES = ['en-US', 'zh-CN'];

/** Every tag and its prop names, from the package's own web-types file of a locale. */
export function webTypes(locale, version = VERSION) {
  const file = path.join(DATA_DIR, 'npm', `@varlet/ui@${version}`, 'highlight', `web-types.${locale}.json`);
  const tags = JSON.parse(fs.readFileSync(file, 'utf8')).contributions.html.tags;
  return new Map(tags.map((t) => [t.name, (t.attributes ?? []).map((a) => a.name)]));
}

/** A package folder holding only the pinned version, so every other version comes from an upstream. */
export function pinnedPackageDir() {
  const dir = tempDir('varlet-mcp-packages-');
  fs.mkdirSync(path.join(dir, '@varlet'));
  for (const name of [`ui@${VERSION}`, `icons@${VERSION}`])
    fs.symlinkSync(path.join(DATA_DIR, 'npm', '@varlet', name), path.join(dir, '@varlet', name));
  return dir;
}

/** Component names as a client writes them ("button-group"), from the web-types tags. */
export const componentNames = (locale = 'en-US') => [...webTypes(locale).keys()].map((tag) => tag.replace(/^var-/, ''));

/** Asserts a get_component_api result is the right component with exactly the package's props. */
export function checkComponentAnswer(assert, result, name, locale, expectedProps, version = VERSION) {
  assert.ok(!result.isError, `${name} (${locale}) failed: ${textOf(result)}`);
  const component = result.structuredContent?.component;
  assert.equal(component?.tag, `var-${name}`, `${name} (${locale}) answered another component`);
  assert.equal(component.version, version);
  assert.equal(component.locale, locale);
  const props = (component.props ?? []).map((p) => p.name);
  for (const prop of expectedProps) assert.ok(props.includes(prop), `${name} (${locale}) lacks the prop ${prop}`);
}

/**
 * Flags for the fake upstream with no local snapshot, so every file comes from it. (The command
 * line refuses a bare `--upstream.package-dir=`; a quoted empty string is no snapshot.)
 */
export const onlyUpstream = (upstream) => upstreamFlags(upstream, { packageDir: '""' });

/** A server on the fake upstream (files from it, not from a local snapshot) with a given cache folder. */
export function startOnUpstream(upstream, { cacheDir, args = [], ...options } = {}) {
  return startHttpServer({ cacheDir, args: [...onlyUpstream(upstream), ...args], ...options });
}

/** Starts a server and connects an SDK client; `close()` ends both. */
export async function serverWithClient(upstream, options = {}) {
  const server = await startOnUpstream(upstream, options);
  let connection;
  try {
    connection = await connectHttp(server.mcpUrl, options.clientOptions);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    client: connection.client,
    async close() {
      await connection.close().catch(() => {});
      await server.stop();
    },
  };
}

export const callApi = (client, name, extra = {}) =>
  client.callTool({ name: 'get_component_api', arguments: { name, ...extra } });

/** POST to an admin endpoint (with the server's `adminHeaders` unless others are given); resolves to {status, json, text}. */
export const admin = (server, what, body, headers = server.adminHeaders ?? {}) =>
  post(`${server.adminUrl}/admin/${what}`, body, headers);

/** The metrics actor's JSON snapshot (GET /admin/metrics). */
export async function metrics(server) {
  const res = await fetch(`${server.adminUrl}/admin/metrics`, { headers: server.adminHeaders ?? {} });
  if (res.status !== 200) throw new Error(`/admin/metrics answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Polls `probe` until it returns a truthy value; throws with `what` after `ms`. */
export async function waitFor(probe, what, ms = 10000, every = 100) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Cache counters of one kind once the shards have reported everything up to now (they sample every second). */
export async function cacheCounters(server, kind, settled = (c) => c) {
  return waitFor(async () => {
    const c = (await metrics(server)).caches?.[kind];
    return c && settled(c) ? c : null;
  }, `the ${kind} cache counters`, 10000, 200);
}

// ---- L2 files, read independently of the server ------------------------------------------------
// Layout (little endian): magic "VARLETL2" | u32 format | u8 kind | u8 flags | u16 | i64 created |
// i64 expires | u32 key length | u32 etag length | u64 payload length | u64 compressed length |
// u32 crc32(payload) | u32 crc32(bytes 0..59, key, etag) | key | etag | zlib(payload)

/** Decodes one L2 file; {key, payload, absent} or {error}. */
export function readL2(file) {
  const data = fs.readFileSync(file);
  if (data.length < 64 || data.subarray(0, 8).toString('latin1') !== 'VARLETL2') return { error: 'bad magic or short header' };
  const keyLength = data.readUInt32LE(32), etagLength = data.readUInt32LE(36);
  const payloadLength = Number(data.readBigUInt64LE(40)), compressedLength = Number(data.readBigUInt64LE(48));
  const bodyAt = 64 + keyLength + etagLength;
  if (data.length < bodyAt) return { error: 'truncated header' };
  const key = data.subarray(64, 64 + keyLength).toString('utf8');
  const headerCrc = zlib.crc32(data.subarray(64, bodyAt), zlib.crc32(data.subarray(0, 60)));
  if (headerCrc !== data.readUInt32LE(60)) return { key, error: 'header checksum' };
  if (data.length - bodyAt !== compressedLength) return { key, error: `body is ${data.length - bodyAt} bytes, header says ${compressedLength}` };
  let payload;
  try {
    payload = zlib.inflateSync(data.subarray(bodyAt));
  } catch (e) {
    return { key, error: `inflate: ${e.message}` };
  }
  if (payload.length !== payloadLength || zlib.crc32(payload) !== data.readUInt32LE(56)) return { key, error: 'payload checksum' };
  return { key, payload, absent: (data[13] & 1) === 1 };
}

/** The file name the server gives a key: FNV-1a 64 of its bytes, in hex. */
export function l2Name(key) {
  let hash = 14695981039346656037n;
  for (const byte of Buffer.from(key, 'utf8')) hash = ((hash ^ BigInt(byte)) * 1099511628211n) & 0xffffffffffffffffn;
  return `${hash.toString(16).padStart(16, '0')}.l2`;
}

/** Writes an entry of `key` next to the entry file `like`, with its header's format, kind and times. */
export function writeL2(like, key, payload) {
  const head = Buffer.from(fs.readFileSync(like).subarray(0, 64));
  const keyBytes = Buffer.from(key, 'utf8');
  const body = zlib.deflateSync(payload);
  head.writeUInt32LE(keyBytes.length, 32);
  head.writeUInt32LE(0, 36);
  head.writeBigUInt64LE(BigInt(payload.length), 40);
  head.writeBigUInt64LE(BigInt(body.length), 48);
  head.writeUInt32LE(zlib.crc32(payload), 56);
  head.writeUInt32LE(zlib.crc32(keyBytes, zlib.crc32(head.subarray(0, 60))), 60);
  const file = path.join(path.dirname(like), l2Name(key));
  fs.writeFileSync(file, Buffer.concat([head, keyBytes, body]));
  return file;
}

/** Every entry file and leftover temporary file under a cache folder, by kind. */
export function scanCache(dir) {
  const entries = [], temps = [];
  for (const kind of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const folder = path.join(dir, kind);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const name of fs.readdirSync(folder)) {
      const file = path.join(folder, name);
      if (name.startsWith('.tmp.')) temps.push(file);
      else if (name.endsWith('.l2')) entries.push({ kind, file });
    }
  }
  return { entries, temps };
}

/** The entry file of a kind whose key satisfies `match`. */
export function findEntry(dir, kind, match) {
  return scanCache(dir).entries.filter((e) => e.kind === kind).map((e) => ({ ...e, ...readL2(e.file) })).find((e) => e.key && match(e.key));
}
