// The disk level (L2) across server runs: damaged files are refetched and never served, neither are
// entries an older binary left under keys of an older model format, a kill -9
// in the middle of heavy writing leaves only whole entries, a restart with a warm L2 needs no
// upstream, and `varlet-mcp warm` prepares a folder a server then answers from with the upstream down.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, serverArgs, startFakeUpstream, tempDir, textOf } from './harness.mjs';
import {
  LOCALES,
  VERSION,
  admin,
  cacheCounters,
  callApi,
  checkComponentAnswer,
  componentNames,
  findEntry,
  l2Name,
  onlyUpstream,
  readL2,
  scanCache,
  serverWithClient,
  waitFor,
  webTypes,
  writeL2,
} from './cache_support.mjs';

const NO_WARM = '--cache.warm=[]';
const props = Object.fromEntries(LOCALES.map((l) => [l, webTypes(l)]));
const propsOf = (name, locale) => props[locale].get(`var-${name}`);

/** Calls that read several kinds of cached data: package files, catalogs of both locales, rendered answers. */
async function someCalls(client) {
  const answers = [];
  for (const [name, locale] of [['button', 'en-US'], ['button', 'zh-CN'], ['input', 'en-US'], ['date-picker', 'en-US']])
    answers.push(await callApi(client, name, { locale }));
  answers.push(await client.callTool({ name: 'list_components', arguments: {} }));
  return answers;
}

function runWarm(args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, ['warm', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('the disk cache across runs', () => {
  let upstream;

  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(async () => upstream?.stop());
  beforeEach(() => upstream.reset());

  test('a restart with a warm L2 answers without any upstream request', async () => {
    const cacheDir = tempDir();
    const first = await serverWithClient(upstream, { cacheDir });
    const answers = await someCalls(first.client).finally(() => first.close());
    assert.ok(upstream.stats().total > 0);

    upstream.resetStats();
    const second = await serverWithClient(upstream, { cacheDir });
    try {
      const again = await someCalls(second.client);
      assert.deepEqual(again.map(textOf), answers.map(textOf));
      checkComponentAnswer(assert, again[1], 'button', 'zh-CN', propsOf('button', 'zh-CN'));
      assert.equal(upstream.stats().total, 0, `the restarted server asked the upstream: ${JSON.stringify(upstream.stats().byTarget)}`);
      const rendered = await cacheCounters(second.server, 'rendered', (c) => c.l2Hits >= 4);
      assert.equal(rendered.misses, 0);
    } finally {
      await second.close();
    }
  });

  test('corrupt and truncated L2 files are refetched, never served', async () => {
    const cacheDir = tempDir();
    const first = await serverWithClient(upstream, { cacheDir, args: [NO_WARM] });
    const answers = await someCalls(first.client).finally(() => first.close());

    // Damage one file of each kind the next call reads: flip bytes in the package's web-types,
    // cut the en-US catalog and the button answer in half, garble a header.
    const webTypesFile = findEntry(cacheDir, 'package_file', (k) => k.endsWith('/highlight/web-types.en-US.json'));
    const catalog = findEntry(cacheDir, 'catalog', (k) => k.startsWith(`${VERSION}/en-US/`));
    const rendered = findEntry(cacheDir, 'rendered', (k) => k.startsWith('get_component_api\n') && k.includes('"button"') && k.includes('en-US'));
    const dts = findEntry(cacheDir, 'package_file', (k) => k.endsWith('/types/button.d.ts'));
    for (const entry of [webTypesFile, catalog, rendered, dts]) assert.ok(entry && !entry.error, 'a file to damage is missing');
    const bytes = fs.readFileSync(webTypesFile.file);
    for (let i = bytes.length - 200; i < bytes.length - 100; i++) bytes[i] ^= 0x5a;
    fs.writeFileSync(webTypesFile.file, bytes);
    fs.truncateSync(catalog.file, Math.floor(fs.statSync(catalog.file).size / 2));
    fs.truncateSync(rendered.file, Math.floor(fs.statSync(rendered.file).size / 2));
    const head = fs.readFileSync(dts.file);
    head.write('XXXXXXXX', 0, 'latin1');
    fs.writeFileSync(dts.file, head);
    for (const entry of [webTypesFile, catalog, rendered, dts]) assert.ok(readL2(entry.file).error, 'the damage went unnoticed');

    upstream.resetStats();
    const second = await serverWithClient(upstream, { cacheDir, args: [NO_WARM] });
    try {
      const again = await someCalls(second.client);
      assert.deepEqual(again.map(textOf), answers.map(textOf), 'an answer changed after the damage');
      checkComponentAnswer(assert, again[0], 'button', 'en-US', propsOf('button', 'en-US'));
      assert.equal(upstream.count('/highlight/web-types.en-US.json'), 1, 'the corrupt web-types was not refetched');
      assert.equal(upstream.count('/types/button.d.ts'), 1, 'the file with a garbled header was not refetched');
      assert.equal(upstream.count('/highlight/web-types.zh-CN.json'), 0, 'an intact file was refetched');
      const counters = await Promise.all(
        ['package_file', 'catalog', 'rendered'].map((kind) => cacheCounters(second.server, kind, (c) => c.l2Corrupt >= 1)),
      );
      assert.ok(counters.every((c) => c.l2Corrupt >= 1));
    } finally {
      await second.close();
    }
    const { entries } = scanCache(cacheDir);
    const damaged = entries.map((e) => ({ ...e, ...readL2(e.file) })).filter((e) => e.error);
    assert.deepEqual(damaged, [], 'damaged files are still in the folder');
  });

  test('entries an older binary left under keys without the model format are never served', async () => {
    const cacheDir = tempDir();
    const first = await serverWithClient(upstream, { cacheDir, args: [NO_WARM] });
    const answer = await callApi(first.client, 'rate').finally(() => first.close());
    const rateProps = answer.structuredContent.component.props.map((p) => p.name);
    assert.ok(rateProps.includes('model-value'), 'rate has its props from types/rate.d.ts');

    // The catalog key is "<version>/<locale>/<format>", the rendered key
    // "<tool>\n<version>\n<locale>\n<format>\n<arguments>".
    const catalog = findEntry(cacheDir, 'catalog', (k) => k.startsWith(`${VERSION}/en-US/`));
    const rendered = findEntry(cacheDir, 'rendered', (k) => k.startsWith('get_component_api\n') && k.includes('"rate"'));
    for (const entry of [catalog, rendered]) {
      assert.ok(entry && !entry.error, 'an entry the first run wrote is missing');
      assert.equal(path.basename(entry.file), l2Name(entry.key), 'the test names files unlike the server');
    }
    const format = catalog.key.split('/')[2];
    assert.match(format, /^m\d+$/);
    const parts = rendered.key.split('\n');
    assert.equal(parts[3], format);

    // What an older binary would have left: the same entries under the keys without the format,
    // telling of props rate does not have. Only they are there when the next run starts.
    const stale = (entry) => Buffer.from(entry.payload.toString('utf8').replaceAll('"model-value"', '"stale-prop"'));
    for (const [entry, oldKey] of [[catalog, `${VERSION}/en-US`], [rendered, [...parts.slice(0, 3), ...parts.slice(4)].join('\n')]]) {
      const file = writeL2(entry.file, oldKey, stale(entry));
      assert.equal(readL2(file).key, oldKey);
      fs.rmSync(entry.file);
    }

    const second = await serverWithClient(upstream, { cacheDir, args: [NO_WARM] });
    try {
      // The same call (the rendered entry) and another one (built from the catalog).
      for (const again of [await callApi(second.client, 'rate'), await callApi(second.client, 'rate', { sections: ['props'] })]) {
        assert.deepEqual(again.structuredContent.component.props.map((p) => p.name), rateProps);
        assert.ok(!textOf(again).includes('stale-prop'), 'an entry of the old key format was served');
      }
    } finally {
      await second.close();
    }
  });

  test('kill -9 during heavy L2 writes leaves only intact entries', async () => {
    const cacheDir = tempDir();
    const names = componentNames();
    for (let round = 1; round <= 3; round++) {
      const { server, close } = await serverWithClient(upstream, { cacheDir, args: [NO_WARM] });
      try {
        const target = 20 * round;
        const warming = admin(server, 'warm', { locales: LOCALES }).catch(() => null);
        await waitFor(() => scanCache(cacheDir).entries.filter((e) => e.kind === 'rendered').length >= target,
          `${target} rendered answers on disk`, 60000, 20);
        server.process.kill('SIGKILL');
        await server.exited;
        await warming;
      } finally {
        await close();
      }
      const { entries } = scanCache(cacheDir);
      const broken = entries.map((e) => ({ ...e, ...readL2(e.file) })).filter((e) => e.error);
      assert.deepEqual(broken, [], `round ${round}: a file on disk is not a whole entry`);
    }

    // Every entry is read back, and every answer is right.
    upstream.resetStats();
    const { server, client, close } = await serverWithClient(upstream, { cacheDir, args: [NO_WARM] });
    try {
      for (const locale of LOCALES)
        for (const name of names) checkComponentAnswer(assert, await callApi(client, name, { locale }), name, locale, propsOf(name, locale));
      const rendered = await cacheCounters(server, 'rendered', (c) => c.l2Hits + c.misses >= names.length * 2);
      assert.equal(rendered.l2Corrupt, 0);
      assert.ok(rendered.l2Hits >= 60, `only ${rendered.l2Hits} answers came from disk`);
      for (const kind of ['package_file', 'catalog']) assert.equal((await cacheCounters(server, kind)).l2Corrupt, 0);
    } finally {
      await close();
    }
    assert.deepEqual(scanCache(cacheDir).temps, [], 'temporary files of the killed runs are left behind');
  });

  test('varlet-mcp warm fills L2; a server then answers with the upstream down', async () => {
    const own = await startFakeUpstream();
    const cacheDir = tempDir();
    let warmed;
    try {
      warmed = await runWarm(serverArgs({ cacheDir, args: [...onlyUpstream(own), '--log.level=warn', '--version', VERSION] }));
    } finally {
      await own.stop();
    }
    assert.equal(warmed.code, 0, warmed.stderr);
    const summary = warmed.stderr.trim().split('\n').pop();
    assert.match(summary, new RegExp(`^varlet-mcp warm: Varlet ${VERSION.replaceAll('.', '\\.')} cached in .*: 2 catalogs, ${componentNames().length * 2} component answers`));

    // The upstream is gone: everything comes from the folder the warm command filled.
    const { server, client, close } = await serverWithClient(own, { cacheDir, args: [NO_WARM] });
    try {
      for (const locale of LOCALES)
        for (const name of componentNames(locale)) checkComponentAnswer(assert, await callApi(client, name, { locale }), name, locale, propsOf(name, locale));
      const rendered = await cacheCounters(server, 'rendered', (c) => c.l2Hits >= componentNames().length * 2);
      assert.equal(rendered.misses, 0);
    } finally {
      await close();
    }

    // Without an upstream and with an empty folder, warm fails and says why.
    const failed = await runWarm(serverArgs({ cacheDir: tempDir(), args: [...onlyUpstream(own), '--log.level=error'] }));
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /varlet-mcp warm: cannot warm Varlet 3\.20\.6, no catalog could be had: (en-US|zh-CN): .*catalog.*(connect|refused)/i);
  });
});
