#!/usr/bin/env node
// The benchmark of perf/run: varlet-mcp, the SDK peer and the nginx ceiling, one after the other in
// the same run, under the same workloads. Writes <results>/latest.json and latest.md and prints the
// ratios last. Flags (perf/run passes them through):
//   --quick                 short runs (3 s each, 4 connections); the default is the full measurement
//   --bin=PATH --config=PATH --data-dir=DIR --results=DIR
//   --seconds=N --connections=N --threads=N --inflight=N --starts=N --sequence=N --zipf=S
//   --pairs=N               interleaved session/sessionless hot runs behind the 2026-07-28 ratio
//   --versions=A,B          versions swept (first: the one the hot workloads ask for)
//   --systems=varlet-mcp,peer,ceiling   a subset
//   --workloads=http_hot,http_hot_gzip  a subset of the workloads (keys of TITLES); default: all
//   --server-arg=FLAG       extra flag for varlet-mcp (repeatable), e.g. --server-arg=--log.level=warn
//   --keep                  keep the run folder (server logs, request files) after a successful run
//   --stdio-driver=PATH     the C++ stdio load driver (perf/drivers/stdio_load.cpp); else the Node driver
//   --alloc-counter=PATH    libcount_allocs.so (perf/drivers/count_allocs.cpp): count heap allocations per hot call
//   --stand-in-tool=NAME    while varlet-mcp has no get_component_api: call NAME {} in its place
//                           (harness development against conf/testing.ini's fixture tools)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProbe, stdioDriver, sweep, wrkLoad } from './load.mjs';
import { McpHttpClient, openSessions } from './mcp_http.mjs';
import { cacheCounters, hitRates } from './metrics.mjs';
import { memory } from './proc.mjs';
import { printRatios, writeReports } from './report.mjs';
import { killAll, peerCommand, startNginx, startPeer, startVarlet, varletCommand } from './targets.mjs';
import {
  LOCALES, MODERN_PROTOCOL, componentNames, modernCall, plainRequest, random, searchQueries, shuffled, toolCall, writeSequence, zipfDraws,
} from './workload.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text) => process.stderr.write(`[perf] ${text}\n`);

function parseOptions(argv) {
  const flags = {};
  const serverArgs = [];
  for (const arg of argv) {
    const [key, ...rest] = arg.replace(/^--/, '').split('=');
    const value = rest.length ? rest.join('=') : 'true';
    if (key === 'server-arg') serverArgs.push(value);
    else flags[key] = value;
  }
  const quick = flags.quick === 'true';
  const pick = (key, quickValue, fullValue) => (flags[key] !== undefined ? flags[key] : quick ? quickValue : fullValue);
  return {
    quick,
    bin: path.resolve(flags.bin ?? path.join(ROOT, 'build', 'varlet-mcp')),
    config: path.resolve(flags.config ?? path.join(ROOT, 'conf', 'varlet-mcp.ini')),
    dataDir: path.resolve(flags['data-dir'] ?? path.join(ROOT, 'data')),
    resultsDir: path.resolve(flags.results ?? path.join(ROOT, 'perf', 'results')),
    seconds: Number(pick('seconds', 3, 10)),
    connections: Number(pick('connections', 4, 32)),
    threads: Number(pick('threads', 1, 2)),
    inflight: Number(pick('inflight', 4, 32)),
    starts: Number(pick('starts', 3, 9)),
    pairs: Number(pick('pairs', 4, 4)),
    sequence: Number(pick('sequence', 2000, 20000)),
    zipf: Number(flags.zipf ?? 1.1),
    versions: (flags.versions ?? '3.20.6,3.0.0').split(','),
    systems: (flags.systems ?? 'varlet-mcp,peer,ceiling').split(','),
    workloads: flags.workloads ? flags.workloads.split(',') : null,
    standIn: flags['stand-in-tool'],
    keep: flags.keep === 'true',
    startProbe: flags['start-probe'] ? path.resolve(flags['start-probe']) : null,
    stdioDriver: flags['stdio-driver'] ? path.resolve(flags['stdio-driver']) : null,
    allocCounter: flags['alloc-counter'] ? path.resolve(flags['alloc-counter']) : null,
    serverArgs,
  };
}

// The requests every system is measured with, written once to the run folder.
function prepareWorkloads(options, runDir) {
  const next = random(20260701);
  const [main] = options.versions;
  const names = componentNames(options.dataDir, main, LOCALES[0]);
  const hotNames = zipfDraws(names, options.zipf, options.sequence, next);
  const everything = options.versions.flatMap((version) => LOCALES.flatMap((locale) =>
    componentNames(options.dataDir, version, locale).map((name) => ({ name, version, locale }))));
  return {
    names,
    hotNames,
    sweep: shuffled(everything, next).map((args) => toolCall('get_component_api', args)),
    queries: zipfDraws(searchQueries(options.dataDir, main, LOCALES[0]), options.zipf, options.sequence, next),
    // Requests for the other versions and locales in the mixed workload.
    others: everything.filter((a) => a.version !== main || a.locale !== LOCALES[0]),
    next,
    file: (name, requests, mcpPath = '/mcp') => writeSequence(path.join(runDir, `${name}.tsv`), requests, mcpPath),
  };
}

const TITLES = {
  http_hot: 'hot get_component_api, Zipf names (HTTP)',
  http_half_rate: 'hot get_component_api at half of varlet-mcp\'s max rate (HTTP)',
  http_hot_2026: 'hot get_component_api, Zipf names, sessionless 2026-07-28 requests (HTTP)',
  http_hot_gzip: 'hot get_component_api, Zipf names, Accept-Encoding: gzip (HTTP)',
  http_hot_br: 'hot get_component_api, Zipf names, Accept-Encoding: br (HTTP)',
  stdio_hot: 'hot get_component_api, Zipf names (stdio)',
  tools_list: 'tools/list (HTTP)',
  list_components: 'list_components (HTTP)',
  search: 'search, Zipf queries (HTTP)',
  mixed: 'mixed: 6 hot component : 1 each other version or locale, list_components, search, tools/list (HTTP)',
  cold: 'cold sweep: every component × versions × locales once, fresh start, empty cache (HTTP)',
};

const COMPONENT_API = { name: 'get_component_api', args: (name) => ({ name }) };

// The tool the component workloads call on varlet-mcp: get_component_api, or the stand-in.
function componentTool(tools, options) {
  if (tools.includes(COMPONENT_API.name)) return COMPONENT_API;
  if (options.standIn && tools.includes(options.standIn)) return { name: options.standIn, args: () => ({}), standIn: true };
  return undefined;
}

async function waitReady(client) {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const answer = await client.request('GET', '/readyz');
    if (answer.status !== 503) return;
    await sleep(50);
  }
}

// The bytes of one answer per component, as the ceiling serves them, and how many were errors.
async function captureAnswers(client, tool, names) {
  const files = {};
  let errors = 0;
  for (const name of names) {
    const { body, message } = await client.rpc(1, 'tools/call', { name: tool.name, arguments: tool.args(name) });
    if (!message?.result || message.result.isError) errors += 1;
    files[`c/${name}`] = body;
  }
  return { files, errors };
}

function mixedRequests(work, tools, tool) {
  const kinds = [
    [6, () => toolCall(tool.name, tool.args(work.hotNames[Math.floor(work.next() * work.hotNames.length)]))],
    [1, () => plainRequest('tools/list')],
  ];
  if (tool.name === 'get_component_api') {
    kinds.push([1, () => toolCall('get_component_api', work.others[Math.floor(work.next() * work.others.length)])]);
  }
  if (tools.includes('list_components')) kinds.push([1, () => toolCall('list_components', {})]);
  if (tools.includes('search')) kinds.push([1, () => toolCall('search', { query: work.queries[Math.floor(work.next() * work.queries.length)] })]);
  const total = kinds.reduce((sum, [weight]) => sum + weight, 0);
  return work.hotNames.map(() => {
    let pick = work.next() * total;
    for (const [weight, make] of kinds) if ((pick -= weight) < 0) return make();
    return kinds[0][1]();
  });
}

class Run {
  constructor(options) {
    this.options = options;
    this.runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'varlet-perf-'));
    fs.chmodSync(this.runDir, 0o755);
    this.work = prepareWorkloads(options, this.runDir);
    this.results = { meta: this.meta(), systems: {}, workloads: {}, notes: [] };
  }

  meta() {
    const o = this.options;
    const git = (...args) => { try { return execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim(); } catch { return null; } };
    return {
      date: new Date().toISOString(),
      mode: o.quick ? 'quick' : 'full',
      commit: git('rev-parse', '--short', 'HEAD'),
      host: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, kernel: os.release(), load_before: os.loadavg()[0] },
      binary: o.bin,
      config: path.relative(ROOT, o.config),
      settings: { seconds: o.seconds, connections: o.connections, wrk_threads: o.threads, stdio_inflight: o.inflight,
        stdio_driver: o.stdioDriver ? 'stdio_load' : 'Node driver',
        starts: o.starts, zipf_s: o.zipf, sequence: o.sequence, versions: o.versions, locales: LOCALES },
      components: this.work.names.length,
    };
  }

  system(name) {
    return (this.results.systems[name] ??= {});
  }

  wanted(workload) {
    return !this.options.workloads || this.options.workloads.includes(workload);
  }

  record(workload, system, figures) {
    const entry = (this.results.workloads[workload] ??= { title: TITLES[workload], results: {} });
    entry.results[system] = figures;
    const f = figures;
    if (f.skipped) log(`${entry.title} · ${system}: skipped (${f.skipped})`);
    else {
      const bytes = f.bytes_per_request ? `, ${f.bytes_per_request.toFixed(0)} B/answer` : '';
      log(`${entry.title} · ${system}: ${f.rps.toFixed(0)} req/s, p50 ${f.latency_ms.p50} ms, p99 ${f.latency_ms.p99} ms${bytes}, errors ${f.errors}`);
    }
  }

  // Measures `workload` with `load` when --workloads asks for it; `missing`: why it cannot run here.
  async measure(workload, system, missing, load) {
    if (!this.wanted(workload)) return;
    if (missing) this.skip(workload, system, missing);
    else this.record(workload, system, await load());
  }

  skip(workload, system, reason) {
    this.record(workload, system, { skipped: reason });
  }

  wrk(target, requestsFile, sessions, extra = {}) {
    const o = this.options;
    return wrkLoad(target, { requestsFile, sessions, threads: o.threads, connections: o.connections, seconds: o.seconds, ...extra });
  }

  // The hot workload as fast as it goes, then at half of varlet-mcp's max rate (varlet-mcp runs first
  // and sets that rate).
  async hotAndHalfRate(system, target, hotFile, sessions) {
    if (!this.wanted('http_hot')) return;
    const figures = await this.wrk(target, hotFile, sessions);
    this.record('http_hot', system, figures);
    if (system === 'varlet-mcp') {
      this.halfRate = Math.max(1, Math.floor(figures.rps / 2));
      this.results.meta.settings.half_rate = this.halfRate;
    }
    if (this.halfRate && this.wanted('http_half_rate')) this.record('http_half_rate', system, await this.wrk(target, hotFile, sessions, { rate: this.halfRate }));
  }

  // Sessionless against session hot calls in adjacent pairs, which the drift of a shared 2-core
  // machine between two workloads minutes apart does not reach: the median of the pairs' ratios.
  // Every other pair runs the sessionless load first, so a drift within a pair favours neither.
  async sessionlessPairs(target, hotFile, sessions, modernFile, sessionless) {
    const pairs = [];
    const sessionRun = async () => (await this.wrk(target, hotFile, sessions)).rps;
    const modernRun = async () => (await this.wrk(target, modernFile, [], sessionless)).rps;
    for (let i = 0; i < this.options.pairs; i++) {
      let session, modern;
      if (i % 2 === 0) {
        session = await sessionRun();
        modern = await modernRun();
      } else {
        modern = await modernRun();
        session = await sessionRun();
      }
      pairs.push({ session_rps: session, sessionless_rps: modern, ratio: modern / session, sessionless_first: i % 2 === 1 });
    }
    if (pairs.length) this.system('varlet-mcp').sessionless_pairs = { pairs, median_ratio: median(pairs.map((p) => p.ratio)) };
  }

  // RSS of a fresh start once ready (varlet-mcp's /readyz waits for the warm list) and settled.
  async idle(system, target, client) {
    await waitReady(client);
    await sleep(500);
    this.system(system).rss_idle_mib = memory(target.pid).rss_mib;
  }

  // The cold sweep: every component of every version and locale once, from an empty cache.
  async coldSweep(system, target, client) {
    const figures = await sweep(target, client.sessionId, this.work.sweep, this.options.connections);
    this.record('cold', system, figures);
    this.system(system).rss_after_sweep_mib = figures.rss_mib;
  }

  async varletHttp() {
    const o = this.options;
    const target = await startVarlet(o, fs.mkdtempSync(path.join(this.runDir, 'cache-')), path.join(this.runDir, 'varlet-http.log'));
    target.protocolHeader = true;
    const mcpPath = new URL(target.url).pathname;
    const client = new McpHttpClient(target.url);
    const admin = new McpHttpClient(target.adminUrl ?? target.url);
    try {
      await client.open();
      const listed = await client.toolNames();
      const tools = listed ?? [];
      const tool = componentTool(tools, o);
      this.varletTool = tool;
      Object.assign(this.system('varlet-mcp'), { tools: tools.length, component_tool: tool?.name ?? null });
      if (tool?.standIn) this.results.notes.push(`varlet-mcp has no get_component_api yet: its component workloads call the stand-in ${tool.name} {}, and the ceiling serves that answer.`);
      await this.idle('varlet-mcp', target, client);
      if (this.wanted('cold')) {
        if (tool?.name === 'get_component_api') await this.coldSweep('varlet-mcp', target, client);
        else this.skip('cold', 'varlet-mcp', 'no get_component_api');
      }

      const sessions = await openSessions(target.url, o.connections);
      if (tool) {
        const { files, errors } = await captureAnswers(client, tool, this.work.names);
        if (errors) this.results.notes.push(`${errors} of ${this.work.names.length} varlet-mcp answers to ${tool.name} were errors; the load runs do not look inside answers.`);
        this.ceilingFiles = files;
        this.system('varlet-mcp').answer_bytes_mean = meanBytes(files);
        const hot = this.work.file('varlet-hot', this.work.hotNames.map((n) => toolCall(tool.name, tool.args(n))), mcpPath);
        const before = await cacheCounters(admin);
        await this.hotAndHalfRate('varlet-mcp', target, hot, sessions);
        const hits = hitRates(before, await cacheCounters(admin));
        // The same calls with compressed answers: a cached answer's gzip form is kept and spliced in,
        // brotli compresses each answer. Bytes per answer against http_hot's show what it saves.
        for (const [workload, coding] of [['http_hot_gzip', 'gzip'], ['http_hot_br', 'br']])
          await this.measure(workload, 'varlet-mcp', false, () => this.wrk(target, hot, sessions, { headers: { 'Accept-Encoding': coding } }));
        // The same calls the 2026-07-28 way: no session, _meta in every body, the standard headers.
        const modernHot = this.work.file('varlet-hot-2026',
          this.work.hotNames.map((n) => modernCall(tool.name, tool.args(n))), mcpPath);
        const sessionless = { protocol: MODERN_PROTOCOL, headers: { 'Mcp-Method': 'tools/call', 'Mcp-Name': tool.name } };
        if (this.wanted('http_hot_2026')) {
          this.record('http_hot_2026', 'varlet-mcp', await this.wrk(target, modernHot, [], sessionless));
          await this.sessionlessPairs(target, hot, sessions, modernHot, sessionless);
        }
        this.system('varlet-mcp').l1_hit_rate = hits?.overall ?? null;
        if (hits) this.system('varlet-mcp').l1_hits = hits;
        else this.results.notes.push('varlet-mcp serves no cache counters at GET /admin/metrics: L1 hit rate not measured.');
      } else {
        this.skip('http_hot', 'varlet-mcp', 'no get_component_api; --stand-in-tool tries the harness');
      }

      await this.measure('tools_list', 'varlet-mcp', !listed && 'the binary serves no tools (tools/list is unknown)', () =>
        this.wrk(target, this.work.file('varlet-tools-list', this.work.hotNames.map(() => plainRequest('tools/list')), mcpPath), sessions));
      await this.measure('list_components', 'varlet-mcp', !tools.includes('list_components') && 'the binary has no list_components', () =>
        this.wrk(target, this.work.file('varlet-list', this.work.hotNames.map(() => toolCall('list_components', {})), mcpPath), sessions));
      await this.measure('search', 'varlet-mcp', !tools.includes('search') && 'the binary has no search', () =>
        this.wrk(target, this.work.file('varlet-search', this.work.queries.map((query) => toolCall('search', { query })), mcpPath), sessions));
      await this.measure('mixed', 'varlet-mcp', !tool && 'no get_component_api', () =>
        this.wrk(target, this.work.file('varlet-mixed', mixedRequests(this.work, tools, tool), mcpPath), sessions));
      this.system('varlet-mcp').peak_rss_mib = memory(target.pid).peak_rss_mib;
    } finally {
      client.close();
      admin.close();
      await target.stop();
    }
  }

  async peerHttp() {
    const target = await startPeer(this.options, path.join(this.runDir, 'peer-http.log'));
    target.protocolHeader = true;
    const client = new McpHttpClient(target.url);
    try {
      await client.open();
      this.system('peer').tools = (await client.toolNames()).length;
      await this.idle('peer', target, client);
      await this.coldSweep('peer', target, client);
      const { files: answers, errors } = await captureAnswers(client, COMPONENT_API, this.work.names);
      if (errors) this.results.notes.push(`${errors} of ${this.work.names.length} peer answers were errors.`);
      this.system('peer').answer_bytes_mean = meanBytes(answers);
      if (!this.ceilingFiles) {
        this.ceilingFiles = answers;
        this.results.notes.push('The ceiling serves the peer\'s answers: varlet-mcp had none to capture.');
      }
      const hot = this.work.file('peer-hot', this.work.hotNames.map((n) => toolCall(COMPONENT_API.name, COMPONENT_API.args(n))));
      await this.hotAndHalfRate('peer', target, hot, []);
      const toolsList = this.work.file('peer-tools-list', this.work.hotNames.map(() => plainRequest('tools/list')));
      this.record('tools_list', 'peer', await this.wrk(target, toolsList, []));
      this.system('peer').peak_rss_mib = memory(target.pid).peak_rss_mib;
    } finally {
      client.close();
      await target.stop();
    }
  }

  async ceiling() {
    if (!this.ceilingFiles) {
      this.skip('http_hot', 'ceiling', 'no answers captured to serve');
      return;
    }
    const startNginxHere = (i) => startNginx(path.join(this.runDir, `nginx-${i}`), this.ceilingFiles, path.join(this.runDir, 'nginx.log'));
    const starts = [];
    for (let i = 1; i < this.options.starts; i++) {
      const target = await startNginxHere(i);
      starts.push(target.listeningMs);
      await target.stop();
    }
    const target = await startNginxHere(0);
    starts.push(target.listeningMs);
    Object.assign(this.system('ceiling'), { answer_bytes_mean: meanBytes(this.ceilingFiles), startup_ms: median(starts),
      startup_samples_ms: starts, startup_measure: 'spawn → accepting connections' });
    try {
      this.system('ceiling').rss_idle_mib = memory(target.pid).rss_mib;
      const hot = this.work.file('ceiling-hot', this.work.hotNames.map((n) => toolCall(COMPONENT_API.name, COMPONENT_API.args(n), `/c/${n}`)));
      await this.hotAndHalfRate('ceiling', target, hot, []);
      this.system('ceiling').peak_rss_mib = memory(target.pid).peak_rss_mib;
    } finally {
      await target.stop();
    }
  }

  async stdio(system, command, tool) {
    const o = this.options;
    const stderr = path.join(this.runDir, `${system}-stdio.log`);
    const startup = o.startProbe ? await startProbe(o.startProbe, o.starts, command)
      : await stdioDriver('startup', { starts: o.starts, stderr }, command);
    Object.assign(this.system(system), { startup_ms: startup.median_ms, startup_samples_ms: startup.starts_ms,
      startup_measure: `spawn → tools/list answer (stdio, ${o.startProbe ? 'start_probe' : 'Node driver'})` });
    if (startup.errors) this.results.notes.push(`${system} answered tools/list with an error at start-up; the start-up time is up to that answer.`);
    if (!tool) {
      this.skip('stdio_hot', system, 'no get_component_api');
      return;
    }
    const warm = this.work.file(`${system}-stdio-warm`, this.work.names.map((n) => toolCall(tool.name, tool.args(n))));
    const hot = this.work.file(`${system}-stdio-hot`, this.work.hotNames.map((n) => toolCall(tool.name, tool.args(n))));
    const figures = await stdioDriver('load', { requests: hot, warmup: warm, inflight: o.inflight, duration: o.seconds, stderr },
      command, o.stdioDriver);
    this.record('stdio_hot', system, figures);
    if (figures.driver_cpu_share > 0.85) {
      this.results.notes.push(`The stdio driver used ${Math.round(figures.driver_cpu_share * 100)} % of a core against ${system}: that rate is partly the driver's limit.`);
    }
  }

  // Heap allocations per hot call, session and sessionless, on a server of its own that counts them
  // (perf/drivers/count_allocs.cpp, preloaded): the count after a bounded run minus the count before,
  // over the answers. Not on the measured server: every count is an atomic add that would slow it.
  async allocations(tool) {
    const o = this.options;
    const countFile = path.join(this.runDir, 'allocations');
    const env = { ...process.env, LD_PRELOAD: o.allocCounter, VARLET_ALLOC_COUNT_FILE: countFile };
    const target = await startVarlet(o, fs.mkdtempSync(path.join(this.runDir, 'cache-')), path.join(this.runDir, 'varlet-allocations.log'), env);
    target.protocolHeader = true;
    const mcpPath = new URL(target.url).pathname;
    const client = new McpHttpClient(target.url);
    const count = async () => {
      await sleep(200);  // the counter writes its file every 50 ms
      return Number(fs.readFileSync(countFile, 'utf8'));
    };
    try {
      await client.open();
      await captureAnswers(client, tool, this.work.names);
      const sessions = await openSessions(target.url, o.connections);
      const calls = 5000;
      const perCall = async (file, sessionIds, extra) => {
        const before = await count();
        const figures = await wrkLoad(target, { requestsFile: file, sessions: sessionIds, threads: o.threads,
          connections: o.connections, seconds: 60, max: calls, ...extra });
        return Math.round(((await count()) - before) / figures.requests);
      };
      const hot = this.work.file('varlet-alloc-hot', this.work.hotNames.map((n) => toolCall(tool.name, tool.args(n))), mcpPath);
      const modernHot = this.work.file('varlet-alloc-2026', this.work.hotNames.map((n) => modernCall(tool.name, tool.args(n))), mcpPath);
      const figures = {
        session: await perCall(hot, sessions, {}),
        sessionless: await perCall(modernHot, [], { protocol: MODERN_PROTOCOL, headers: { 'Mcp-Method': 'tools/call', 'Mcp-Name': tool.name } }),
      };
      this.system('varlet-mcp').allocations_per_hot_call = figures;
      this.results.notes.push(`Heap allocations per hot ${tool.name} call over HTTP (count_allocs): ${figures.session} with a session, ${figures.sessionless} sessionless.`);
    } finally {
      client.close();
      await target.stop();
    }
  }

  async all() {
    const o = this.options;
    const wanted = (system) => o.systems.includes(system);
    if (wanted('varlet-mcp')) {
      log('varlet-mcp over Streamable HTTP');
      await this.varletHttp();
      if (o.allocCounter && this.varletTool && this.wanted('http_hot')) {
        log('varlet-mcp heap allocations per hot call');
        await this.allocations(this.varletTool);
      }
      log('varlet-mcp over stdio');
      if (this.wanted('stdio_hot')) await this.stdio('varlet-mcp', varletCommand(o, fs.mkdtempSync(path.join(this.runDir, 'cache-')), false).flat(), this.varletTool);
    }
    if (wanted('peer')) {
      log('peer (official SDK) over stateless Streamable HTTP');
      await this.peerHttp();
      log('peer over stdio');
      await this.stdio('peer', peerCommand(o, false).flat(), COMPONENT_API);
    }
    if (wanted('ceiling')) {
      log('ceiling (nginx, static answers)');
      await this.ceiling();
    }
  }
}

// The middle value; for an even count, the mean of the two middle ones.
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const meanBytes = (files) => Math.round(Object.values(files).reduce((s, b) => s + b.length, 0) / Object.keys(files).length);

const options = parseOptions(process.argv.slice(2));
const run = new Run(options);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    log(`interrupted; server logs and request files kept in ${run.runDir}`);
    process.exit(130);
  });
}
log(`run folder ${run.runDir}; ${run.work.names.length} components; ${options.quick ? 'quick' : 'full'} pass`);
try {
  await run.all();
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  log(`server logs and request files kept in ${run.runDir}`);
  process.exitCode = 1;
} finally {
  run.results.meta.load_after = os.loadavg()[0];
  const { json, markdown } = writeReports(run.results, options.resultsDir);
  log(`wrote ${json} and ${markdown}`);
}
if (!process.exitCode) {
  if (!options.keep) fs.rmSync(run.runDir, { recursive: true, force: true });
  printRatios(run.results);
}
