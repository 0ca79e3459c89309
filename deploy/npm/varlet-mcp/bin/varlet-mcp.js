#!/usr/bin/env node
// The launcher: finds the native server in the platform package npm installed beside this one
// (@varlet-mcp/<platform>-<arch>) and runs it with this process's arguments, standard streams and
// signals, so `npx -y varlet-mcp` is the stdio server and `npx -y varlet-mcp serve --http` the
// service.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const platformPackage = `@varlet-mcp/${process.platform}-${process.arch}`;
let binary;
try {
  binary = path.join(path.dirname(require.resolve(`${platformPackage}/package.json`)), 'bin', 'varlet-mcp');
} catch {
  process.stderr.write(`varlet-mcp: no native build for ${process.platform}-${process.arch} ` +
    `(the optional package ${platformPackage} is not installed). Builds exist for linux-x64; ` +
    'elsewhere build it from source with scripts/run in the varlet-mcp repository.\n');
  process.exit(1);
}

const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(`varlet-mcp: cannot start ${binary}: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
