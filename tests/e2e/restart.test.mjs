// Restarts as a user and an operator see them: while the official SDK client is calling tools, a
// fetcher and cache shards are crashed through /admin/crash (conf/testing.ini allows it). The
// process lives on, the calls in flight are answered with an error that says to retry (not left
// to time out: every timeout here is far longer than the test), later calls succeed with the
// package's real data, and the restarts show in /admin/metrics, /metrics and /admin/pools.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { textOf } from './harness.mjs';
import { parsePrometheus, propsOf, startService, until } from './metrics-support.mjs';

// Timeouts much longer than the test: an in-flight call answered at all was answered by the crash.
const LONG = ['--mcp.request-timeout=300s', '--upstream.total-timeout=120s', '--upstream.retries=0'];
const CALL_OPTIONS = { timeout: 120000 };

/** Asserts a tool answer carries the component's real props in `version`, read from the package's web-types. */
function assertApiOf(result, name, version, locale = 'en-US') {
  assert.notEqual(result.isError, true, textOf(result));
  const text = textOf(result);
  assert.match(text, new RegExp(`Varlet ${version.replace(/\./g, '\\.')}, ${locale}`));
  for (const prop of propsOf(version, name, locale)) assert.ok(text.includes(`\`${prop}\``), `prop ${prop} in:\n${text}`);
}

/** A failed call's answer: a tool result marked isError whose text tells the caller to retry. */
function assertRetryableFailure(outcome, what) {
  assert.equal(outcome.status, 'fulfilled', `${what}: the call threw ${outcome.reason}`);
  assert.equal(outcome.value.isError, true, `${what}: expected an error, got ${textOf(outcome.value).slice(0, 200)}`);
  assert.match(textOf(outcome.value), /retry/i, what);
  assert.doesNotMatch(textOf(outcome.value), /timed out/, `${what}: answered by a timeout, not by the crash`);
}

describe('restarts while a client is calling tools', { timeout: 120000 }, () => {
  let service, upstream, server, ops, session;

  before(async () => {
    service = await startService({ args: ['--supervisor.restart-backoff=50ms', '--supervisor.shards-min=2', ...LONG] });
    ({ upstream, server, ops, session } = service);
  });

  after(() => service?.close());

  const call = (args) => session.client.callTool({ name: 'get_component_api', arguments: args }, undefined, CALL_OPTIONS);
  // A call made as a client told to retry would: failures until the restarted actor is back must
  // say to retry; a bounded number of retries later, it succeeds.
  const callRetrying = async (args) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const r = await call(args);
      if (r.isError !== true) return r;
      assert.match(textOf(r), /retry/i, `a failed retry says to retry again: ${textOf(r)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`get_component_api ${JSON.stringify(args)} kept failing`);
  };

  test('a fetcher crash fails the cold calls it was fetching for, and the next calls succeed', async () => {
    // A slow upstream keeps the cold catalog's package files in the fetcher's hands.
    upstream.setFaults([{ path: '/npm/', fault: 'slow', ms: 200 }]);
    const inFlight = [call({ name: 'button', version: '3.0.0' }), call({ name: 'button', version: '3.0.0', locale: 'zh-CN' })];
    await until(() => upstream.count('/npm/') >= 10, { what: 'transfers to start' });
    const crash = await ops.crash('fetcher', 0);
    assert.equal(crash.status, 200, crash.text);
    assert.deepEqual(crash.json, { crashed: true });

    const outcomes = await Promise.allSettled(inFlight);
    outcomes.forEach((o, i) => assertRetryableFailure(o, `in-flight call ${i}`));
    assert.equal(server.process.exitCode, null, 'the process lives');
    assert.equal((await fetch(server.url + '/healthz')).status, 200);

    upstream.clearFaults();
    assertApiOf(await callRetrying({ name: 'button', version: '3.0.0' }), 'button', '3.0.0');
    assertApiOf(await call({ name: 'button', version: '3.0.0', locale: 'zh-CN' }), 'button', '3.0.0', 'zh-CN');

    const pools = await ops.pools();
    assert.equal(pools.fetcher.restarts, 1);
    assert.ok(pools.fetcher.size >= pools.fetcher.min, 'the pool is whole again');
    const metrics = await until(async () => {
      const m = await ops.metrics();
      return m.restarts.byActor.fetcher === 1 ? m : null;
    }, { what: 'the fetcher restart in /admin/metrics' });
    const recent = metrics.restarts.recent.filter((r) => r.actor === 'fetcher');
    assert.equal(recent.length, 1);
    assert.match(recent[0].reason, /runtime_error|error/);
  });

  test('crashing the catalog shards fails the calls waiting on them; the data on disk survives the restart', async () => {
    upstream.setFaults([{ path: '/npm/', fault: 'slow', ms: 200 }]);
    const inFlight = [call({ name: 'button', version: '3.20.6' }), call({ name: 'button', version: '3.20.6', locale: 'zh-CN' })];
    await until(() => upstream.count('@varlet/ui@3.20.6/') >= 10, { what: 'transfers to start' });
    // Each (version, locale) waits at the shard that owns its key; crash the whole group.
    const group = (await ops.pools())['shard:catalog'];
    for (let i = 0; i < group.size; i++) assert.equal((await ops.crash('shard:catalog', i)).status, 200);

    const outcomes = await Promise.allSettled(inFlight);
    outcomes.forEach((o, i) => assertRetryableFailure(o, `in-flight call ${i}`));
    assert.equal(server.process.exitCode, null, 'the process lives');

    upstream.clearFaults();
    assertApiOf(await callRetrying({ name: 'button', version: '3.20.6' }), 'button', '3.20.6');
    // The 3.0.0 catalogs were built before the crash: the restarted shards read them from disk
    // (a component not asked for before, so the answer is rendered from the catalog), no transfer.
    const before = upstream.count('@varlet/ui@3.0.0/');
    assertApiOf(await call({ name: 'card', version: '3.0.0' }), 'card', '3.0.0');
    assertApiOf(await call({ name: 'card', version: '3.0.0', locale: 'zh-CN' }), 'card', '3.0.0', 'zh-CN');
    assert.equal(upstream.count('@varlet/ui@3.0.0/'), before, 'no package file fetched again');

    const pools = await ops.pools();
    assert.equal(pools['shard:catalog'].restarts, group.size);
    assert.equal(pools['shard:catalog'].size, group.size);
    await until(async () => (await ops.metrics()).restarts.byActor['shard:catalog'] === group.size, {
      what: 'the shard restarts in /admin/metrics',
    });
  });

  test('crashes while a client keeps calling: every call is answered, and calls succeed again', async () => {
    const names = ['button', 'card', 'input', 'snackbar'];
    let stop = false;
    const answers = [];
    const loop = (async () => {
      for (let i = 0; !stop && i < 400; i++) {
        const name = names[i % names.length];
        try {
          const r = await call({ name, version: '3.0.0' });
          answers.push({ name, ok: r.isError !== true, text: textOf(r) });
        } catch (e) {
          answers.push({ name, ok: false, thrown: String(e) });
        }
      }
    })();
    await until(() => answers.length >= 5, { what: 'the client to be calling' });
    for (const [pool, index] of [['shard:rendered', 0], ['shard:catalog', 1], ['fetcher', 0], ['shard:rendered', 1]])
      assert.equal((await ops.crash(pool, index)).status, 200, `${pool} #${index}`);
    const crashedAt = answers.length;
    await until(() => answers.length >= crashedAt + 20 && answers.slice(-5).every((a) => a.ok), {
      what: 'calls to succeed again after the crashes',
    });
    stop = true;
    await loop;
    for (const a of answers) {
      assert.equal(a.thrown, undefined, `a call threw instead of being answered: ${a.thrown}`);
      if (!a.ok) assert.match(a.text, /retry/i, `a failed call says to retry: ${a.text}`);
    }
    assert.equal(server.process.exitCode, null, 'the process lives');
  });

  test('/metrics counts every restart by actor, as /admin/metrics and /admin/pools do', async () => {
    // /admin/pools counts a crash when it happens, the metrics once the member is back: wait for both.
    const expected = (pools) => 1 + pools['shard:catalog'].size + 4; // the fetcher, the catalog group, four more
    const { pools, json, samples } = await until(async () => {
      const pools = await ops.pools();
      const json = await ops.metrics();
      const samples = parsePrometheus(await ops.prometheus());
      return json.restarts.total === expected(pools) ? { pools, json, samples } : null;
    }, { what: 'every restart in /admin/metrics' });
    let total = 0;
    for (const [pool, figures] of Object.entries(pools)) {
      total += figures.restarts;
      assert.equal(samples[`varlet_restarts_total{actor="${pool}"}`] ?? 0, figures.restarts, `${pool} in /metrics`);
      assert.equal(json.restarts.byActor[pool] ?? 0, figures.restarts, `${pool} in /admin/metrics`);
    }
    assert.equal(total, expected(pools));
    assert.equal(pools.fetcher.restarts, 2);
    assert.equal(pools['shard:rendered'].restarts, 2);
  });
});
