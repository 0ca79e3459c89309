// The three systems under test as child processes of the harness: varlet-mcp, the SDK peer and the
// nginx ceiling. Each start returns { pid, url, stop() }; stderr goes to a log file of the run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PERF = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const running = new Set();

function startProcess(command, args, logFile, env = process.env) {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  running.add(child);
  exited.then(() => running.delete(child));
  child.stderr.on('data', (chunk) => fs.writeSync(log, chunk));
  exited.then(() => fs.closeSync(log));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, exited, stop };
}

// Ends every system still running (the harness was interrupted).
export function killAll() {
  for (const child of running) child.kill('SIGKILL');
}

// Waits for the "listening on http://HOST:PORT/PATH" line both varlet-mcp and the peer print;
// varlet-mcp prints its "admin listening on http://HOST:PORT" line before it.
function listeningUrl(started, logFile, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${timeoutMs} ms; see ${logFile}`)), timeoutMs);
    started.child.stderr.on('data', (chunk) => {
      seen += chunk.toString('utf8');
      const match = /^(?!admin ).*listening on (http:\/\/\S+)/m.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], adminUrl: /^admin listening on (http:\/\/\S+)/m.exec(seen)?.[1] });
      }
    });
    started.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before listening; see ${logFile}`));
    });
  });
}

async function startHttpServer(command, args, logFile, env) {
  const started = startProcess(command, args, logFile, env);
  const spawnedAt = performance.now();
  try {
    const { url, adminUrl } = await listeningUrl(started, logFile);
    return { pid: started.child.pid, url, adminUrl, stop: started.stop, listeningMs: performance.now() - spawnedAt };
  } catch (error) {
    await started.stop();
    throw error;
  }
}

export function varletCommand(options, cacheDir, http) {
  const args = [`--config-file=${options.config}`, `--cache.dir=${cacheDir}`, ...options.serverArgs];
  return [options.bin, http ? ['serve', '--http', '--http.port=0', '--admin.port=0', ...args] : args];
}

export function peerCommand(options, http) {
  const args = [path.join(PERF, 'peer', 'server.mjs'), `--package-dir=${path.join(options.dataDir, 'npm')}`,
    `--version=${options.versions[0]}`];
  return [process.execPath, http ? [...args, '--http', '--port=0'] : args];
}

// `env`: the environment of the server (the harness's own by default).
export function startVarlet(options, cacheDir, logFile, env) {
  return startHttpServer(...varletCommand(options, cacheDir, true), logFile, env);
}

export function startPeer(options, logFile) {
  return startHttpServer(...peerCommand(options, true), logFile);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

// nginx serving `files` ({ "relative/path": Buffer }) from a temporary prefix made from
// perf/nginx/ceiling.conf.
export async function startNginx(prefix, files, logFile) {
  const port = await freePort();
  for (const dir of ['www', 'tmp']) fs.mkdirSync(path.join(prefix, dir), { recursive: true });
  for (const [relative, bytes] of Object.entries(files)) {
    const file = path.join(prefix, 'www', relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes, { mode: 0o644 });
  }
  // Workers drop to an unprivileged user when the harness runs as root: let them read the files
  // (the folder holding the prefix must be traversable too; the harness makes its run folder so).
  const readable = (dir) => {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) readable(path.join(dir, entry.name));
    }
  };
  readable(prefix);
  const conf = fs.readFileSync(path.join(PERF, 'nginx', 'ceiling.conf'), 'utf8')
    .replaceAll('@PREFIX@', prefix).replaceAll('@PORT@', String(port));
  fs.writeFileSync(path.join(prefix, 'nginx.conf'), conf);
  const spawnedAt = performance.now();
  const started = startProcess('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', 'stderr'], logFile);
  for (let waited = 0; !(await answers(port)); waited += 2) {
    if (started.child.exitCode !== null || waited > 10_000) {
      await started.stop();
      throw new Error(`nginx did not start; see ${logFile}`);
    }
    await sleep(2);
  }
  return { pid: started.child.pid, url: `http://127.0.0.1:${port}/`, stop: started.stop, listeningMs: performance.now() - spawnedAt };
}
