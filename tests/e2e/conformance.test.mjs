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
import { DATA_DIR, startHttpServer, tempDir } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTS = path.resolve(HERE, '..');
const NODE22 = path.join(TESTS, 'node_modules', 'node', 'bin', 'node');
const SUITE = path.join(TESTS, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
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

/**
 * Runs `conformance server` against `url` with the extra arguments; resolves to {code, output,
 * summary (the "Total: ..." line), results: Map scenario → checks} from the -o folder.
 */
async function runSuite(url, args) {
  const out = tempDir('varlet-conformance-');
  const child = spawn(NODE22, [SUITE, 'server', '--url', url, '-o', out, ...args], {
    cwd: TESTS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const results = new Map();
  for (const dir of fs.readdirSync(out)) {
    const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(dir);
    if (m) results.set(m[1], JSON.parse(fs.readFileSync(path.join(out, dir, 'checks.json'), 'utf8')));
  }
  fs.rmSync(out, { recursive: true, force: true });
  const summary = /^Total: .*$/m.exec(output)?.[0] ?? '';
  return { code, output, summary, results };
}

const statuses = (checks) => checks.map((c) => c.status);
const failures = (checks) => checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');

test('conformance suite 0.1.16 is installed with a Node 22 to run it', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(SUITE), '..', 'package.json'), 'utf8'));
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
