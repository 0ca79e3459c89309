// Debian's headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
// JSON messages ended by NUL on file descriptors 3 and 4), so tests can load a page as a person
// would without a WebSocket client, an npm package or a browser download. Every command is bounded
// by a timeout; close() ends the browser (SIGKILL when it does not go) and removes its profile.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { tempDir } from './harness.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Starts the browser; resolves to {newPage(), close()}. */
export async function launchChromium({ width = 1280, height = 900 } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: scripts/lib/setup.sh installs Debian's chromium`);
  const profile = tempDir('varlet-chromium-');
  const child = spawn(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--remote-debugging-pipe',
    `--user-data-dir=${profile}`, `--window-size=${width},${height}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const pending = new Map();
  const listeners = new Set();
  let nextId = 1;
  let buffer = '';
  child.stdio[4].setEncoding('utf8');
  child.stdio[4].on('data', (chunk) => {
    buffer += chunk;
    for (let end; (end = buffer.indexOf('\0')) >= 0; buffer = buffer.slice(end + 1)) {
      const message = JSON.parse(buffer.slice(0, end));
      const waiting = pending.get(message.id);
      if (waiting) waiting(message);
      else for (const listener of listeners) listener(message);
    }
  });
  exited.then(() => {
    for (const waiting of pending.values()) waiting({ error: { message: `the browser exited:\n${stderr.slice(-2000)}` } });
  });

  function send(method, params = {}, sessionId = undefined) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => pending.get(id)?.({ error: { message: 'no answer in 30 s' } }), 30000);
      pending.set(id, (message) => {
        clearTimeout(timer);
        pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      });
      child.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + '\0');
    });
  }
  await send('Browser.getVersion');

  return {
    /** A new tab with its console, exceptions and network watched; see page() below. */
    async newPage() {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      return page((method, params) => send(method, params, sessionId), (listener) =>
        listeners.add((message) => message.sessionId === sessionId && listener(message)));
    },
    async close() {
      await Promise.race([send('Browser.close').catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) kill();
      await exited;
      process.removeListener('exit', kill);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One tab: send(method, params), navigate(url), evaluate(expression) → its value, type(text),
 * screenshot() → PNG bytes of the whole page; requests() → the ids of the requests it made so far,
 * and problems(of) → every console error, uncaught exception, failed request and HTTP error answer
 * (of the requests whose id `of(id)` accepts; the id is undefined for those of no request).
 */
async function page(send, listen) {
  const problems = []; // {text, request}
  const urls = new Map();
  const problem = (text, request) => problems.push({ text, request });
  let loaded = () => {};
  listen(({ method, params }) => {
    if (method === 'Page.loadEventFired') loaded();
    else if (method === 'Runtime.consoleAPICalled' && ['error', 'assert'].includes(params.type))
      problem(`console.${params.type}: ${params.args.map((a) => a.value ?? a.description).join(' ')}`);
    else if (method === 'Runtime.exceptionThrown')
      problem(`exception: ${params.exceptionDetails.exception?.description ?? params.exceptionDetails.text}`);
    else if (method === 'Log.entryAdded' && params.entry.level === 'error')
      problem(`${params.entry.source}: ${params.entry.text} ${params.entry.url ?? ''}`, params.entry.networkRequestId);
    else if (method === 'Network.requestWillBeSent') urls.set(params.requestId, params.request.url);
    else if (method === 'Network.loadingFailed')
      problem(`request failed: ${params.errorText} ${urls.get(params.requestId)}`, params.requestId);
    else if (method === 'Network.responseReceived' && params.response.status >= 400)
      problem(`HTTP ${params.response.status} ${params.response.url}`, params.requestId);
  });
  for (const domain of ['Runtime', 'Log', 'Network', 'Page']) await send(`${domain}.enable`);
  await send('Emulation.setFocusEmulationEnabled', { enabled: true }); // focus() works in a tab never shown
  await send('Emulation.setScrollbarsHidden', { hidden: true }); // one width for the page and its screenshot
  return {
    send,
    requests: () => new Set(urls.keys()),
    problems: (of = () => true) => problems.filter((p) => of(p.request)).map((p) => p.text),
    /** Resolves once the page has loaded. */
    async navigate(url) {
      let timer;
      const load = new Promise((resolve, reject) => {
        loaded = resolve;
        timer = setTimeout(() => reject(new Error(`${url} did not load in 30 s`)), 30000);
      });
      const { errorText } = await send('Page.navigate', { url });
      if (errorText) throw new Error(`cannot load ${url}: ${errorText}`);
      await load.finally(() => clearTimeout(timer));
    },
    async evaluate(expression) {
      const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value;
    },
    /** Types into the focused element, then presses Enter. */
    async type(text) {
      await send('Input.insertText', { text });
      for (const type of ['keyDown', 'keyUp'])
        await send('Input.dispatchKeyEvent', { type, key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: type === 'keyDown' ? '\r' : undefined });
    },
    async screenshot() {
      const { cssContentSize: size } = await send('Page.getLayoutMetrics');
      const clip = { x: 0, y: 0, width: size.width, height: size.height, scale: 1 };
      const { data } = await send('Page.captureScreenshot', { format: 'png', clip, captureBeyondViewport: true });
      return Buffer.from(data, 'base64');
    },
  };
}
