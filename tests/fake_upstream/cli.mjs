#!/usr/bin/env node
// The fake upstream as a process, for C++ tests and scripts:
//   node tests/fake_upstream/cli.mjs [--port 0] [--host 127.0.0.1] [--data-dir DIR] [--fixtures-dir DIR] [--exit-on-eof]
// prints one JSON line {"url","npmBase","githubBase","versionsApi"} on stdout once listening, then
// serves until SIGTERM/SIGINT (or, with --exit-on-eof, until its stdin closes). Control it over
// HTTP: POST /__control/faults, /__control/versions, /__control/reset; GET /__stats.

import { parseArgs } from 'node:util';
import { startFakeUpstream } from './index.mjs';

const usage = 'usage: cli.mjs [--port N] [--host ADDR] [--data-dir DIR] [--fixtures-dir DIR] [--exit-on-eof]';
let options;
try {
  options = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      'fixtures-dir': { type: 'string' },
      'exit-on-eof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be 0..65535, got ${options.port}\n${usage}`);
  process.exit(2);
}

const upstream = await startFakeUpstream({
  host: options.host,
  port,
  ...(options['data-dir'] && { dataDir: options['data-dir'] }),
  ...(options['fixtures-dir'] && { fixturesDir: options['fixtures-dir'] }),
});
const { url, npmBase, githubBase, versionsApi } = upstream;
process.stdout.write(`${JSON.stringify({ url, npmBase, githubBase, versionsApi })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await upstream.stop();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (options['exit-on-eof']) {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}
