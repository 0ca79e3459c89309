// The admin listener's /dashboard as an operator sees it: Debian's headless Chromium loads the page
// from the real server while the official SDK client calls tools in a loop. With an admin token
// the page asks for it (its polls get 401) and, once given, draws requests/s and latency per tool,
// cache hit rates, pool sizes with a scale event, upstreams, RSS against the memory thresholds and
// the diagnostics with the config key to change, without a console error or a failed request.
// Without a token it draws at once. A screenshot of the page is saved, and its path printed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, textOf } from './harness.mjs';
import { componentName, sleep, startService, until, webTypes } from './metrics-support.mjs';
import { launchChromium } from './chromium.mjs';

const TOKEN = 'dashboard-e2e-token';
const SCREENSHOT = path.join(process.env.VARLET_ARTIFACTS || path.join(ROOT, 'tests', 'artifacts'), 'dashboard.png');
const components = webTypes('3.20.6').slice(0, 30).map(componentName);

/** Calls tools until stop() (2000 calls at most); stop() resolves to the first failure, if any. */
function callInALoop(client) {
  let calling = true;
  const done = (async () => {
    for (let i = 0; calling && i < 2000; i++) {
      const call = i % 3 ? { name: 'get_component_api', arguments: { name: components[i % components.length] } }
        : { name: 'list_components', arguments: {} };
      const r = await client.callTool(call);
      if (r.isError) return `${call.name}: ${textOf(r)}`;
      await sleep(20);
    }
    return null;
  })().catch((e) => String(e));
  return () => ((calling = false), done);
}

/** The page's own state (window.dashboard) once `ready(state)` holds, or as it was when the tries ran out. */
async function pageState(page, ready) {
  let state;
  await until(async () => ready((state = await page.evaluate('JSON.parse(JSON.stringify(window.dashboard))'))), {
    tries: 150, every: 200, what: 'the dashboard state',
  }).catch(() => {});
  return state;
}

describe('the /dashboard page of the admin listener', { timeout: 180000 }, () => {
  let browser;
  before(async () => (browser = await launchChromium({ width: 1280, height: 1000 })));
  after(async () => browser?.close());

  describe('with an admin token', () => {
    let service, stop;
    const admin = (route, init = {}) =>
      fetch(service.server.adminUrl + route, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...init.headers } });

    before(async () => {
      service = await startService({ args: [`--admin.token=${TOKEN}`] });
      stop = callInALoop(service.client);
    });
    after(async () => {
      await stop?.();
      await service?.close();
    });

    test('is served by the admin listener only, as a page without data under a strict policy', async () => {
      const outside = await fetch(`${service.server.url}/dashboard`);
      assert.equal(outside.status, 404, 'the public listener has no /dashboard');
      await outside.text();
      const r = await fetch(`${service.server.adminUrl}/dashboard`); // no token: the page holds no data
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('cache-control'), 'no-store');
      const policy = r.headers.get('content-security-policy');
      assert.match(policy, /^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; connect-src 'self'; img-src data:/);
      assert.match(await r.text(), /<canvas id="requests">/);
      assert.equal((await fetch(`${service.server.adminUrl}/admin/metrics`)).status, 401, 'the data needs the token');
    });

    test('asks for the token, then charts the calls, caches, pools, upstreams, memory and diagnostics', async () => {
      const page = await browser.newPage();
      await page.navigate(`${service.server.adminUrl}/dashboard`);
      const asking = await until(() => page.evaluate(`!document.getElementById('token').hidden && document.activeElement.name === 'token'`), {
        what: 'the token form',
      });
      assert.ok(asking);
      const withoutToken = page.requests(); // the page itself and the polls the listener refused
      await page.type(TOKEN);

      // A restart (a diagnostic naming supervisor.restart-backoff) and a scale event, as operators cause
      // them; the memory monitor, so no call in flight fails with its actor.
      assert.equal((await admin('/admin/crash?pool=memory&index=0', { method: 'POST' })).status, 200);
      const size = (await (await admin('/admin/pools')).json()).fetcher.size;
      const to = size === 3 ? 4 : 3;
      assert.equal((await admin(`/admin/resize?pool=fetcher&size=${to}`, { method: 'POST' })).status, 200);

      const charts = ['requests', 'latency-get_component_api', 'cache', 'pools', 'upstreams', 'memory'];
      const state = await pageState(page, (s) => s.polls >= 3 && charts.every((c) => s.charts[c]?.points > 0) &&
        s.scaleEvents > 0 && s.diagnostics.some((d) => d.configKey === 'supervisor.restart-backoff'));
      for (const c of charts) assert.ok(state.charts[c]?.points > 0, `chart ${c} has data: ${JSON.stringify(state.charts[c])}`);
      assert.ok(state.charts.requests.labels.includes('get_component_api'), state.charts.requests.labels.join());
      assert.ok(state.charts.requests.labels.includes('list_components'), state.charts.requests.labels.join());
      assert.deepEqual(state.charts['latency-get_component_api'].labels, ['p50', 'p95', 'p99']);
      assert.ok(state.charts.upstreams.labels.includes('npm'), state.charts.upstreams.labels.join());
      assert.ok(state.charts.pools.labels.includes('fetcher'), state.charts.pools.labels.join());
      assert.ok(state.scaleEvents > 0, 'the resize is listed as a scale event');
      assert.equal(state.error, '');

      const text = await page.evaluate('document.body.innerText');
      assert.match(text, /warning \(memory\.warning-bytes\)/, 'RSS is drawn against the warning threshold');
      assert.match(text, /critical \(memory\.critical-bytes\)/, 'and the critical one');
      assert.match(text, /config key supervisor\.restart-backoff/, 'the diagnostic names its config key');
      assert.match(text, new RegExp(`fetcher \\d+ → ${to}: `), 'the scale event is listed');
      const refused = page.problems((request) => withoutToken.has(request));
      assert.ok(refused.length > 0 && refused.every((p) => /\b401\b.*\/admin\//.test(p)), `only 401s before the token:\n${refused.join('\n')}`);
      assert.deepEqual(page.problems((request) => !withoutToken.has(request)), [], 'no console error or failed request once the token is given');

      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      fs.writeFileSync(SCREENSHOT, await page.screenshot());
      console.log(`dashboard screenshot: ${SCREENSHOT}`);
      assert.equal(await stop(), null, 'every tool call in the loop succeeded');
    });
  });

  describe('without an admin token', () => {
    let service;
    before(async () => (service = await startService()));
    after(async () => service?.close());

    test('draws at once, never asking for a token', async () => {
      await service.client.callTool({ name: 'list_components', arguments: {} });
      const page = await browser.newPage();
      await page.navigate(`${service.server.adminUrl}/dashboard`);
      const state = await pageState(page, (s) => s.polls >= 2 && s.charts.requests?.labels.includes('list_components'));
      assert.ok(state.polls >= 2, `the page polled: ${JSON.stringify(state)}`);
      assert.ok(state.charts.requests.labels.includes('list_components'), state.charts.requests.labels.join());
      assert.equal(await page.evaluate(`document.getElementById('token').hidden`), true);
      assert.deepEqual(page.problems(), []);
    });
  });
});
