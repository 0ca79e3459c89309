// Memory pressure on the real process. The thresholds are start-up settings (there is no way to
// change them at runtime), so the test measures the idle RSS of an identically started server,
// then starts one whose warning threshold lies just above that idle RSS and whose critical
// threshold lies above it by about two catalogs, and makes the RSS cross them by loading the real
// catalogs of both versions and locales. What it proves: crossing warning halves every L1 budget;
// crossing critical cuts them to the floor and refuses cold loads with an error that says to
// retry, while what is cached is still served; dropping the entries (POST /admin/invalidate) lets
// the monitor hand the memory back and the level fall below critical, after which cold loads work
// again. What it does not prove: a return to normal (the process keeps some of what it touched
// resident, above the idle figure the warning threshold is set against), or thresholds changed
// while running (they cannot be).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeUpstream, textOf } from './harness.mjs';
import { propsOf, sleep, startService, until } from './metrics-support.mjs';

const MiB = 1 << 20;
const L1_BYTES = 64 * MiB;
const FLOOR_BYTES = 20 * MiB;
const SHRINK = 0.5;
const SHARDS = 2;
const KINDS = ['package_file', 'docs_file', 'catalog', 'rendered', 'version'];
// The catalogs, largest first; each adds several MiB of models and package files.
const LOADS = [
  ['3.20.6', 'en-US'],
  ['3.20.6', 'zh-CN'],
  ['3.0.0', 'en-US'],
  ['3.0.0', 'zh-CN'],
];

// L1 budgets of one kind's group as runtime/server.cpp and actors/cache_shard.cpp derive them.
const perShard = Math.floor(Math.floor(L1_BYTES / KINDS.length) / SHARDS);
const floorPerShard = Math.min(perShard, Math.floor(Math.floor(FLOOR_BYTES / KINDS.length) / SHARDS));
const BUDGET = {
  normal: perShard * SHARDS,
  warning: Math.max(floorPerShard, Math.floor(perShard * (1 - SHRINK))) * SHARDS,
  critical: Math.min(floorPerShard, perShard) * SHARDS,
};

const COMMON = [
  `--cache.shards=${SHARDS}`,
  `--supervisor.shards-min=${SHARDS}`,
  `--supervisor.shards-max=${SHARDS}`,
  `--cache.l1-bytes=${L1_BYTES}`,
  `--memory.floor-bytes=${FLOOR_BYTES}`,
  `--memory.shrink-fraction=${SHRINK}`,
  '--memory.interval=100ms',
];

// The server loads libcurl (and the TLS libraries behind it, several MiB) with its first network
// fetch. A fetch of a version the upstream does not have loads it, before idle is measured and
// before the loads, without caching anything the test counts on.
async function loadNetworkClient(client) {
  const r = await client.callTool({ name: 'get_component_api', arguments: { name: 'button', version: '3.99.0' } });
  assert.equal(r.isError, true, 'version 3.99.0 does not exist');
}

describe('memory pressure from real RSS', { timeout: 120000 }, () => {
  let service, upstream, server, ops, session, idle, thresholds;

  before(async () => {
    upstream = await startFakeUpstream();
    // Calibration: the idle RSS of a server started the same way (thresholds it cannot reach), with
    // a client connected.
    const far = 2 ** 40;
    const probe = await startService({ upstream, args: [...COMMON, `--memory.warning-bytes=${far}`, `--memory.critical-bytes=${far}`] });
    await loadNetworkClient(probe.session.client);
    await sleep(500);
    idle = (await probe.ops.metrics()).memory.rssBytes;
    await probe.close();
    thresholds = { warning: idle + 3 * MiB, critical: idle + 10 * MiB };

    service = await startService({
      upstream,
      args: [...COMMON, `--memory.warning-bytes=${thresholds.warning}`, `--memory.critical-bytes=${thresholds.critical}`],
    });
    ({ server, ops, session } = service);
    await loadNetworkClient(session.client);
  });

  after(async () => {
    await service?.close();
    await upstream?.stop();
  });

  const call = (name, args = {}) => session.client.callTool({ name, arguments: args }, undefined, { timeout: 60000 });
  const mib = (n) => `${(n / MiB).toFixed(1)} MiB`;
  // The level once the monitor has sampled a few times since the last change.
  const settledMemory = async () => {
    await sleep(400);
    return (await ops.metrics()).memory;
  };
  const budgetsAre = (level) =>
    until(async () => {
      const m = await ops.metrics();
      return KINDS.every((k) => m.caches[k].budgetBytes === BUDGET[level]) ? m : null;
    }, { what: `every L1 budget at its ${level} size (${BUDGET[level]} bytes per kind)` });

  test('crossing warning halves L1; crossing critical cuts it to the floor and refuses cold loads', async () => {
    const start = await ops.metrics();
    assert.equal(start.memory.level, 'normal', `idle ${mib(idle)}, now ${mib(start.memory.rssBytes)}`);
    await budgetsAre('normal');

    const seen = [];
    let loaded = 0;
    for (const [version, locale] of LOADS) {
      const r = await call('get_component_api', { name: 'button', version, locale });
      const memory = await settledMemory();
      if (r.isError === true) {
        // RSS crossed critical while this catalog was being built: its last files were refused.
        assert.match(textOf(r), /memory pressure.*retry/s, textOf(r));
        assert.equal(memory.level, 'critical', textOf(r));
        seen.push(`${version} ${locale}: refused part-way at ${mib(memory.rssBytes)}`);
        break;
      }
      loaded += 1;
      seen.push(`${version} ${locale}: ${mib(memory.rssBytes)} ${memory.level}`);
      if (memory.level === 'warning' && !seen.some((s) => s.startsWith('checked'))) {
        const m = await budgetsAre('warning');
        assert.equal(m.memory.transitions.warning >= 1, true);
        seen.push('checked warning');
      }
      if (memory.level === 'critical') break;
    }
    const trail = `idle ${mib(idle)}, warning at ${mib(thresholds.warning)}, critical at ${mib(thresholds.critical)}: ${seen.join('; ')}`;
    assert.ok(seen.includes('checked warning'), `the warning level was held long enough to see L1 halved (${trail})`);
    const critical = await budgetsAre('critical');
    assert.equal(critical.memory.level, 'critical', trail);
    assert.ok(critical.memory.transitions.critical >= 1);
    assert.ok(critical.memory.recent.some((r) => r.level === 'critical' && r.rssBytes >= thresholds.critical), trail);

    // A cold load (the version list has never been asked for) is refused, saying to retry.
    const refused = await call('list_versions');
    assert.equal(refused.isError, true, textOf(refused));
    assert.match(textOf(refused), /memory pressure/);
    assert.match(textOf(refused), /retry/);
    assert.equal(upstream.count('/v1/packages/'), 0, 'the upstream was not asked');
    // What is cached is still served: a catalog loaded before answers a new question.
    const [version, locale] = LOADS[0];
    const warm = await call('get_component_api', { name: 'card', version, locale });
    assert.notEqual(warm.isError, true, textOf(warm));
    for (const prop of propsOf(version, 'card', locale)) assert.ok(textOf(warm).includes(`\`${prop}\``), prop);
    await until(async () => (await ops.metrics()).caches.version.loadErrors >= 1, { what: 'the refusal to be counted' });
    assert.ok(loaded >= 1, 'the first catalog alone did not reach critical');
  });

  test('dropping the entries lets RSS fall below critical, and cold loads work again', async () => {
    const res = await fetch(server.adminUrl + '/admin/invalidate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pattern: '*' }),
    });
    const answer = await res.json();
    assert.equal(res.status, 200, JSON.stringify(answer));
    assert.ok(answer.dropped > 0, JSON.stringify(answer));
    // The monitor hands the freed pages back while under pressure; the level falls once RSS is 10%
    // below the critical threshold. (Warning may remain: what the process touched once, code and
    // heap it keeps, stays resident above the idle figure.)
    const recovered = await until(async () => {
      const m = await ops.metrics();
      return m.memory.level !== 'critical' ? m : null;
    }, { tries: 100, what: 'critical pressure to end after the entries were dropped' });
    const { rssBytes, level } = recovered.memory;
    assert.ok(rssBytes < thresholds.critical * 0.9, `${mib(rssBytes)} is below ${mib(thresholds.critical * 0.9)}`);
    assert.equal(recovered.memory.recent.at(-1).level, level, 'the last transition recorded is the fall');
    await budgetsAre(level);

    const r = await call('list_versions');
    assert.notEqual(r.isError, true, textOf(r));
    for (const v of upstream.manifest().versions) assert.ok(textOf(r).includes(v), `version ${v} listed`);
    assert.ok(upstream.count('/v1/packages/') >= 1, 'the version list came from the upstream');
  });
});
