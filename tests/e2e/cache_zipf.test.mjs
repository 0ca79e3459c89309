// A bounded load of get_component_api calls whose components follow a Zipf law, as real traffic
// does: every answer right, every upstream file fetched once, and the hit rate and cost of a cold
// call reported (node --test prints them as diagnostics).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectHttp, startFakeUpstream, textOf } from './harness.mjs';
import { VERSION, cacheCounters, callApi, componentNames, serverWithClient, webTypes } from './cache_support.mjs';

const CALLS = 10000;
const IN_FLIGHT = 16;

// A seeded generator, so every run draws the same sequence.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` draws over `items` with P(rank k) proportional to 1/k^s; ranks are a shuffled order. */
function zipfDraws(items, count, s = 1, seed = 20240601) {
  const random = mulberry32(seed);
  const ranked = [...items];
  for (let i = ranked.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranked[i], ranked[j]] = [ranked[j], ranked[i]];
  }
  const weights = ranked.map((_, k) => 1 / (k + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w / total), 0);
  return Array.from({ length: count }, () => {
    const u = random();
    const k = cumulative.findIndex((c) => u <= c);
    return ranked[k === -1 ? ranked.length - 1 : k];
  });
}

describe('a Zipf-distributed load', () => {
  let upstream;
  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(async () => upstream?.stop());

  test(`${CALLS} get_component_api calls over every component`, async (t) => {
    const { server, client, close } = await serverWithClient(upstream, { args: ['--cache.warm=[]'] });
    try {
      const tags = webTypes('en-US');
      const cold = performance.now();
      const first = await callApi(client, 'button');
      const coldMs = performance.now() - cold;
      const coldRequests = upstream.stats().total;
      assert.ok(!first.isError);

      const draws = zipfDraws(componentNames(), CALLS);
      const distinct = new Set(draws).size;
      let next = 0;
      const wrong = [];
      const started = performance.now();
      // One session per worker, as many clients would be (and no SDK transport carries all 10,000 calls).
      const sessions = await Promise.all(Array.from({ length: IN_FLIGHT }, () => connectHttp(server.mcpUrl)));
      const worker = async ({ client }) => {
        while (next < draws.length) {
          const name = draws[next++];
          const r = await callApi(client, name);
          const component = r.structuredContent?.component;
          const props = new Set((component?.props ?? []).map((p) => p.name));
          const right = !r.isError && component?.tag === `var-${name}` && component.version === VERSION &&
            tags.get(`var-${name}`).every((p) => props.has(p));
          if (!right && wrong.push(`${name}: ${r.isError ? textOf(r) : JSON.stringify(component).slice(0, 200)}`) > 5) wrong.length = 5;
        }
      };
      await Promise.all(sessions.map(worker));
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(sessions.map((s) => s.close()));
      assert.deepEqual(wrong, [], 'some answers were wrong');

      const rendered = await cacheCounters(server, 'rendered', (c) => c.l1Hits + c.l2Hits + c.misses >= CALLS + 1);
      const lookups = rendered.l1Hits + rendered.l2Hits + rendered.misses;
      assert.equal(lookups, CALLS + 1);
      assert.ok(rendered.misses >= distinct, 'every component was rendered at least once');
      const { total, byTarget } = upstream.stats();
      assert.deepEqual(Object.entries(byTarget).filter(([, n]) => n !== 1), [], 'a file was fetched twice');
      assert.equal(total, coldRequests, 'the hot calls asked the upstream');

      const hitRate = (rendered.l1Hits + rendered.l2Hits) / lookups;
      t.diagnostic(`cold call (empty cache, catalog built from the upstream): ${coldMs.toFixed(0)} ms, ${coldRequests} upstream requests`);
      t.diagnostic(`${CALLS} Zipf(s=1) calls over ${componentNames().length} components (${distinct} distinct drawn), ${IN_FLIGHT} in flight: ` +
        `${seconds.toFixed(1)} s, ${(CALLS / seconds).toFixed(0)} calls/s`);
      t.diagnostic(`rendered cache: ${rendered.l1Hits} L1 hits, ${rendered.l2Hits} L2 hits, ${rendered.misses} misses, ` +
        `hit rate ${(hitRate * 100).toFixed(2)} % (reported ${(rendered.hitRate * 100).toFixed(2)} %); upstream requests in all: ${total}`);
      assert.ok(Math.abs(rendered.hitRate - hitRate) < 1e-9);
    } finally {
      await close();
    }
  });
});
