// The search evaluation of issue 13: every question of tests/search-eval/questions.tsv sent to the
// real server's `search` tool over stdio, the rank of the expected component among the components
// of the answer, and top-1, top-3 and MRR per language and per kind, printed as a table. Twice:
// with the package alone (no docs upstream) and with the docs of the fake upstream (its copy of
// the repository's docs pages), since search indexes them when it can.
//   node perf/harness/search_eval.mjs [--misses] [--json=FILE] [--swap-locales]
import fs from 'node:fs';
import path from 'node:path';
import { connectStdio, DATA_DIR, ROOT, startFakeUpstream, textOf, upstreamFlags } from '../../tests/e2e/harness.mjs';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const QUESTIONS = path.join(ROOT, 'tests', 'search-eval', 'questions.tsv');

/** [{question, lang, kind, expected: [tags]}] from the TSV (comments and the column-name row skipped). */
function questions() {
  const rows = fs.readFileSync(QUESTIONS, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const [header, ...data] = rows.map((l) => l.split('\t'));
  const at = (name) => header.indexOf(name);
  return data.map((r) => ({ question: r[at('question')], lang: r[at('lang')], kind: r[at('kind')], expected: r[at('expected')].split('|') }));
}

/** The 1-based rank of the first expected component among the distinct components of the results; 0 when absent. */
function rankOf(results, expected) {
  const components = [];
  for (const r of results) {
    const tag = r.tag ?? (r.component ? `var-${r.component}` : undefined);
    if (tag && !components.includes(tag)) components.push(tag);
  }
  const found = components.findIndex((tag) => expected.includes(tag));
  return found < 0 ? 0 : found + 1;
}

function figures(rows) {
  const n = rows.length || 1;
  const top = (k) => rows.filter((r) => r.rank > 0 && r.rank <= k).length / n;
  const mrr = rows.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / n;
  const componentFirst = rows.filter((r) => r.firstKind === 'component').length / n;
  return { count: rows.length, top1: top(1), top3: top(3), mrr, componentFirst };
}

async function evaluate(label, serverArgs) {
  const server = await connectStdio({ args: serverArgs });
  const rows = [];
  try {
    for (const q of questions()) {
      // --swap-locales asks each question in the other language's locale: results must not depend on it.
      const locale = (q.lang === 'zh') !== Boolean(args.get('swap-locales')) ? 'zh-CN' : 'en-US';
      const result = await server.client.callTool({ name: 'search', arguments: { query: q.question, locale, limit: 20 } });
      const results = result.structuredContent?.results ?? [];
      rows.push({ ...q, rank: result.isError ? 0 : rankOf(results, q.expected), firstKind: results[0]?.kind, top: results.slice(0, 3).map((r) => r.title), error: result.isError ? textOf(result) : undefined });
    }
  } finally {
    await server.close();
  }
  const groups = [['all', rows]];
  for (const lang of ['en', 'zh']) groups.push([lang, rows.filter((r) => r.lang === lang)]);
  for (const kind of [...new Set(rows.map((r) => r.kind))]) groups.push([kind, rows.filter((r) => r.kind === kind)]);
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  console.log(`\n## search evaluation, ${label}\n\n| questions | n | top-1 | top-3 | MRR | first result a component |\n| --- | --- | --- | --- | --- | --- |`);
  for (const [name, list] of groups) {
    const f = figures(list);
    console.log(`| ${name} | ${f.count} | ${pct(f.top1)} | ${pct(f.top3)} | ${f.mrr.toFixed(3)} | ${pct(f.componentFirst)} |`);
  }
  const misses = rows.filter((r) => r.rank !== 1);
  if (args.get('misses')) {
    console.log(`\nNot first (${misses.length}):`);
    for (const m of misses) console.log(`- [${m.lang} ${m.kind}] "${m.question}" → ${m.expected.join('|')} at ${m.rank || 'absent'}; top: ${m.top.join(' / ')}`);
  }
  return { label, figures: Object.fromEntries(groups.map(([name, list]) => [name, figures(list)])), rows };
}

const upstream = await startFakeUpstream();
try {
  const packageOnly = await evaluate('package only (no docs upstream)', [
    '--upstream.github-base=http://127.0.0.1:9/gh',
    `--upstream.package-dir=${path.join(DATA_DIR, 'npm')}`,
  ]);
  const withDocs = await evaluate('with the docs (the fake upstream\'s copy of the repository)', [
    ...upstreamFlags(upstream, { packageDir: path.join(DATA_DIR, 'npm') }),
    '--docs.search-reads-docs=true',
  ]);
  if (args.get('json')) fs.writeFileSync(args.get('json'), JSON.stringify([packageOnly, withDocs], null, 2));
} finally {
  await upstream.stop();
}
