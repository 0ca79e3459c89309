// The disk cache (L2) when the disk misbehaves, through the real binary and the SDK client: a slow
// disk never delays a hot answer, a full or read-only disk costs only the disk level (calls are
// answered, the failures are counted and logged once, the process lives), a crashed disk actor
// costs nothing but the writes of its downtime, and one size cap holds for the whole cache
// folder, every kind and shard together.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, connectHttp, startFakeUpstream, startHttpServer, tempDir, upstreamFlags } from './harness.mjs';
import { LOCALES, callApi, checkComponentAnswer, componentNames, metrics, scanCache, waitFor, webTypes } from './cache_support.mjs';
import { admin, parsePrometheus } from './metrics-support.mjs';

const NO_WARM = '--cache.warm=[]';
const props = Object.fromEntries(LOCALES.map((l) => [l, webTypes(l)]));
const check = (result, name, locale = 'en-US') => checkComponentAnswer(assert, result, name, locale, props[locale].get(`var-${name}`));

const mounts = [];
/** A fresh tmpfs of `size` (unmounted when the file ends). */
function tmpfs(size) {
  const dir = tempDir('varlet-mcp-tmpfs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

/** The disk figures of the metrics snapshot once `settled` holds for them. */
const diskFigures = (server, settled, what) =>
  waitFor(async () => {
    const l2 = (await metrics(server)).l2;
    return l2 && settled(l2) ? l2 : null;
  }, what, 20000, 200);

const l2Bytes = (dir) => scanCache(dir).entries.reduce((sum, e) => sum + fs.statSync(e.file).size, 0);

describe('the disk cache on a misbehaving disk', () => {
  let upstream, local;
  const servers = [];

  /** A server whose package files come from the local snapshot, with its SDK client. */
  async function serve({ cacheDir, args = [] }) {
    const server = await startHttpServer({ cacheDir, args: [...local, NO_WARM, '--shutdown.grace=1s', ...args] });
    servers.push(server);
    const { client, close } = await connectHttp(server.mcpUrl);
    return { server, client, close };
  }

  before(async () => {
    upstream = await startFakeUpstream();
    local = upstreamFlags(upstream, { packageDir: path.join(DATA_DIR, 'npm') });
  });
  after(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    await upstream?.stop();
    for (const dir of mounts) execFileSync('umount', ['-l', dir]);
  });

  test('with every write taking 2 s, a hot answer is served at once while cold calls queue writes', async () => {
    const cacheDir = tempDir();
    const { server, client, close } = await serve({ cacheDir, args: ['--cache.l2-write-delay=2s'] });
    const hotClient = await connectHttp(server.mcpUrl);
    try {
      check(await callApi(client, 'button'), 'button');
      check(await callApi(hotClient.client, 'button'), 'button');  // in memory from now on

      const names = componentNames().filter((n) => n !== 'button').slice(0, 24);
      let next = 0;
      const worker = async () => {
        while (next < names.length) {
          const name = names[next++];
          check(await callApi(client, name), name);
        }
      };
      const cold = Promise.all([worker(), worker(), worker()]);
      const hot = [];
      const until = Date.now() + 8000; // four slow writes at least
      while (Date.now() < until) {
        const t0 = performance.now();
        check(await callApi(hotClient.client, 'button'), 'button');
        hot.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
      await cold;
      hot.sort((a, b) => a - b);
      const slowest = hot[hot.length - 1];
      console.log(`${hot.length} hot calls while ${names.length} cold ones queued writes: ` +
        `median ${hot[hot.length >> 1].toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms`);
      assert.ok(slowest < 1000, `a hot call waited ${slowest.toFixed(0)} ms behind the disk`);
      const behind = await diskFigures(server, (l2) => l2.queuedBytes > 0, 'entries waiting for the slow disk');
      console.log(`the disk was ${behind.queuedBytes} bytes behind after ${behind.writes} writes`);
      assert.ok(behind.writes < names.length, 'the disk was not slow: every write was done already');
    } finally {
      await hotClient.close();
      await close();
    }
  });

  test('a disk far behind: writes beyond the queue cap are dropped, counted and logged once', async () => {
    const queueCap = 100_000;
    const { server, client, close } = await serve({
      cacheDir: tempDir(), args: ['--cache.l2-write-delay=300ms', `--cache.l2-write-queue-bytes=${queueCap}`],
    });
    try {
      const names = componentNames().slice(0, 12);
      for (const name of names) check(await callApi(client, name), name);
      const l2 = await diskFigures(server, (f) => f.droppedWrites > 0, 'dropped writes');
      assert.ok(l2.queuedBytes <= queueCap, `${l2.queuedBytes} bytes queued, more than the cap of ${queueCap}`);
      assert.equal(l2.queueCapBytes, queueCap);
      const warnings = server.stderr().match(/write queue holds \d+ bytes and cannot take an entry/g) ?? [];
      assert.equal(warnings.length, 1, `the full queue was logged ${warnings.length} times, not once`);
      for (const name of names) check(await callApi(client, name), name);  // from memory
    } finally {
      await close();
    }
  });

  test('a full disk: calls are answered, write errors are counted and logged once, the process lives', async () => {
    const cacheDir = tmpfs('256k');
    const { server, client, close } = await serve({ cacheDir });
    try {
      for (const locale of LOCALES)
        for (const name of componentNames().slice(0, 20)) check(await callApi(client, name, { locale }), name, locale);
      const l2 = await diskFigures(server, (f) => f.writeErrors > 0 && f.queuedBytes === 0, 'write errors on the full disk');
      assert.match(l2.lastWriteError, /No space left on device; the disk holding the cache folder is full/);
      assert.ok(l2.writes > 0, 'nothing was written before the disk filled up');
      const { bavail, bsize } = fs.statfsSync(cacheDir);
      assert.ok(bavail * bsize < 64 * 1024, `the disk still has ${bavail * bsize} bytes free`);
      const warnings = server.stderr().match(/disk cache: cannot (write|create) .*No space left on device/g) ?? [];
      assert.equal(warnings.length, 1, `the ENOSPC warning was logged ${warnings.length} times, not once`);
      assert.deepEqual(scanCache(cacheDir).temps, [], 'a failed write left its temporary file');
      const prometheus = parsePrometheus(await admin(server).prometheus());
      assert.equal(prometheus.varlet_l2_write_errors_total, l2.writeErrors);
      assert.equal(server.process.exitCode, null);
      check(await callApi(client, 'button'), 'button');
    } finally {
      await close();
    }
  });

  test('a disk turned read-only: new entries fail to be written, those on it are still read', async () => {
    const cacheDir = tmpfs('64m');
    const first = await serve({ cacheDir });
    const before = componentNames().slice(0, 5);
    try {
      for (const name of before) check(await callApi(first.client, name), name);
      await diskFigures(first.server, (f) => f.queuedBytes === 0 && f.writes > 0, 'the first entries on disk');
      execFileSync('mount', ['-o', 'remount,ro', cacheDir]);
      for (const name of componentNames().slice(5, 15)) check(await callApi(first.client, name), name);
      const l2 = await diskFigures(first.server, (f) => f.writeErrors > 0, 'write errors on the read-only disk');
      assert.match(l2.lastWriteError, /Read-only file system; the cache folder is on a read-only file system/);
      assert.equal(first.server.process.exitCode, null);
    } finally {
      await first.close();
    }
    // A new server on the read-only folder answers from what is on it.
    const second = await serve({ cacheDir });
    try {
      for (const name of before) check(await callApi(second.client, name), name);
      const rendered = (await waitFor(async () => {
        const c = (await metrics(second.server)).caches.rendered;
        return c.l2Hits + c.misses >= before.length ? c : null;
      }, 'the rendered counters')) ;
      assert.equal(rendered.l2Hits, before.length, 'answers on the read-only disk were not read back');
    } finally {
      await second.close();
    }
  });

  test('a crashed disk actor: calls go on meanwhile, it restarts, and writes resume', async () => {
    const cacheDir = tempDir();
    const { server, client, close } = await serve({ cacheDir, args: ['--supervisor.restart-backoff=3s'] });
    const ops = admin(server);
    const rendered = () => scanCache(cacheDir).entries.filter((e) => e.kind === 'rendered').length;
    const [first, ...others] = componentNames().slice(0, 7);
    try {
      check(await callApi(client, first), first);
      await diskFigures(server, (f) => f.writes > 0 && f.queuedBytes === 0, 'the first entries on disk');
      assert.equal(rendered(), 1);
      assert.deepEqual((await ops.crash('disk', 0)).json, { crashed: true });
      for (const name of others.slice(0, 3)) check(await callApi(client, name), name);  // while it is down
      await waitFor(async () => (await ops.metrics()).restarts?.byActor?.disk >= 1, 'the disk actor to restart');
      assert.equal(rendered(), 1, 'answers of the downtime were written');
      for (const name of others.slice(3)) check(await callApi(client, name), name);
      await waitFor(() => rendered() === 4, 'the answers after the restart on disk');
      for (const name of [first, ...others]) check(await callApi(client, name), name);
    } finally {
      await close();
    }
  });

  test('one cap holds for the whole folder, across kinds and shards', async () => {
    // About 600 KB of entries (package files, catalogs, answers) over 3 shards per kind; a cap per
    // shard instance, as before, let the folder hold three times the cap.
    const cap = 200_000;
    const cacheDir = tempDir();
    const { server, client, close } = await serve({ cacheDir, args: [`--cache.l2-bytes=${cap}`, '--cache.shards=3'] });
    try {
      for (const locale of LOCALES)
        for (const name of componentNames().slice(0, 60)) check(await callApi(client, name, { locale }), name, locale);
      // The figures are sampled once a second, and the last answers' writes may land after a sample
      // with an empty queue: wait for a sample that agrees with the folder.
      const l2 = await diskFigures(server, (f) => f.queuedBytes === 0 && f.evictions > 0 && f.bytes === l2Bytes(cacheDir),
        'evictions under the cap, and metrics that agree with the folder');
      const onDisk = l2Bytes(cacheDir);
      const kinds = new Set(scanCache(cacheDir).entries.map((e) => e.kind));
      console.log(`${l2.entries} files of ${[...kinds].join(', ')}: ${onDisk} bytes under a cap of ${cap}, ` +
        `after ${l2.writes} writes and ${l2.evictions} evictions`);
      assert.ok(onDisk <= cap, `the folder holds ${onDisk} bytes, more than the cap of ${cap}`);
      assert.ok(onDisk > cap / 2, `the folder holds only ${onDisk} bytes: the cap was not what limited it`);
      assert.ok(kinds.size >= 2, `only ${[...kinds].join(', ')} on disk`);
    } finally {
      await close();
    }
  });
});
