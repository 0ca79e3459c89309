// The official conformance suite at 0.2.0-alpha.12 (npm alias conformance-2026), which knows the
// 2026-07-28 revision, against the real binary under conf/testing.ini: every scored scenario of
// `--requirements 2026-07-28` (sessionless requests, server/discover, input_required, caching,
// resource-not-found, ...) and of `--requirements 2025-11-25` passes. The not-scored ones that fail
// are exactly those listed, with reasons, in conformance/2026-not-scored-failures.yml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer } from './harness.mjs';
import { runConformance, suitePackage } from './conformance_support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE = suitePackage('conformance-2026');

/** `--requirements <revision>`, and the failing not-scored scenarios: name → reason. */
async function runRequirements(url, revision) {
  const run = await runConformance(PACKAGE, url, ['--requirements', revision]);
  // "Not scored for <revision>: ..." is followed by one "  ✗ name (reason)" line per failing one.
  const notScored = new Map();
  const tail = run.output.slice(run.output.indexOf('Not scored for'));
  for (const m of tail.matchAll(/^\s+✗ (\S+) \((\w[\w-]*)\)$/gm)) notScored.set(m[1], m[2]);
  return { ...run, notScored };
}

/** The expected not-scored failures: name → reason section (extension, pending). */
function expectedNotScored() {
  const expected = new Map();
  let section = '';
  for (const line of fs.readFileSync(path.join(HERE, 'conformance', '2026-not-scored-failures.yml'), 'utf8').split('\n')) {
    const head = /^(\w[\w-]*):\s*$/.exec(line);
    const item = /^\s+- (\S+)\s*$/.exec(line);
    if (head) section = head[1];
    else if (item) expected.set(item[1], section);
  }
  return expected;
}

const failed = (checks) => checks.filter((c) => c.status === 'FAILURE');

test('the 2026-07-28 suite is 0.2.0-alpha.12', () => {
  assert.equal(JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version, '0.2.0-alpha.12');
});

test('testing.ini: every scored scenario of both revisions passes on one endpoint', async (t) => {
  const server = await startHttpServer({ config: 'testing.ini' });
  try {
    const modern = await runRequirements(server.mcpUrl.href, '2026-07-28');
    t.diagnostic(`2026-07-28: ${modern.summary}`);
    assert.equal(modern.code, 0, `a scored 2026-07-28 scenario failed:\n${modern.output}`);
    const expected = expectedNotScored();
    for (const [scenario, checks] of modern.results) {
      if (expected.has(scenario)) continue;
      assert.deepEqual(failed(checks), [], `${scenario} failed`);
    }
    assert.deepEqual([...modern.notScored].sort(), [...expected].sort(),
      'the failing not-scored scenarios are exactly those listed in 2026-not-scored-failures.yml, for the same reason');
    for (const scenario of ['server-stateless', 'caching', 'sep-2164-resource-not-found', 'json-schema-2020-12',
      'http-header-validation', 'input-required-result-multi-round', 'input-required-result-tampered-state'])
      assert.ok(modern.results.get(scenario)?.some((c) => c.status === 'SUCCESS'), `${scenario} ran and passed`);

    const legacy = await runRequirements(server.mcpUrl.href, '2025-11-25');
    t.diagnostic(`2025-11-25: ${legacy.summary}`);
    assert.equal(legacy.code, 0, `a scored 2025-11-25 scenario failed:\n${legacy.output}`);
    for (const [scenario, checks] of legacy.results) assert.deepEqual(failed(checks), [], `${scenario} failed`);
    assert.ok(legacy.results.size >= 25, `2025-11-25 scenarios run: ${[...legacy.results.keys()]}`);
  } finally {
    const { code } = await server.stop();
    assert.equal(code, 0, server.stderr());
  }
});
