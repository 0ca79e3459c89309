// A fake of the upstreams varlet-mcp talks to, as a real HTTP server on 127.0.0.1:
//   GET /npm/<name>@<version>/<path>          files of the unpacked real tarballs under <dataDir>/npm
//   GET /gh/<user>/<repo>@<ref>/<path>        the docs fixtures under <fixturesDir>/github
//   GET /v1/packages/npm/<name>               jsDelivr's package listing {type, name, tags, versions, links}
//   GET /v1/packages/npm/<name>/resolved?specifier=S   {type, name, version, links}
// with Content-Length, gzip when accepted, keep-alive, ETag/If-None-Match → 304, fault injection
// (see faults.mjs) and request counting; over HTTPS when given a key and certificate. Control
// (also used by cli.mjs's callers):
//   GET /__stats, POST /__control/faults (rules array), DELETE /__control/faults,
//   POST /__control/versions ({package?, latest?, versions, tags?, aliases?}), POST /__control/reset.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { compileRules, describeRules, takeFault } from './faults.mjs';
import { isPrerelease, parseVersion, resolveSpecifier, sortNewestFirst } from './semver.mjs';

const ROOT = process.env.VARLET_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_PACKAGE = '@varlet/ui';

const CONTENT_TYPES = {
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.cjs': 'application/javascript; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.vue': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};
const JSON_TYPE = CONTENT_TYPES['.json'];
const TEXT_TYPE = 'text/plain; charset=utf-8';
const IMMUTABLE = 'public, max-age=31536000, s-maxage=31536000, immutable';
const MiB = 1 << 20;
const HUGE_BYTES = 64 * MiB;
const BOMB_BYTES = 256 * MiB;
const DRIP_MS = 1000;
const REDIRECT_TARGET = 'file:///etc/passwd';
const SHORT = 'public, max-age=300, s-maxage=300';

/** The unpacked packages under <dataDir>/npm: {name: [versions]} ("@scope/name@version" folders). */
export function scanPackages(npmDir) {
  const found = {};
  const entries = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []);
  const add = (folder) => {
    const at = folder.lastIndexOf('@');
    if (at <= 0) return;
    const name = folder.slice(0, at), version = folder.slice(at + 1);
    if (parseVersion(version)) (found[name] ??= []).push(version);
  };
  for (const entry of entries(npmDir)) {
    if (!entry.isDirectory()) continue;
    if (!entry.name.startsWith('@')) add(entry.name);
    else for (const sub of entries(path.join(npmDir, entry.name))) if (sub.isDirectory()) add(`${entry.name}/${sub.name}`);
  }
  return found;
}

function manifestOf(versions, { latest, tags = {}, aliases = {} } = {}) {
  const sorted = sortNewestFirst(versions);
  if (sorted.length !== versions.length) {
    const bad = versions.filter((v) => !parseVersion(v));
    if (bad.length) throw new Error(`not semver versions: ${bad.join(', ')}`);
  }
  const allTags = { ...tags };
  const newestStable = sorted.find((v) => !isPrerelease(v));
  if (latest) allTags.latest = latest;
  else if (!allTags.latest && newestStable) allTags.latest = newestStable;
  return { tags: allTags, versions: sorted, aliases: { ...aliases } };
}

const etagOf = (body) => `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;

function notModified(req, etag) {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

function acceptsGzip(header = '') {
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding.trim().toLowerCase() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
    return !q || Number(q[1]) > 0;
  });
}

const isCompressible = (type) => /json|text|javascript|svg/.test(type);

function splitSpec(rest, nameSegments = rest.startsWith('@') ? 2 : 1) {
  // npm: "@scope/name@version/path..." or "name@version/path..."; GitHub: "user/repo@ref/path..." (2 segments)
  const segments = rest.split('/');
  const spec = segments.slice(0, nameSegments).join('/');
  const at = spec.lastIndexOf('@');
  if (at <= 0) return null;
  return { name: spec.slice(0, at), version: spec.slice(at + 1), file: segments.slice(nameSegments).join('/') };
}

function insideRoot(root, relative) {
  const full = path.resolve(root, relative);
  return full === root || full.startsWith(root + path.sep) ? full : null;
}

function readFileAnswer(root, relative, notFoundMessage) {
  const full = insideRoot(root, relative);
  let stat = null;
  try {
    stat = full && fs.statSync(full);
  } catch {}
  if (!stat || !stat.isFile()) return textAnswer(404, notFoundMessage);
  return {
    status: 200,
    type: CONTENT_TYPES[path.extname(full)] ?? 'application/octet-stream',
    cache: IMMUTABLE,
    body: fs.readFileSync(full),
    etag: true,
  };
}

const textAnswer = (status, text) => ({ status, type: TEXT_TYPE, cache: 'no-cache', body: Buffer.from(text) });
const jsonAnswer = (status, value, extra = {}) => ({
  status,
  type: JSON_TYPE,
  cache: status === 200 ? SHORT : 'no-cache',
  body: Buffer.from(JSON.stringify(value)),
  ...extra,
});
const apiError = (status, message) => jsonAnswer(status, { status, message });

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

// gzip streams of `bytes` zeros, made once per size (a 256 MiB bomb is about 250 KiB).
const bombs = new Map();
function gzipBomb(bytes) {
  if (!bombs.has(bytes))
    bombs.set(bytes, new Promise((resolve, reject) => {
      const gzip = zlib.createGzip({ level: 9 });
      const parts = [];
      gzip.on('data', (d) => parts.push(d));
      gzip.on('end', () => resolve(Buffer.concat(parts)));
      gzip.on('error', reject);
      const zeros = Buffer.alloc(MiB);
      let left = bytes;
      const feed = () => {
        while (left > 0) {
          const n = Math.min(left, zeros.length);
          left -= n;
          if (!gzip.write(zeros.subarray(0, n))) return gzip.once('drain', feed);
        }
        gzip.end();
      };
      feed();
    }));
  return bombs.get(bytes);
}

/**
 * Starts the fake upstream (over HTTPS with `tls: {key, cert}`, PEM text). Returns {url, npmBase,
 * githubBase, versionsApi, setFaults(rules), clearFaults(), setVersions({package?, latest?, versions,
 * tags?, aliases?}), resetVersions(), stats(), count(substring), resetStats(), reset(), stop()}.
 */
export async function startFakeUpstream({
  host = '127.0.0.1',
  port = 0,
  tls = null,
  dataDir = process.env.VARLET_DATA_DIR || path.join(ROOT, 'data'),
  fixturesDir = process.env.VARLET_FIXTURES || path.join(ROOT, 'tests', 'fixtures'),
} = {}) {
  const npmRoot = path.resolve(dataDir, 'npm');
  const ghRoot = path.resolve(fixturesDir, 'github');
  const published = scanPackages(npmRoot);
  const defaultManifests = () => new Map(Object.entries(published).map(([name, versions]) => [name, manifestOf(versions)]));

  let manifests = defaultManifests();
  let faults = [];
  let stats;
  const resetStats = () => {
    stats = { total: 0, byPath: {}, byTarget: {}, byStatus: {}, connections: 0, notModified: 0, gzipped: 0, faultsApplied: 0 };
  };
  resetStats();
  const timers = new Set();
  const sockets = new Set();
  let base = '';

  const links = (name, version) => ({
    self: `${base}/v1/packages/npm/${name}@${version}`,
    entrypoints: `${base}/v1/packages/npm/${name}@${version}/entrypoints`,
    stats: `${base}/v1/stats/packages/npm/${name}@${version}`,
  });

  function aliasOf(name, version) {
    return manifests.get(name)?.aliases[version] ?? version;
  }

  function npmFile(rest) {
    const spec = splitSpec(rest);
    if (!spec || !spec.file) return textAnswer(404, `Couldn't find the requested file.`);
    let version = aliasOf(spec.name, spec.version);
    if (!fs.existsSync(path.join(npmRoot, `${spec.name}@${version}`))) {
      // jsDelivr also serves tags and ranges in file URLs, resolved over the listing.
      const manifest = manifests.get(spec.name);
      const resolved = manifest && resolveSpecifier(manifest, spec.version);
      if (!resolved) return textAnswer(404, `Couldn't find the requested release version ${spec.version}.`);
      version = aliasOf(spec.name, resolved);
    }
    return readFileAnswer(npmRoot, `${spec.name}@${version}/${spec.file}`, `Couldn't find the requested file /${spec.file} in ${spec.name}.`);
  }

  function ghFile(rest) {
    const spec = splitSpec(rest, 2);
    if (!spec || !spec.file) return textAnswer(404, `Couldn't find the requested file.`);
    let ref = spec.version;
    for (const manifest of manifests.values()) {
      const aliased = ref.startsWith('v') && manifest.aliases[ref.slice(1)];
      if (aliased) ref = `v${aliased}`;
    }
    return readFileAnswer(ghRoot, `${spec.name}@${ref}/${spec.file}`, `Couldn't find the requested file /${spec.file} in ${spec.name}.`);
  }

  function packagesApi(rest, url) {
    const resolvedSuffix = '/resolved';
    const wantsResolved = rest.endsWith(resolvedSuffix);
    const name = wantsResolved ? rest.slice(0, -resolvedSuffix.length) : rest;
    const manifest = manifests.get(name);
    if (!manifest) return apiError(404, `Couldn't find ${name}.`);
    if (wantsResolved) {
      const version = resolveSpecifier(manifest, url.searchParams.get('specifier') ?? 'latest');
      return jsonAnswer(200, { type: 'npm', name, version, links: version ? links(name, version) : {} }, { etag: true });
    }
    return jsonAnswer(
      200,
      {
        type: 'npm',
        name,
        tags: manifest.tags,
        versions: manifest.versions.map((version) => ({ version, links: links(name, version) })),
        links: { stats: `${base}/v1/stats/packages/npm/${name}` },
      },
      { etag: true },
    );
  }

  function route(url) {
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return textAnswer(400, 'Bad URL encoding.');
    }
    if (pathname.startsWith('/npm/')) return npmFile(pathname.slice('/npm/'.length));
    if (pathname.startsWith('/gh/')) return ghFile(pathname.slice('/gh/'.length));
    if (pathname.startsWith('/v1/packages/npm/')) return packagesApi(pathname.slice('/v1/packages/npm/'.length), url);
    return apiError(404, `Not found: ${url.pathname}`);
  }

  function setVersions({ package: name = DEFAULT_PACKAGE, latest, versions, tags, aliases } = {}) {
    if (!Array.isArray(versions) || !versions.length) throw new Error('versions must be a non-empty array');
    manifests.set(name, manifestOf(versions, { latest, tags, aliases }));
    return manifests.get(name);
  }

  const delay = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function send(req, res, answer, rule) {
    const headers = {
      'Content-Type': answer.type,
      'Cache-Control': answer.cache,
      Vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      ...(rule?.headers ?? {}),
    };
    let body = answer.body;
    if (answer.etag && answer.status === 200) {
      headers.ETag = etagOf(body);
      if (notModified(req, headers.ETag)) {
        stats.notModified += 1;
        return finish(res, 304, { ETag: headers.ETag, 'Cache-Control': answer.cache, Vary: 'Accept-Encoding' }, null);
      }
    }
    if (body.length && isCompressible(answer.type) && acceptsGzip(req.headers['accept-encoding'])) {
      body = zlib.gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
      stats.gzipped += 1;
    }
    headers['Content-Length'] = body.length;
    if (rule?.fault === 'reset' || rule?.fault === 'truncate') return breakResponse(res, answer.status, headers, body, rule.fault);
    finish(res, answer.status, headers, req.method === 'HEAD' ? null : body);
  }

  function finish(res, status, headers, body) {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    res.writeHead(status, headers);
    res.end(body ?? undefined);
  }

  function breakResponse(res, status, headers, body, kind) {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    const socket = res.socket;
    res.writeHead(status, headers);
    const part = body.subarray(0, Math.floor(body.length / 2));
    const cut = () => (kind === 'reset' ? (socket.resetAndDestroy?.() ?? socket.destroy()) : socket.end());
    if (part.length) res.write(part, cut);
    else res.flushHeaders(), setImmediate(cut);
  }

  function streamHuge(res, bytes) {
    stats.byStatus[200] = (stats.byStatus[200] ?? 0) + 1;
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-cache' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = bytes;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(chunk.subarray(0, n))) return res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  }

  async function sendBomb(res, bytes) {
    const body = await gzipBomb(bytes);
    finish(res, 200, { 'Content-Type': JSON_TYPE, 'Content-Encoding': 'gzip', 'Content-Length': body.length }, body);
  }

  async function drip(res, answer, ms) {
    stats.byStatus[answer.status] = (stats.byStatus[answer.status] ?? 0) + 1;
    res.writeHead(answer.status, { 'Content-Type': answer.type, 'Content-Length': answer.body.length, 'Cache-Control': 'no-cache' });
    for (let i = 0; i < answer.body.length && !res.destroyed; i++) {
      res.write(answer.body.subarray(i, i + 1));
      await delay(ms);
    }
    if (!res.destroyed) res.end();
  }

  function redirect(res, status, location) {
    finish(res, status, { Location: location, 'Content-Type': TEXT_TYPE, 'Cache-Control': 'no-cache' }, `see ${location}`);
  }

  function brokenJson(answer) {
    const real = answer.status === 200 ? answer.body.toString('utf8') : '';
    const text = real.length > 2 ? real.slice(0, Math.ceil(real.length / 2)) : '{"status": 200, "data": [1, 2,';
    return { ...answer, status: 200, type: JSON_TYPE, body: Buffer.from(text), etag: false };
  }

  async function control(req, res, url) {
    const reply = (status, value) => finish(res, status, { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' }, JSON.stringify(value));
    try {
      const key = `${req.method} ${url.pathname}`;
      if (key === 'GET /__stats') return reply(200, api.stats());
      if (key === 'GET /__control/faults') return reply(200, { rules: describeRules(faults) });
      if (key === 'DELETE /__control/faults') return api.clearFaults(), reply(200, { rules: [] });
      if (key === 'POST /__control/faults') {
        const body = await readBody(req);
        await api.setFaults(Array.isArray(body) ? body : body?.rules ?? []);
        return reply(200, { rules: describeRules(faults) });
      }
      if (key === 'POST /__control/versions') return reply(200, setVersions(await readBody(req)));
      if (key === 'POST /__control/reset') return api.reset(), reply(200, { reset: true });
      return reply(404, { status: 404, message: `no control endpoint ${key}` });
    } catch (error) {
      return reply(400, { status: 400, message: String(error.message ?? error) });
    }
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://upstream.invalid');
    if (url.pathname === '/__stats' || url.pathname.startsWith('/__control/')) return control(req, res, url);
    req.resume();
    stats.total += 1;
    stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
    stats.byTarget[req.url] = (stats.byTarget[req.url] ?? 0) + 1;
    const rule = takeFault(faults, req.url);
    if (rule) stats.faultsApplied += 1;
    const wait = rule?.fault === 'drip' ? 0 : rule?.ms ?? (rule?.fault === 'slow' ? 1000 : 0);
    if (wait) await delay(wait);
    // hang: no answer; the socket stays open until the client gives up or stop() closes it.
    if (res.destroyed || rule?.fault === 'hang') return;
    if (rule?.fault === 'huge') return streamHuge(res, rule.bytes ?? HUGE_BYTES);
    if (rule?.fault === 'gzip-bomb') return sendBomb(res, rule.bytes ?? BOMB_BYTES);
    if (rule?.fault === 'redirect') return redirect(res, rule.status ?? 302, rule.location ?? REDIRECT_TARGET);
    if (rule?.fault === 'redirect-loop') return redirect(res, 302, `${base}${req.url}`);
    if (rule?.fault === 'status') {
      const status = rule.status ?? 500;
      return send(req, res, url.pathname.startsWith('/v1/') ? apiError(status, 'injected fault') : textAnswer(status, `injected fault ${status}`), rule);
    }
    const answer = route(url);
    if (rule?.fault === 'drip') return drip(res, answer, rule.ms ?? DRIP_MS);
    send(req, res, rule?.fault === 'invalid-json' ? brokenJson(answer) : answer, rule);
  }

  const serve = (req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) finish(res, 500, { 'Content-Type': TEXT_TYPE }, `fake upstream error: ${error.message}`);
      else res.destroy();
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, serve) : http.createServer(serve);
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  server.on('connection', (socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  base = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  const api = {
    url: base,
    port: address.port,
    npmBase: `${base}/npm`,
    githubBase: `${base}/gh`,
    versionsApi: `${base}/v1/packages/npm/${DEFAULT_PACKAGE}`,
    /**
     * Installs fault rules; resolves once their payloads are made (a gzip bomb takes a second or
     * two to compress), so a test that awaits it times the server, not the fake upstream.
     */
    setFaults(rules) {
      faults = compileRules(rules);
      return Promise.all(faults.filter((r) => r.fault === 'gzip-bomb').map((r) => gzipBomb(r.bytes ?? BOMB_BYTES)));
    },
    clearFaults() {
      faults = [];
    },
    setVersions,
    resetVersions() {
      manifests = defaultManifests();
    },
    manifest(name = DEFAULT_PACKAGE) {
      return manifests.get(name);
    },
    stats() {
      return structuredClone({ ...stats, faults: describeRules(faults) });
    },
    /** Requests whose target (path and query) contains `substring`. */
    count(substring) {
      return Object.entries(stats.byTarget).reduce((n, [target, c]) => n + (target.includes(substring) ? c : 0), 0);
    },
    resetStats,
    reset() {
      faults = [];
      manifests = defaultManifests();
      resetStats();
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  return api;
}
