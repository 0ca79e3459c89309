// latest.json, latest.md and the ratios printed at the end of a run.
import fs from 'node:fs';
import path from 'node:path';

const SYSTEMS = ['varlet-mcp', 'peer', 'ceiling'];
const WORKLOAD_ORDER = ['http_hot', 'http_hot_gzip', 'http_hot_br', 'http_hot_2026', 'http_half_rate', 'stdio_hot', 'tools_list', 'list_components', 'search', 'mixed', 'cold'];

const number = (value, digits = 0) => (value === null || value === undefined || Number.isNaN(value)
  ? 'n/a' : Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const ms = (value) => (value === null || value === undefined ? 'n/a' : value < 10 ? number(value, 3) : number(value, 1));
const mib = (value) => number(value, 1);
const percent = (value) => (value === null || value === undefined ? 'n/a' : `${number(value * 100, 2)} %`);
const times = (value) => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${number(value, value < 10 ? 2 : 1)}×`);

const figure = (results, workload, system) => {
  const f = results.workloads[workload]?.results?.[system];
  return f && !f.skipped ? f : undefined;
};
const divide = (a, b) => (a === undefined || b === undefined || b === 0 ? null : a / b);

// The issue's targets, each with what this run measured.
function targetChecks(results) {
  const v = results.systems['varlet-mcp'] ?? {};
  const rps = (w, s) => figure(results, w, s)?.rps;
  const cpu = (w, s) => figure(results, w, s)?.cpu_s_per_10k;
  const checks = [
    ['start → first tools/list answer', v.startup_ms, (x) => `${ms(x)} ms`, '≤ 20 ms', (x) => x <= 20],
    ['RSS idle', v.rss_idle_mib, (x) => `${mib(x)} MiB`, '≤ 16 MiB', (x) => x <= 16],
    ['RSS after every component × 2 versions × 2 locales', v.rss_after_sweep_mib, (x) => `${mib(x)} MiB`, '≤ 48 MiB', (x) => x <= 48],
    ['HTTP hot get_component_api vs peer', divide(rps('http_hot', 'varlet-mcp'), rps('http_hot', 'peer')), times, '≥ 20×', (x) => x >= 20],
    ['HTTP hot get_component_api vs nginx', divide(rps('http_hot', 'varlet-mcp'), rps('http_hot', 'ceiling')), times, '≥ 0.5×', (x) => x >= 0.5],
    ['HTTP hot, sessionless 2026-07-28 vs session (median of interleaved pairs)',
      v.sessionless_pairs?.median_ratio ?? divide(rps('http_hot_2026', 'varlet-mcp'), rps('http_hot', 'varlet-mcp')), times, '≥ 1×', (x) => x >= 1],
    ['p99 at half of its own max rate', figure(results, 'http_half_rate', 'varlet-mcp')?.latency_ms?.p99, (x) => `${ms(x)} ms`, '≤ 2 ms', (x) => x <= 2],
    ['stdio hot get_component_api vs peer', divide(rps('stdio_hot', 'varlet-mcp'), rps('stdio_hot', 'peer')), times, '≥ 20×', (x) => x >= 20],
    ['stdio CPU per request vs peer', divide(cpu('stdio_hot', 'peer'), cpu('stdio_hot', 'varlet-mcp')), (x) => `${times(x)} less`, '≥ 5×', (x) => x >= 5],
    ['L1 hits in the Zipf workload', v.l1_hit_rate, percent, '≥ 99 %', (x) => x >= 0.99],
  ];
  return checks.map(([target, value, show, goal, met]) => ({
    target, goal, measured: value ?? null, shown: value === null || value === undefined ? 'n/a' : show(value),
    met: value === null || value === undefined ? null : met(value),
  }));
}

function ratios(results) {
  const rps = (w, s) => figure(results, w, s)?.rps;
  const p99 = (w, s) => figure(results, w, s)?.latency_ms?.p99;
  const cpu = (w, s) => figure(results, w, s)?.cpu_s_per_10k;
  const sys = (s, key) => results.systems[s]?.[key];
  const bytes = (w) => figure(results, w, 'varlet-mcp')?.bytes_per_request ?? undefined;
  return {
    'varlet-mcp vs peer': {
      http_hot_rps: divide(rps('http_hot', 'varlet-mcp'), rps('http_hot', 'peer')),
      stdio_hot_rps: divide(rps('stdio_hot', 'varlet-mcp'), rps('stdio_hot', 'peer')),
      http_hot_p99_lower: divide(p99('http_hot', 'peer'), p99('http_hot', 'varlet-mcp')),
      half_rate_p99_lower: divide(p99('http_half_rate', 'peer'), p99('http_half_rate', 'varlet-mcp')),
      cpu_per_request_lower: divide(cpu('http_hot', 'peer'), cpu('http_hot', 'varlet-mcp')),
      stdio_cpu_per_request_lower: divide(cpu('stdio_hot', 'peer'), cpu('stdio_hot', 'varlet-mcp')),
      startup_faster: divide(sys('peer', 'startup_ms'), sys('varlet-mcp', 'startup_ms')),
      rss_idle_lower: divide(sys('peer', 'rss_idle_mib'), sys('varlet-mcp', 'rss_idle_mib')),
      tools_list_rps: divide(rps('tools_list', 'varlet-mcp'), rps('tools_list', 'peer')),
    },
    // Compressed hot answers against plain ones: what they weigh on the wire, and what they cost.
    'varlet-mcp compressed vs plain': {
      gzip_bytes_per_answer: divide(bytes('http_hot_gzip'), bytes('http_hot')),
      gzip_rps: divide(rps('http_hot_gzip', 'varlet-mcp'), rps('http_hot', 'varlet-mcp')),
      br_bytes_per_answer: divide(bytes('http_hot_br'), bytes('http_hot')),
      br_rps: divide(rps('http_hot_br', 'varlet-mcp'), rps('http_hot', 'varlet-mcp')),
    },
    'varlet-mcp vs nginx': {
      http_hot_rps: divide(rps('http_hot', 'varlet-mcp'), rps('http_hot', 'ceiling')),
      half_rate_p99_higher: divide(p99('http_half_rate', 'varlet-mcp'), p99('http_half_rate', 'ceiling')),
      cpu_per_request_higher: divide(cpu('http_hot', 'varlet-mcp'), cpu('http_hot', 'ceiling')),
    },
  };
}

function markdown(results) {
  const m = results.meta;
  const s = m.settings;
  const lines = [
    `# varlet-mcp benchmark — ${m.date} (${m.mode})`,
    '',
    `commit ${m.commit ?? '?'} · ${m.host.cpus} × ${m.host.cpu} · Linux ${m.host.kernel} · load ${number(m.host.load_before, 2)} before, ${number(m.load_after, 2)} after · config ${m.config}`,
    `${m.components} components · ${s.seconds} s per run · ${s.connections} connections on ${s.wrk_threads} wrk thread(s) · ${s.stdio_inflight} in flight on stdio (${s.stdio_driver}) · Zipf s=${s.zipf_s} over a ${s.sequence}-request sequence · sweep over ${s.versions.join(', ')} × ${s.locales.join(', ')}`,
    '',
    '## Throughput and latency',
    '',
    '| workload | system | req/s | p50 ms | p99 ms | max ms | CPU s / 10k req | bytes / answer | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const keys = [...WORKLOAD_ORDER, ...Object.keys(results.workloads).filter((k) => !WORKLOAD_ORDER.includes(k))];
  for (const key of keys) {
    const w = results.workloads[key];
    if (!w) continue;
    for (const system of SYSTEMS) {
      const f = w.results[system];
      if (!f) continue;
      if (f.skipped) {
        lines.push(`| ${w.title} | ${system} | skipped: ${f.skipped} | | | | | | |`);
        continue;
      }
      const late = f.late ? ` (${number(f.late)} late)` : '';
      lines.push(`| ${w.title} | ${system} | ${number(f.rps)}${late} | ${ms(f.latency_ms.p50)} | ${ms(f.latency_ms.p99)} | ${ms(f.latency_ms.max)} | ${number(f.cpu_s_per_10k, 2)} | ${number(f.bytes_per_request)} | ${number(f.errors)} |`);
    }
  }
  lines.push('', '## Processes', '',
    '| system | start → first answer ms (median) | RSS idle MiB | RSS after sweep MiB | peak RSS MiB | L1 hit rate (Zipf) | answer bytes (mean) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const system of SYSTEMS) {
    const p = results.systems[system];
    if (!p) continue;
    lines.push(`| ${system} | ${ms(p.startup_ms)} | ${mib(p.rss_idle_mib)} | ${mib(p.rss_after_sweep_mib)} | ${mib(p.peak_rss_mib)} | ${percent(p.l1_hit_rate)} | ${number(p.answer_bytes_mean)} |`);
  }
  lines.push('', '## Targets (issue 7)', '', '| target | goal | measured | met |', '| --- | --- | ---: | :---: |');
  for (const c of results.targets) lines.push(`| ${c.target} | ${c.goal} | ${c.shown} | ${c.met === null ? 'n/a' : c.met ? 'yes' : 'no'} |`);
  lines.push('', '## Ratios', '');
  for (const [pair, values] of Object.entries(results.ratios)) {
    lines.push(`- ${pair}: ${Object.entries(values).map(([k, v]) => `${k.replace(/_/g, ' ')} ${times(v)}`).join(' · ')}`);
  }
  if (results.notes.length) lines.push('', '## Notes', '', ...results.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

export function writeReports(results, dir) {
  results.targets = targetChecks(results);
  results.ratios = ratios(results);
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'latest.json');
  const md = path.join(dir, 'latest.md');
  fs.writeFileSync(json, JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(md, markdown(results));
  return { json, markdown: md };
}

export function printRatios(results) {
  const out = [''];
  for (const c of results.targets) out.push(`target  ${c.target}: ${c.shown} (goal ${c.goal})${c.met === null ? '' : c.met ? '  met' : '  NOT met'}`);
  for (const n of results.notes) out.push(`note    ${n}`);
  for (const [pair, values] of Object.entries(results.ratios)) {
    out.push(`${pair}: ${Object.entries(values).map(([k, v]) => `${k.replace(/_/g, ' ')} ${times(v)}`).join(', ')}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}
