// Runs the official conformance suite (@modelcontextprotocol/conformance) with the Node 22 that the
// `node` package installs under tests/node_modules.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './harness.mjs';

const TESTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NODE22 = path.join(TESTS, 'node_modules', 'node', 'bin', 'node');

/** The folder of an installed suite: `@modelcontextprotocol/conformance` or an npm alias of it. */
export const suitePackage = (name) => path.join(TESTS, 'node_modules', name);

/**
 * Runs `conformance server` of the suite in `pkg` against `url` with the extra arguments; resolves
 * to {code, output, summary (the "Total: ..." line), results: Map scenario → checks} from its -o folder.
 */
export async function runConformance(pkg, url, args) {
  const out = tempDir('varlet-conformance-');
  const child = spawn(NODE22, [path.join(pkg, 'dist', 'index.js'), 'server', '--url', url, '-o', out, ...args], {
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
