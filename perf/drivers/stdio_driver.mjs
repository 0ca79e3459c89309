#!/usr/bin/env node
// The stdio load driver of perf/run. It starts the server itself, as a desktop client does.
//   stdio_driver.mjs load --requests=FILE [--warmup=FILE] --inflight=N --duration=SECONDS [--max=COUNT]
//                         [--stderr=FILE] -- COMMAND ARGS...
//     Keeps N requests in flight for the duration (or until COUNT answers) and measures each request
//     from the moment its line is written to the moment its answer line arrives.
//   stdio_driver.mjs startup --starts=K [--stderr=FILE] -- COMMAND ARGS...
//     K fresh starts, each timed from spawn to the answer of the first tools/list (the client sends
//     initialize, then notifications/initialized and tools/list once initialize is answered);
//     `errors` counts starts whose tools/list answer was an error.
// Request files hold one request per line, "<path>\t<JSON-RPC body>" (the path is for HTTP; ignored
// here); every body carries an "id" that the driver replaces. Prints one JSON object on stdout.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { cpuSeconds, memory } from '../harness/proc.mjs';
import { summarize } from '../harness/stats.mjs';

const PROTOCOL_VERSION = '2025-06-18';

function parseArgs(argv) {
  const split = argv.indexOf('--');
  if (split < 1) throw new Error('usage: stdio_driver.mjs load|startup [flags] -- COMMAND ARGS...');
  const flags = Object.fromEntries(argv.slice(1, split).map((a) => {
    const [key, ...value] = a.replace(/^--/, '').split('=');
    return [key, value.join('=')];
  }));
  return { mode: argv[0], flags, command: argv.slice(split + 1) };
}

// Splits each body around its id so a request is written as prefix + id + suffix, no re-encoding.
function readTemplates(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const body = line.slice(line.indexOf('\t') + 1);
    const match = /"id":\s*(\d+|"[^"]*")/.exec(body);
    if (!match) throw new Error(`${file}: a request without an id: ${body.slice(0, 80)}`);
    return [body.slice(0, match.index) + '"id":', body.slice(match.index + match[0].length)];
  });
}

// The top-level id of an answer line without parsing all of it: JSON-RPC answers put it either first
// ({"jsonrpc":"2.0","id":7,...}) or last (...,"id":7}); anything else is parsed.
function answerId(line) {
  const head = /^\{"jsonrpc":"2\.0","id":(\d+)[,}]/.exec(line.slice(0, 40));
  if (head) return Number(head[1]);
  const tail = /[,{]"id":(\d+)\}$/.exec(line.slice(-30));
  if (tail) return Number(tail[1]);
  try {
    const id = JSON.parse(line).id;
    return typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

const failed = (line) => !line.includes('"result":') || line.includes('"isError":true');

// A child server on stdio: write lines, get answer lines by id.
class StdioServer {
  constructor(command, stderrFile) {
    const stderr = stderrFile ? fs.openSync(stderrFile, 'a') : 'ignore';
    this.child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', stderr] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.pending = new Map();
    this.onAnswer = null;
    let buffered = Buffer.alloc(0);
    this.child.stdout.on('data', (chunk) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      let start = 0;
      let end;
      while ((end = buffered.indexOf(10, start)) !== -1) {
        this.answer(buffered.toString('utf8', start, end));
        start = end + 1;
      }
      buffered = buffered.subarray(start);
    });
    this.exited.then(({ code, signal }) => {
      for (const [, reject] of this.pending.values()) reject(new Error(`server exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  answer(line) {
    const id = answerId(line);
    if (id === undefined) return; // a notification or a request from the server
    if (this.onAnswer) this.onAnswer(id, line);
    const waiter = this.pending.get(id);
    if (waiter) {
      this.pending.delete(id);
      waiter[0](line);
    }
  }

  write(line) {
    this.child.stdin.write(line + '\n');
  }

  request(id, method, params) {
    return new Promise((resolve, reject) => {
      this.pending.set(id, [resolve, reject]);
      this.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async initialize() {
    const answer = await this.request(0, 'initialize', {
      protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'varlet-perf', version: '1' },
    });
    if (failed(answer)) throw new Error(`initialize failed: ${answer.slice(0, 200)}`);
    this.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  }

  async stop() {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 2000);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
    clearTimeout(killer);
  }
}

// Sends templates in turn, keeping `inflight` outstanding, until `deadline` or `max` answers.
function pipeline(server, templates, { inflight, deadline, max, firstId }) {
  return new Promise((resolve) => {
    const started = new Map();
    const latencies = [];
    let nextId = firstId;
    let position = 0;
    let errors = 0;
    let sending = true;
    const send = () => {
      const [prefix, suffix] = templates[position];
      position = (position + 1) % templates.length;
      started.set(nextId, process.hrtime.bigint());
      server.write(prefix + nextId + suffix);
      nextId += 1;
    };
    server.onAnswer = (id, line) => {
      const began = started.get(id);
      if (began === undefined) return;
      started.delete(id);
      latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
      if (failed(line)) errors += 1;
      if (sending && (performance.now() >= deadline || (max && latencies.length + started.size >= max))) sending = false;
      if (sending) send();
      else if (started.size === 0) resolve({ latencies, errors });
    };
    server.exited.then(() => resolve({ latencies, errors, exited: true }));
    for (let i = 0; i < Math.min(inflight, max || Infinity); i++) send();
  });
}

async function load({ flags, command }) {
  const server = new StdioServer(command, flags.stderr);
  try {
    await server.initialize();
    const inflight = Number(flags.inflight || 8);
    let firstId = 1;
    if (flags.warmup) {
      const warm = readTemplates(flags.warmup);
      const result = await pipeline(server, warm, { inflight, deadline: Infinity, max: warm.length, firstId });
      firstId += warm.length;
      if (result.exited) throw new Error('the server exited during warm-up');
    }
    const templates = readTemplates(flags.requests);
    const cpuBefore = cpuSeconds(server.child.pid);
    const driverBefore = process.cpuUsage();
    const began = performance.now();
    const result = await pipeline(server, templates, {
      inflight, firstId,
      deadline: began + Number(flags.duration || 5) * 1000,
      max: Number(flags.max || 0),
    });
    const seconds = (performance.now() - began) / 1000;
    const cpu = cpuSeconds(server.child.pid) - cpuBefore;
    const driver = process.cpuUsage(driverBefore);
    const memoryNow = memory(server.child.pid);
    if (result.exited) throw new Error('the server exited during the run');
    return {
      requests: result.latencies.length,
      errors: result.errors,
      seconds,
      rps: result.latencies.length / seconds,
      latency_ms: summarize(result.latencies),
      cpu_seconds: cpu,
      cpu_s_per_10k: result.latencies.length ? (cpu * 10000) / result.latencies.length : null,
      // Near 1, the driver rather than the server limits the rate.
      driver_cpu_share: (driver.user + driver.system) / 1e6 / seconds,
      ...memoryNow,
    };
  } finally {
    await server.stop();
  }
}

async function startup({ flags, command }) {
  const times = [];
  let errors = 0;
  for (let i = 0; i < Number(flags.starts || 5); i++) {
    const began = process.hrtime.bigint();
    const server = new StdioServer(command, flags.stderr);
    try {
      await server.initialize();
      const answer = await server.request(1, 'tools/list', {});
      times.push(Number(process.hrtime.bigint() - began) / 1e6);
      if (failed(answer)) errors += 1;
    } finally {
      await server.stop();
    }
  }
  return { starts_ms: times, median_ms: summarize(times).p50, errors };
}

const args = parseArgs(process.argv.slice(2));
const modes = { load, startup };
if (!modes[args.mode]) throw new Error(`unknown mode ${args.mode}; use load or startup`);
process.stdout.write(JSON.stringify(await modes[args.mode](args)) + '\n');
