// Scaling as an operator sees it: a bounded ramp of concurrent cold calls against a slow upstream
// makes the supervisor grow the fetcher pool (short [supervisor] interval and cooldown), idleness
// makes it shrink back, and growing a cache shard group hands its entries over so the calls after
// the resize are still hits (counted, with no disk level to fall back on and no new transfer).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { textOf } from './harness.mjs';
import { componentName, propsOf, startService, until, webTypes } from './metrics-support.mjs';

const FETCHERS_MAX = 4;
const MAX_CONCURRENT = 4; // transfers per fetcher; the pool grows when more than half of them wait on average
// The ramp: each step's calls start together; every (version, locale) is cold once.
const RAMP = [
  [['3.0.0', 'en-US']],
  [['3.0.0', 'zh-CN'], ['3.20.6', 'en-US']],
  [['3.20.6', 'zh-CN']],
];

describe('the supervisor follows load', { timeout: 120000 }, () => {
  let service, upstream, ops, session;

  before(async () => {
    service = await startService({
      // No disk level: a hit after a shard resize can only come from the handover.
      cacheDir: '""',
      args: [
        '--supervisor.interval=100ms',
        '--supervisor.cooldown=300ms',
        '--supervisor.fetchers-min=1',
        `--supervisor.fetchers-max=${FETCHERS_MAX}`,
        '--supervisor.shards-min=2',
        `--upstream.max-concurrent=${MAX_CONCURRENT}`,
        '--mcp.request-timeout=100s',
      ],
    });
    ({ upstream, ops, session } = service);
  });

  after(() => service?.close());

  const api = (name, version, locale) =>
    session.client.callTool({ name: 'get_component_api', arguments: { name, version, locale } }, undefined, { timeout: 100000 });
  const assertApi = (result, name, version, locale) => {
    assert.notEqual(result.isError, true, textOf(result));
    for (const prop of propsOf(version, name, locale)) assert.ok(textOf(result).includes(`\`${prop}\``), `${name} ${version} ${locale}: ${prop}`);
  };

  test('a ramp of cold calls against a slow upstream grows the fetcher pool; idleness shrinks it', async () => {
    upstream.setFaults([{ path: '/npm/', fault: 'slow', ms: 40 }]);
    const start = await ops.pools();
    assert.equal(start.fetcher.size, 1);
    let largest = 1;
    const watch = setInterval(async () => {
      const pools = await ops.pools().catch(() => null);
      if (pools) largest = Math.max(largest, pools.fetcher.size);
    }, 50);
    try {
      for (const step of RAMP) {
        const results = await Promise.all(step.map(([version, locale]) => api('button', version, locale)));
        results.forEach((r, i) => assertApi(r, 'button', ...step[i]));
      }
    } finally {
      clearInterval(watch);
    }
    upstream.clearFaults();

    const grown = await ops.metrics();
    const growth = grown.scaleEvents.recent.filter((e) => e.pool === 'fetcher' && e.to > e.from);
    assert.ok(growth.length >= 1, `the fetcher pool grew: ${JSON.stringify(grown.scaleEvents)}`);
    for (const e of growth) {
      assert.equal(e.to, e.from + 1, 'one member at a time');
      assert.match(e.reason, /^average queue [\d.]+ above 2\.0+$/);
      assert.ok(e.to <= FETCHERS_MAX);
    }
    assert.ok(largest >= 2, `/admin/pools showed the pool grown (largest ${largest})`);

    // Idle now: the pool shrinks back to its minimum, one member per cooldown.
    await until(async () => (await ops.pools()).fetcher.size === 1, { tries: 200, what: 'the fetcher pool to shrink to 1' });
    const shrunk = await until(async () => {
      const m = await ops.metrics();
      return m.pools.fetcher?.size === 1 ? m : null;
    }, { what: 'the metrics to show the shrink' });
    const shrinks = shrunk.scaleEvents.recent.filter((e) => e.pool === 'fetcher' && e.to < e.from);
    assert.equal(shrinks.length, growth.length, 'every member added was removed again');
    for (const e of shrinks) assert.match(e.reason, /^idle for \d+ intervals$/);
    assert.equal(shrunk.scaleEvents.byPool.fetcher, growth.length + shrinks.length);
    assert.equal((await ops.pools()).fetcher.scaleEvents, growth.length + shrinks.length);
  });

  test('growing the catalog and rendered shard groups keeps their entries: the calls after are hits', async () => {
    // Components not asked for yet: each call is rendered afresh from its catalog (one catalog lookup
    // and one rendered miss each); asking the ramp's calls again is one rendered hit each.
    const names = webTypes('3.0.0').map(componentName).filter((n) => n !== 'button').slice(0, 6);
    const transfers = upstream.stats().total;
    const before = await until(async () => {
      const m = await ops.metrics();
      // The shards report once a second: wait until the ramp's four catalog loads are in.
      return m.caches.catalog.loads === 4 ? m : null;
    }, { what: 'the four catalog loads to be reported' });

    for (const pool of ['shard:catalog', 'shard:rendered']) {
      const resized = await ops.resize(pool, 4);
      assert.equal(resized.status, 200, resized.text);
      assert.deepEqual(resized.json, { size: 4 });
      assert.equal((await ops.pools())[pool].size, 4);
    }

    for (const [version, locale] of RAMP.flat()) assertApi(await api('button', version, locale), 'button', version, locale);
    for (const name of names)
      for (const locale of ['en-US', 'zh-CN']) assertApi(await api(name, '3.0.0', locale), name, '3.0.0', locale);
    const repeated = RAMP.flat().length;
    const fresh = names.length * 2;
    const delta = (m, kind, field) => m.caches[kind][field] - before.caches[kind][field];
    const after = await until(async () => {
      const m = await ops.metrics();
      return delta(m, 'catalog', 'l1Hits') + delta(m, 'catalog', 'misses') >= fresh &&
        delta(m, 'rendered', 'l1Hits') + delta(m, 'rendered', 'misses') >= repeated + fresh
        ? m
        : null;
    }, { what: 'the lookups after the resize to be reported' });
    assert.equal(delta(after, 'catalog', 'l1Hits'), fresh, 'every catalog lookup after the resize was an L1 hit');
    assert.equal(delta(after, 'catalog', 'misses'), 0);
    assert.equal(delta(after, 'rendered', 'l1Hits'), repeated, 'every answer rendered before the resize was still there');
    assert.equal(delta(after, 'rendered', 'misses'), fresh);
    assert.equal(after.caches.catalog.loads, 4, 'no catalog was built again');
    assert.equal(after.caches.catalog.l2Hits + after.caches.rendered.l2Hits, 0, 'there is no disk level');
    assert.equal(upstream.stats().total, transfers, 'nothing was fetched again');
    for (const pool of ['shard:catalog', 'shard:rendered'])
      assert.ok(
        after.scaleEvents.recent.some((e) => e.pool === pool && e.to === 4 && /by hand/.test(e.reason)),
        `${pool} resize in the scale events: ${JSON.stringify(after.scaleEvents.recent)}`,
      );
  });
});
