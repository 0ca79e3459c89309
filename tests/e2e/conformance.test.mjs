// The official MCP conformance suite (@modelcontextprotocol/conformance, run with the Node 22 the
// `node` package installs under tests/node_modules) against the real binary over HTTP:
//   production.ini: every generic scenario passes; the fixture-bound ones fail only because
//     production registers no fixtures (conformance/production-expected-failures.yml says which);
//   testing.ini:    `--suite all` passes entirely (conformance/testing-expected-failures.yml is empty).
// Nothing reaches the internet: upstreams point at 127.0.0.1:9 and the local snapshot answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR, startHttpServer } from './harness.mjs';
import { NODE22, runConformance, suitePackage } from './conformance_support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SUITE_PACKAGE = suitePackage('@modelcontextprotocol/conformance');
const NOWHERE = 'http://127.0.0.1:9';

// The scenarios that need nothing but the server's own tools, resources and prompts.
// Scenarios that pass with the server's own tools. The subscribe scenarios are not among them: they
// subscribe to the fixture test://watched-resource, and subscriptions are only to resources the
// server has.
const GENERIC = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'resources-list',
  'prompts-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
  'completion-complete',
];

const runSuite = (url, args) => runConformance(SUITE_PACKAGE, url, args);

const statuses = (checks) => checks.map((c) => c.status);
const failures = (checks) => checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');

test('conformance suite 0.1.16 is installed with a Node 22 to run it', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(SUITE_PACKAGE, 'package.json'), 'utf8'));
  assert.equal(pkg.version, '0.1.16');
  const version = await new Promise((resolve) => {
    let v = '';
    const child = spawn(NODE22, ['--version']);
    child.stdout.on('data', (d) => (v += d));
    child.on('exit', () => resolve(v.trim()));
  });
  assert.match(version, /^v22\./);
});

test('production.ini: every generic scenario passes', async (t) => {
  const server = await startHttpServer({
    config: 'production.ini',
    args: [
      // The suite's client sends no API key: production.ini with access control off.
      '--auth.keys-file=',
      `--upstream.package-dir=${path.join(DATA_DIR, 'npm')}`,
      `--upstream.npm-base=${NOWHERE}/npm`,
      `--upstream.github-base=${NOWHERE}/gh`,
      `--upstream.versions-api=${NOWHERE}/v1/packages/npm/@varlet/ui`,
    ],
  });
  try {
    const run = await runSuite(server.mcpUrl.href, [
      '--expected-failures',
      path.join(HERE, 'conformance', 'production-expected-failures.yml'),
    ]);
    t.diagnostic(`production.ini: ${run.summary}`);
    for (const scenario of GENERIC) {
      const checks = run.results.get(scenario);
      assert.ok(checks, `the suite ran ${scenario}:\n${run.output}`);
      assert.ok(checks.some((c) => c.status === 'SUCCESS'), `${scenario}: ${statuses(checks)}`);
      assert.deepEqual(failures(checks), [], scenario);
    }
    assert.equal(run.code, 0, `the suite exits 0 with only the listed fixture scenarios failing:\n${run.output}`);
  } finally {
    const { code } = await server.stop();
    assert.equal(code, 0, server.stderr());
  }
  assert.doesNotMatch(server.stderr(), /"level":"(error|critical)"/, 'the server logged no error');
});

test('testing.ini: --suite all passes every scenario', async (t) => {
  const server = await startHttpServer({ config: 'testing.ini' });
  try {
    const run = await runSuite(server.mcpUrl.href, [
      '--suite',
      'all',
      '--expected-failures',
      path.join(HERE, 'conformance', 'testing-expected-failures.yml'),
    ]);
    t.diagnostic(`testing.ini: ${run.summary}`);
    assert.equal(run.code, 0, run.output);
    assert.ok(run.results.size >= GENERIC.length, `scenarios run: ${[...run.results.keys()]}`);
    let passed = 0;
    for (const [scenario, checks] of run.results) {
      assert.deepEqual(failures(checks), [], scenario);
      passed += checks.filter((c) => c.status === 'SUCCESS').length;
    }
    for (const scenario of GENERIC) assert.ok(run.results.has(scenario), scenario);
    assert.equal(run.summary, `Total: ${passed} passed, 0 failed`);
  } finally {
    const { code } = await server.stop();
    assert.equal(code, 0, server.stderr());
  }
});
