// The alert rules and the Grafana dashboard operators load (deploy/prometheus, deploy/grafana) against
// the real server: promtool accepts the rules and their unit tests pass, the dashboard imports
// anywhere, and every metric, label and label value any rule, annotation or panel names is one the
// running server exports on /metrics after real calls from the official SDK client. A misspelled
// name in a rule would otherwise only show as an alert that never fires or an empty panel.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT, tempDir, textOf } from './harness.mjs';
import { componentName, startService, until, webTypes } from './metrics-support.mjs';

const PROMTOOL = process.env.PROMTOOL || '/usr/bin/promtool';
const RULES = path.join(ROOT, 'deploy/prometheus/alerts.yml');
const RULE_TESTS = path.join(ROOT, 'deploy/prometheus/alerts.test.yml');
const DASHBOARD = path.join(ROOT, 'deploy/grafana/varlet-mcp.json');

const rules = parseYaml(fs.readFileSync(RULES, 'utf8')).groups.flatMap((g) => g.rules);
const alerts = rules.filter((r) => r.alert);
const recorded = new Set(rules.filter((r) => r.record).map((r) => r.record));
const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8'));

function promtool(...args) {
  const run = spawnSync(PROMTOOL, args, { encoding: 'utf8' });
  assert.equal(run.error, undefined, `cannot run ${PROMTOOL}: ${run.error}`);
  return run;
}

// -- PromQL, read only as far as names go.

// Words that are PromQL syntax, not metric names: aggregation operators (which may be followed by
// `by (...)` rather than their parenthesis), grouping modifiers (followed by label names) and the
// rest. Any other word followed by `(` is a function, whose name promtool checks.
const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values',
  'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio']);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);
// Labels Prometheus attaches to every scraped series itself.
const TARGET_LABELS = new Set(['job', 'instance']);

/** The tokens of a PromQL expression (or a Grafana one: `$var` and `${var}` are variables). */
function lex(expr) {
  const tokens = [];
  let i = 0;
  const take = (re) => {
    const m = re.exec(expr.slice(i));
    assert.ok(m, `cannot read ${JSON.stringify(expr.slice(i, i + 20))} in ${expr}`);
    i += m[0].length;
    return m;
  };
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) i++;
    else if (c === '#') take(/^#[^\n]*/);
    else if (c === '[') tokens.push({ type: 'range', value: take(/^\[[^\]]*\]/)[0] }); // [5m], [$__rate_interval], [1h:5m]
    else if (c === '"' || c === "'") {
      const m = take(c === '"' ? /^"((?:[^"\\]|\\.)*)"/ : /^'((?:[^'\\]|\\.)*)'/);
      tokens.push({ type: 'string', value: m[1].replace(/\\(.)/g, '$1') });
    } else if (c === '`') tokens.push({ type: 'string', value: take(/^`([^`]*)`/)[1] });
    else if (c === '$') tokens.push({ type: 'variable', value: take(/^\$(\{[^}]*\}|\w+)/)[0] });
    else if (/[0-9.]/.test(c)) tokens.push({ type: 'number', value: take(/^(0x[0-9a-f]+|[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?([a-z]+[0-9]*)*)/i)[0] });
    else if (/[a-zA-Z_:]/.test(c)) tokens.push({ type: 'word', value: take(/^[a-zA-Z_:][a-zA-Z0-9_:]*/)[0] });
    else tokens.push({ type: 'punct', value: take(/^(=~|!~|!=|==|>=|<=|.)/)[0] });
  }
  return tokens;
}

/**
 * The names an expression uses: its selectors ({metric, matchers: [{label, op, value}]}) and the
 * labels of its by/without/on/ignoring/group_left/group_right lists.
 */
function namesOf(expr) {
  const t = lex(expr);
  const selectors = [];
  const grouping = [];
  for (let i = 0; i < t.length; i++) {
    const { type, value } = t[i];
    const next = t[i + 1]?.value;
    if (type === 'word' && GROUPING.has(value) && next === '(') {
      for (i += 2; i < t.length && t[i].value !== ')'; i++) if (t[i].type === 'word') grouping.push(t[i].value);
      continue;
    }
    const metric = type === 'word' && !AGGREGATIONS.has(value) && !GROUPING.has(value) && !KEYWORDS.has(value) && next !== '(';
    if (!metric && value !== '{') continue;
    const selector = { metric: metric ? value : undefined, matchers: [] };
    if (metric) i++;
    if (t[i]?.value === '{') {
      for (i++; i < t.length && t[i].value !== '}'; i++) {
        const [label, op, operand] = t.slice(i, i + 3);
        assert.ok(label.type === 'word' && ['=', '!=', '=~', '!~'].includes(op?.value) && operand?.type === 'string',
          `a label matcher at ${JSON.stringify(label.value)} in ${expr}`);
        selector.matchers.push({ label: label.value, op: op.value, value: operand.value });
        i += 3;
        if (t[i]?.value !== ',') i--;
      }
    } else if (metric) i--;
    selector.metric ??= selector.matchers.find((m) => m.label === '__name__' && m.op === '=')?.value;
    selectors.push(selector);
  }
  return { selectors, grouping };
}

/**
 * What a Prometheus text exposition offers: {metrics: Map(sample name → Map(label → Set(values))),
 * labels: Set, families: Set (the names of its # TYPE lines, a histogram's without _bucket)}.
 */
function exposition(text) {
  const metrics = new Map();
  const labels = new Set(TARGET_LABELS);
  const families = new Set();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type) families.add(type[1]);
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$/.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    const series = metrics.get(m[1]) ?? new Map();
    metrics.set(m[1], series);
    for (const [, label, value] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (!series.has(label)) series.set(label, new Set());
      series.get(label).add(value.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c)));
      labels.add(label);
    }
  }
  return { metrics, labels, families };
}

/**
 * What an expression names that `exported` does not offer: metrics without a sample (names a rule
 * records count as offered), labels that no series of the metric has, and label values an equality
 * matcher (or a regex matcher that is a plain a|b|c list) asks for that no series has.
 */
function unexported(expr, exported, records = recorded) {
  const problems = [];
  const { selectors, grouping } = namesOf(expr);
  for (const { metric, matchers } of selectors) {
    if (!metric) problems.push(`a selector without a metric name in ${expr}`);
    else if (records.has(metric)) continue;
    else if (!exported.metrics.has(metric)) problems.push(`${metric} is not exported`);
    else {
      const series = exported.metrics.get(metric);
      for (const { label, op, value } of matchers) {
        if (TARGET_LABELS.has(label)) continue;
        const values = series.get(label);
        if (!values) problems.push(`${metric} has no label ${label}`);
        else if (value.includes('$')) continue; // a Grafana variable
        else if (op === '=' && !values.has(value)) problems.push(`${metric} has no series with ${label}="${value}"`);
        else if (op === '=~' && /^[\w/:-]+(\|[\w/:-]+)*$/.test(value))
          for (const v of value.split('|')) if (!values.has(v)) problems.push(`${metric} has no series with ${label}="${v}"`);
      }
    }
  }
  for (const label of grouping) if (!exported.labels.has(label)) problems.push(`no exported series has the label ${label}`);
  return problems;
}

// -- What the files name.

const panels = dashboard.panels ?? [];
const targets = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, ...t })));
// A query variable's label_values(EXPR, label): the expression, and its label as a grouping label.
const variableQueries = (dashboard.templating?.list ?? [])
  .filter((v) => v.type === 'query')
  .map((v) => {
    const query = typeof v.query === 'string' ? v.query : v.query.query;
    const m = /^label_values\((.*),\s*(\w+)\)$/.exec(query);
    assert.ok(m, `variable ${v.name}: a label_values(metric, label) query: ${query}`);
    return { name: v.name, expr: `count by (${m[2]}) (${m[1]})` };
  });
const expressions = [
  ...rules.map((r) => ({ where: `rule ${r.alert ?? r.record}`, expr: r.expr })),
  ...targets.map((t) => ({ where: `panel "${t.panel}" target ${t.refId}`, expr: t.expr })),
  ...variableQueries.map((v) => ({ where: `variable ${v.name}`, expr: v.expr })),
];

describe('the operators’ alert rules', () => {
  test('promtool checks the rules and passes their unit tests', () => {
    const check = promtool('check', 'rules', RULES);
    assert.equal(check.status, 0, `promtool check rules failed:\n${check.stdout}${check.stderr}`);
    assert.match(check.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
    const unit = promtool('test', 'rules', RULE_TESTS);
    assert.equal(unit.status, 0, `promtool test rules failed:\n${unit.stdout}${unit.stderr}`);
    assert.match(unit.stdout, /SUCCESS/);
  });

  test('the unit tests make every alert fire and keep it quiet', () => {
    const cases = parseYaml(fs.readFileSync(RULE_TESTS, 'utf8')).tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const { alert } of alerts) {
      const mine = cases.filter((c) => c.alertname === alert);
      assert.ok(mine.some((c) => c.exp_alerts?.length > 0), `${alert} fires in some test`);
      assert.ok(mine.some((c) => (c.exp_alerts ?? []).length === 0), `${alert} stays quiet in some test`);
    }
    const known = new Set(alerts.map((a) => a.alert));
    for (const c of cases) assert.ok(known.has(c.alertname), `${c.alertname} is an alert of ${RULES}`);
  });

  test('every alert waits, has a severity and tells the operator what to do with real config keys', () => {
    // The keys of conf/varlet-mcp.ini, commented-out ones included, as section.key.
    const keys = new Set();
    let section = '';
    for (const line of fs.readFileSync(path.join(ROOT, 'conf/varlet-mcp.ini'), 'utf8').split('\n')) {
      const header = /^\[([\w-]+)\]/.exec(line);
      if (header) section = header[1];
      const key = /^;?\s*([a-z][\w-]*)=/.exec(line);
      if (key) keys.add(`${section}.${key[1]}`);
    }
    const sections = [...new Set([...keys].map((k) => k.split('.')[0]))];
    const named = new RegExp(`\\b(?:${sections.join('|')})\\.[a-z][a-z0-9-]*[a-z0-9]`, 'g');
    assert.ok(alerts.length >= 6);
    for (const a of alerts) {
      assert.match(String(a.for ?? ''), /^\d+[smh]$/, `${a.alert} has a for:`);
      assert.ok(['warning', 'critical'].includes(a.labels?.severity), `${a.alert} has a severity`);
      assert.ok(a.annotations?.summary && a.annotations?.description, `${a.alert} has a summary and a description`);
      const keysNamed = a.annotations.description.match(named) ?? [];
      assert.ok(keysNamed.length > 0, `${a.alert} names a config key to change`);
      for (const key of keysNamed) assert.ok(keys.has(key), `${a.alert} names ${key}, which conf/varlet-mcp.ini does not have`);
    }
  });
});

describe('the Grafana dashboard', () => {
  test('imports anywhere: a Prometheus datasource input, schemaVersion 36 or later, every panel queried', () => {
    assert.ok(dashboard.schemaVersion >= 36, `schemaVersion ${dashboard.schemaVersion}`);
    const input = dashboard.__inputs?.find((i) => i.name === 'DS_PROMETHEUS');
    assert.deepEqual({ type: input?.type, pluginId: input?.pluginId }, { type: 'datasource', pluginId: 'prometheus' });
    assert.ok(panels.length >= 10, `${panels.length} panels`);
    assert.equal(new Set(panels.map((p) => p.id)).size, panels.length, 'panel ids are unique');
    for (const p of panels) {
      assert.ok(p.targets?.length >= 1, `panel "${p.title}" has a target`);
      assert.equal(p.datasource?.uid, '${DS_PROMETHEUS}', `panel "${p.title}" uses the datasource input`);
      for (const t of p.targets) {
        assert.ok(t.expr, `panel "${p.title}" target ${t.refId} has an expression`);
        assert.equal(t.datasource?.uid ?? '${DS_PROMETHEUS}', '${DS_PROMETHEUS}');
      }
    }
  });

  test('promtool parses every panel and variable expression', () => {
    // Each one as a recording rule, with Grafana's interval variables as a duration.
    const asRules = {
      groups: [{
        name: 'dashboard',
        rules: expressions.slice(rules.length).map((e, i) => ({
          record: `dashboard:expression_${i}`,
          expr: e.expr.replace(/\$__\w+|\$\{__\w+\}/g, '5m'),
        })),
      }],
    };
    const dir = tempDir('varlet-dashboard-');
    const file = path.join(dir, 'dashboard.rules.json');
    fs.writeFileSync(file, JSON.stringify(asRules)); // JSON is YAML
    const check = promtool('check', 'rules', file);
    fs.rmSync(dir, { recursive: true });
    assert.equal(check.status, 0, `promtool rejects a dashboard expression:\n${check.stdout}${check.stderr}`);
  });
});

describe('the name check', () => {
  const exported = exposition([
    'varlet_requests_total{method="tools/call"} 3',
    'varlet_request_duration_seconds_bucket{method="tools/call",le="+Inf"} 3',
    'varlet_upstream_breaker_state{upstream="npm",state="open"} 0',
  ].join('\n'));
  const check = (expr) => unexported(expr, exported, new Set(['instance:varlet_requests:rate5m']));

  test('passes names the exposition has', () => {
    assert.deepEqual(check('sum by (job, method) (rate(varlet_requests_total{method="tools/call",job=~"$job"}[$__rate_interval]))'), []);
    assert.deepEqual(check('histogram_quantile(0.99, sum by (le) (rate(varlet_request_duration_seconds_bucket[5m]))) > 2'), []);
    assert.deepEqual(check('max without (state) (varlet_upstream_breaker_state{state=~"open"}) == 1 and instance:varlet_requests:rate5m > 0'), []);
  });

  test('catches a misspelled metric, label, label value, grouping label or recorded name', () => {
    assert.deepEqual(check('rate(varlet_requets_total[5m])'), ['varlet_requets_total is not exported']);
    assert.deepEqual(check('varlet_request_duration_seconds'), ['varlet_request_duration_seconds is not exported']);
    assert.deepEqual(check('varlet_requests_total{mehtod="tools/call"}'), ['varlet_requests_total has no label mehtod']);
    assert.deepEqual(check('varlet_requests_total{method="tool/call"}'), ['varlet_requests_total has no series with method="tool/call"']);
    assert.deepEqual(check('varlet_upstream_breaker_state{state=~"open|half_open"}'),
      ['varlet_upstream_breaker_state has no series with state="half_open"']);
    assert.deepEqual(check('sum by (mehtod) (varlet_requests_total)'), ['no exported series has the label mehtod']);
    assert.deepEqual(check('instance:varlet_request:rate5m > 1'), ['instance:varlet_request:rate5m is not exported']);
    assert.deepEqual(check('a offset 5m + b @ end()'), ['a is not exported', 'b is not exported']);
  });
});

describe('the rules and the dashboard name what the running server exports', { timeout: 90000 }, () => {
  let service;
  let exported;

  before(async () => {
    // No local snapshot: package files come from the fake upstream, so upstream series exist too.
    service = await startService();
    const { client, server } = service;
    const component = componentName(webTypes('3.20.6')[0]);
    await client.listTools();
    for (let i = 0; i < 2; i++) {
      const r = await client.callTool({ name: 'get_component_api', arguments: { name: component } });
      assert.notEqual(r.isError, true, textOf(r));
    }
    const bad = await client.callTool({ name: 'get_component_api', arguments: { name: 'no-such-component-zz' } });
    assert.equal(bad.isError, true);
    await client.readResource({ uri: 'varlet://components' });
    // Samples reach the metrics actor asynchronously, cache ones once a second per shard.
    await until(async () => {
      const s = await (await fetch(server.adminUrl + '/admin/metrics')).json();
      return s.requests.byName['tools/call']?.get_component_api?.count >= 3 && s.caches.package_file.loads > 0 &&
        s.upstreams.npm?.requests > 0 && s.l2 !== null && s.memory.rssBytes > 0 && Object.keys(s.pools).length > 0;
    }, { what: 'request, cache, upstream, disk, memory and pool samples in /admin/metrics' });
    const res = await fetch(server.adminUrl + '/metrics');
    assert.equal(res.status, 200);
    exported = exposition(await res.text());
  });

  after(async () => {
    await service?.close();
  });

  test('every expression of a rule, a panel or a variable', () => {
    const problems = expressions.flatMap(({ where, expr }) => unexported(expr, exported).map((p) => `${where}: ${p}`));
    assert.deepEqual(problems, []);
    const used = new Set(expressions.flatMap(({ expr }) => namesOf(expr).selectors.map((s) => s.metric)));
    for (const family of ['varlet_requests_total', 'varlet_request_duration_seconds_bucket', 'varlet_cache_hits_total',
      'varlet_memory_rss_bytes', 'varlet_memory_warning_bytes', 'varlet_upstream_breaker_state', 'varlet_restarts_total',
      'varlet_pool_size', 'varlet_scale_events_total'])
      assert.ok(used.has(family), `the rules or the dashboard use ${family}`);
  });

  test('every metric an alert’s annotations mention', () => {
    for (const a of alerts)
      for (const name of Object.values(a.annotations).join(' ').match(/\bvarlet_[a-z0-9_]+/g) ?? [])
        assert.ok(exported.families.has(name) || exported.metrics.has(name), `${a.alert} mentions ${name}, which /metrics does not have`);
  });
});
