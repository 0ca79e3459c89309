// Metrics as an operator reads them: after a known sequence of calls from the official SDK client,
// the JSON snapshot (/admin/metrics), the Prometheus text (/metrics, checked by promtool) and the
// `varlet-mcp metrics` command (table and --json) all report exactly what went over the wire. The
// expected counts are not written down: they are tallied from the JSON-RPC messages the client
// actually sent and received, and the upstream figures from the fake upstream's own request log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { conf, newClient, textOf } from './harness.mjs';
import { componentName, parsePrometheus, runCli, startService, until, webTypes } from './metrics-support.mjs';

const PROMTOOL = process.env.PROMTOOL || '/usr/bin/promtool';
const webTags = webTypes('3.20.6');

/** Every JSON-RPC request the transport sends and how it was answered: [{method, name, error}]. */
function ledger(transport) {
  const sent = new Map();
  const answered = [];
  const send = transport.send.bind(transport);
  transport.send = async (message, options) => {
    if (message.id !== undefined && message.method)
      sent.set(message.id, { method: message.method, name: typeof message.params?.name === 'string' ? message.params.name : '' });
    return send(message, options);
  };
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      const request = message.id !== undefined && !message.method ? sent.get(message.id) : undefined;
      if (request) answered.push({ ...request, error: message.error !== undefined || message.result?.isError === true });
      deliver?.(message, extra);
    };
    return start();
  };
  return answered;
}

/**
 * {total, errors, byMethod: {m: {count, errors}}, byName: {m: {name: {count, errors}}}} of a ledger,
 * as the server labels it: a tool or prompt name it does not have counts as "other", so a client
 * cannot mint labels.
 */
function tally(entries, known) {
  const out = { total: 0, errors: 0, byMethod: {}, byName: {} };
  const bump = (slot) => {
    slot.count += 1;
    return slot;
  };
  for (const e of entries) {
    out.total += 1;
    out.errors += e.error ? 1 : 0;
    const m = (out.byMethod[e.method] ??= { count: 0, errors: 0 });
    bump(m).errors += e.error ? 1 : 0;
    if (e.name) {
      const label = known.has(e.name) ? e.name : 'other';
      const n = ((out.byName[e.method] ??= {})[label] ??= { count: 0, errors: 0 });
      bump(n).errors += e.error ? 1 : 0;
    }
  }
  return out;
}

/** The request figures of a snapshot in the shape tally() gives. */
function requestFigures(snapshot) {
  const r = snapshot.requests;
  const strip = (s) => ({ count: s.count, errors: s.errors });
  const byMethod = Object.fromEntries(Object.entries(r.byMethod).map(([m, s]) => [m, strip(s)]));
  const byName = Object.fromEntries(
    Object.entries(r.byName).map(([m, names]) => [m, Object.fromEntries(Object.entries(names).map(([n, s]) => [n, strip(s)]))]),
  );
  return { total: r.total, errors: r.errors, byMethod, byName };
}

describe('metrics after a known sequence of calls', { timeout: 90000 }, () => {
  let service, upstream, server, client, answered, port, warm;
  const warmed = webTags.slice(2, 4).map(componentName);
  const known = new Set();
  const getJson = async (p) => (await fetch(server.adminUrl + p)).json();

  before(async () => {
    // No local snapshot: every package file comes from the fake upstream, so its log counts transfers.
    // The service warms two components at start: its own calls, which no client made, and which the
    // request figures below must not count.
    service = await startService({ connect: false, args: [`--cache.warm=${JSON.stringify(warmed)}`] });
    ({ upstream, server } = service);
    port = new URL(server.adminUrl).port;
    warm = (await until(async () => {
      const s = await getJson('/admin/metrics');
      return s.background.warm?.count >= warmed.length ? s.background.warm : null;
    }, { what: 'the warm-up calls in /admin/metrics' }));
    const transport = new StreamableHTTPClientTransport(server.mcpUrl);
    answered = ledger(transport);
    client = newClient('metrics-e2e');
    await client.connect(transport);

    const [first, second] = webTags.slice(0, 2).map(componentName);
    for (const t of (await client.listTools()).tools) known.add(t.name);
    for (const p of (await client.listPrompts()).prompts) known.add(p.name);
    for (let i = 0; i < 3; i++) {
      const r = await client.callTool({ name: 'get_component_api', arguments: { name: first } });
      assert.notEqual(r.isError, true, textOf(r));
    }
    const r2 = await client.callTool({ name: 'get_component_api', arguments: { name: second, locale: 'zh-CN' } });
    assert.notEqual(r2.isError, true, textOf(r2));
    for (let i = 0; i < 2; i++) {
      const bad = await client.callTool({ name: 'get_component_api', arguments: { name: 'no-such-component-zz' } });
      assert.equal(bad.isError, true);
    }
    const list = await client.callTool({ name: 'list_components', arguments: {} });
    assert.notEqual(list.isError, true, textOf(list));
    await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /-32602|Unknown tool/);
    await assert.rejects(client.callTool({ name: 'x'.repeat(100000), arguments: {} }), /-32602|Unknown tool/);
    await client.readResource({ uri: 'varlet://components' });
    await assert.rejects(client.readResource({ uri: 'varlet://components/no-such-component-zz' }));
    await client.ping();
  });

  after(async () => {
    await client?.close();
    await service?.close();
  });

  test('the JSON snapshot counts every request per method and per name, with its errors, exactly', async () => {
    const expected = tally(answered, known);
    assert.ok(expected.errors >= 4, 'the sequence includes failing calls');
    // Samples reach the metrics actor asynchronously: wait until every answered request is in.
    const snapshot = await until(async () => {
      const s = await getJson('/admin/metrics');
      return s.requests.total >= expected.total ? s : null;
    }, { what: `${expected.total} requests in /admin/metrics` });
    assert.deepEqual(requestFigures(snapshot), expected);
    assert.equal(snapshot.requests.byTransport.http.count, expected.total);
    assert.equal(snapshot.requests.byTransport.http.errors, expected.errors);
    assert.equal(snapshot.requests.byTransport.stdio.count, 0);
    assert.deepEqual(snapshot.requests.byProtocol.http, { '2025-11-25': { count: expected.total, errors: expected.errors } });
    assert.deepEqual(snapshot.requests.byClient, { '127.0.0.1': { count: expected.total, errors: expected.errors } });
    assert.deepEqual(snapshot.background.warm, { count: warmed.length, errors: 0 });
    assert.deepEqual(warm, snapshot.background.warm);
    for (const [method, series] of Object.entries(snapshot.requests.byMethod)) {
      const l = series.latencySeconds;
      assert.ok(l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max && l.max > 0, `${method} latency ordered: ${JSON.stringify(l)}`);
    }
    assert.equal(snapshot.connections.http.sessions >= 1, true);
  });

  test('upstream transfers and cache loads match the fake upstream’s own request log', async () => {
    const npm = upstream.count('/npm/');
    assert.ok(npm > 0, 'the calls fetched package files');
    // Cache samples arrive once a second per shard: wait until the loads are all reported.
    const snapshot = await until(async () => {
      const s = await getJson('/admin/metrics');
      return s.upstreams.npm?.requests === npm && s.caches.package_file.loads === npm ? s : null;
    }, { what: `npm transfers and package_file loads to reach ${npm}` });
    assert.equal(snapshot.upstreams.npm.errors, 0);
    assert.equal(snapshot.upstreams.npm.retries, 0);
    assert.equal(snapshot.upstreams.npm.breaker, 'closed');
    assert.equal(snapshot.caches.package_file.loadErrors, 0);
    // Two catalogs were built (en-US and zh-CN of the default version), each loaded once.
    assert.equal(snapshot.caches.catalog.loads, 2);
    assert.equal(upstream.stats().byStatus['500'] ?? 0, 0);
  });

  test('/metrics passes promtool and carries the same request counts', async () => {
    const expected = tally(answered, known);
    const res = await fetch(server.url + '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(check.error, undefined, `cannot run ${PROMTOOL}: ${check.error}`);
    assert.equal(check.status, 0, `promtool check metrics failed:\n${check.stdout}${check.stderr}`);
    assert.equal((check.stdout + check.stderr).trim(), '', 'promtool reports no lint problems');
    const samples = parsePrometheus(text);
    const longest = Math.max(...Object.keys(samples).map((k) => k.length));
    assert.ok(longest < 200, `no client-made label: the longest series name is ${longest} characters`);
    for (const [method, s] of Object.entries(expected.byMethod)) {
      assert.equal(samples[`varlet_requests_total{method="${method}"}`], s.count, method);
      assert.equal(samples[`varlet_request_errors_total{method="${method}"}`], s.errors, method);
      assert.equal(samples[`varlet_request_duration_seconds_count{method="${method}"}`], s.count, method);
    }
    assert.equal(samples['varlet_protocol_requests_total{transport="http",protocol="2025-11-25"}'], expected.total);
    assert.equal(samples['varlet_client_requests_total{client="127.0.0.1"}'], expected.total);
    assert.equal(samples['varlet_client_request_errors_total{client="127.0.0.1"}'], expected.errors);
    assert.equal(samples['varlet_background_requests_total{work="warm"}'], warmed.length);
    for (const [name, s] of Object.entries(expected.byName['tools/call'])) {
      assert.equal(samples[`varlet_named_requests_total{method="tools/call",name="${name}"}`], s.count, name);
      assert.equal(samples[`varlet_named_request_errors_total{method="tools/call",name="${name}"}`], s.errors, name);
    }
    assert.equal(samples['varlet_transport_requests_total{transport="http"}'], expected.total);
    assert.equal(samples['varlet_upstream_requests_total{upstream="npm"}'], upstream.count('/npm/'));
  });

  test('`varlet-mcp metrics --json` prints the running service’s snapshot', async () => {
    const expected = tally(answered, known);
    const out = await runCli(['metrics', `--config-file=${conf('testing.ini')}`, `--admin.port=${port}`, '--json']);
    assert.equal(out.code, 0, out.stderr);
    const snapshot = JSON.parse(out.stdout);
    assert.deepEqual(requestFigures(snapshot), expected);
    assert.deepEqual(Object.keys(snapshot).sort(), Object.keys(await getJson('/admin/metrics')).sort());
  });

  test('`varlet-mcp metrics` prints the table with the same counts and a diagnostics section', async () => {
    const expected = tally(answered, known);
    const out = await runCli(['metrics', `--config-file=${conf('testing.ini')}`, `--admin.port=${port}`]);
    assert.equal(out.code, 0, out.stderr);
    const table = out.stdout;
    assert.match(table, new RegExp(`Requests: ${expected.total} answered, ${expected.errors} failed`));
    const row = (label) => {
      const m = new RegExp(`^\\s+${label.replace(/[/.]/g, '\\$&')}\\s+(\\d+)\\s+(\\d+)\\s`, 'm').exec(table);
      assert.ok(m, `a row for ${label} in:\n${table}`);
      return { count: Number(m[1]), errors: Number(m[2]) };
    };
    for (const [method, s] of Object.entries(expected.byMethod)) assert.deepEqual(row(method), s, method);
    for (const [name, s] of Object.entries(expected.byName['tools/call'])) assert.deepEqual(row(name), s, name);
    const npm = /^\s+npm\s+(\d+)\s+(\d+)\s+(\d+)\s/m.exec(table);
    assert.ok(npm, `an npm upstream row in:\n${table}`);
    assert.deepEqual(npm.slice(1).map(Number), [upstream.count('/npm/'), 0, 0]);
    assert.match(table, /^Caches$/m);
    assert.match(table, /^Pools$/m);
    assert.match(table, /^Diagnostics/m);
  });

  test('`varlet-mcp metrics` against a port nobody serves says so and fails', async () => {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    const out = await runCli(['metrics', `--config-file=${conf('testing.ini')}`, '--admin.port=9']);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /no service answers at http:\/\/127\.0\.0\.1:9\/admin\/metrics/);
  });

  // Last: it sends a request the ledger above does not count.
  test('a traced request reaches /metrics as an OpenMetrics exemplar when the scraper asks for OpenMetrics', async () => {
    const trace = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      traceparent: `00-${trace}-00f067aa0ba902b7-01`,
    };
    const call = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'list_components' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_components', arguments: {}, _meta: meta } }),
    });
    assert.equal(call.status, 200, await call.text());
    // What Prometheus sends when its exemplar storage is on.
    const accept = 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.2';
    const res = await until(async () => {
      const r = await fetch(server.url + '/metrics', { headers: { accept } });
      const text = await r.text();
      return text.includes(trace) ? { r, text } : null;
    }, { what: `trace ${trace} in /metrics` });
    assert.equal(res.r.headers.get('content-type'), 'application/openmetrics-text; version=1.0.0; charset=utf-8');
    const bucket = new RegExp(`^varlet_named_request_duration_seconds_bucket\\{method="tools/call",name="list_components",le="[0-9.]+"\\} ` +
      `\\d+ # \\{trace_id="${trace}"\\} [0-9.e-]+ \\d+(\\.\\d+)?$`, 'm');
    assert.match(res.text, bucket);
    assert.ok(res.text.endsWith('# EOF\n'));
    const parsed = spawnSync('/usr/bin/python3', ['-c', [
      'import sys',
      'from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse',
      'print(sum(1 for f in parse(sys.stdin.read()) for s in f.samples if s.exemplar and s.exemplar.labels["trace_id"] == sys.argv[1]))',
    ].join('\n'), trace], { input: res.text, encoding: 'utf8' });
    assert.equal(parsed.status, 0, `the reference OpenMetrics parser refused the text:\n${parsed.stderr}`);
    assert.ok(Number(parsed.stdout) >= 3, `exemplars by method, name and transport: ${parsed.stdout}`);
    // A scraper that does not ask for OpenMetrics gets the Prometheus text, with no exemplar.
    const plain = await fetch(server.url + '/metrics');
    assert.match(plain.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    assert.ok(!(await plain.text()).includes(trace));
  });
});
