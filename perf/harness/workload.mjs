// Workloads as request sequences, derived from the package data: component names from the web-types
// of each (version, locale), popularity drawn from a Zipf law, search queries from the words the
// data itself uses most. Sequences are written as "<path>\t<JSON-RPC body>" lines for wrk and the
// stdio driver.
import fs from 'node:fs';
import path from 'node:path';
import { rpcBody } from './mcp_http.mjs';

export const LOCALES = ['en-US', 'zh-CN'];

function webTypesTags(dataDir, version, locale) {
  const file = path.join(dataDir, 'npm', `@varlet/ui@${version}`, 'highlight', `web-types.${locale}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8'))?.contributions?.html?.tags ?? [];
}

export function componentNames(dataDir, version, locale) {
  return webTypesTags(dataDir, version, locale).map((t) => t.name);
}

// A deterministic generator (mulberry32), so every run and every target sees the same sequence.
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled(items, next) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// `count` draws from items where the k-th (after a seeded shuffle, so popularity does not follow the
// alphabet) has probability proportional to 1/k^s.
export function zipfDraws(items, s, count, next) {
  const ranked = shuffled(items, next);
  const cumulative = [];
  let total = 0;
  for (let k = 1; k <= ranked.length; k++) cumulative.push((total += 1 / k ** s));
  const draws = [];
  for (let i = 0; i < count; i++) {
    const target = next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    draws.push(ranked[low]);
  }
  return draws;
}

// Search queries the data suggests: the prop names most components share and the component stems.
export function searchQueries(dataDir, version, locale, count = 40) {
  const tags = webTypesTags(dataDir, version, locale);
  const uses = new Map();
  for (const tag of tags) for (const a of tag.attributes ?? []) uses.set(a.name, (uses.get(a.name) ?? 0) + 1);
  const props = [...uses.entries()].sort((a, b) => b[1] - a[1]).slice(0, count / 2).map(([name]) => name);
  const stems = tags.map((t) => t.name.replace(/^var-/, '').replace(/-/g, ' '));
  return [...props, ...stems.slice(0, count / 2)];
}

// One request of a sequence: the HTTP path (the ceiling serves a file per component) and the call.
export const toolCall = (tool, args, path = '/mcp') => ({ path, method: 'tools/call', params: { name: tool, arguments: args } });
export const plainRequest = (method, path = '/mcp') => ({ path, method, params: {} });
// A sessionless 2026-07-28 tools/call: what the client is travels in _meta on every request.
export const MODERN_PROTOCOL = '2026-07-28';
export const modernCall = (tool, args) => ({
  path: '/mcp',
  method: 'tools/call',
  params: {
    name: tool,
    arguments: args,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': MODERN_PROTOCOL,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'perf-run', version: '1' },
    },
  },
});

// Writes the sequence with ids 1..n, so concurrent requests of one session never share an id.
export function writeSequence(file, requests, mcpPath) {
  const lines = requests.map((r, i) => `${r.path === '/mcp' ? mcpPath : r.path}\t${rpcBody(i + 1, r.method, r.params)}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
