// What every end-to-end test needs: the real varlet-mcp binary started over stdio or Streamable
// HTTP with a config from conf/, a fresh cache folder, the fake upstream on 127.0.0.1, and the
// official MCP SDK client connected to it. Everything started here is stopped by its `close`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startFakeUpstream } from '../fake_upstream/index.mjs';

export const ROOT = process.env.VARLET_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.VARLET_MCP_BIN || path.join(ROOT, 'build', 'varlet-mcp');
export const DATA_DIR = process.env.VARLET_DATA_DIR || path.join(ROOT, 'data');
export const conf = (name) => path.join(ROOT, 'conf', name);
export { startFakeUpstream };

export function tempDir(prefix = 'varlet-mcp-test-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Flags that point the server at a fake upstream (and, unless `packageDir` is given, at no local snapshot). */
export function upstreamFlags(upstream, { packageDir = '' } = {}) {
  return [
    `--upstream.npm-base=${upstream.npmBase}`,
    `--upstream.github-base=${upstream.githubBase}`,
    `--upstream.versions-api=${upstream.versionsApi}`,
    `--upstream.package-dir=${packageDir}`,
  ];
}

/**
 * The server's command line: a config file (none with `config: null`: the binary's own default), a
 * fresh cache folder unless `cacheDir` says otherwise, extra flags.
 */
export function serverArgs({ config = 'testing.ini', cacheDir = tempDir(), args = [] } = {}) {
  return [...(config === null ? [] : [`--config-file=${conf(config)}`]), `--cache.dir=${cacheDir}`, ...args];
}

/**
 * Starts `varlet-mcp serve --http` (or `options.bin`) with its public and admin listeners on free ports. Resolves to
 * {url, mcpUrl, adminUrl, process, stderr(), stop()} once the server says where it listens (the
 * admin line comes first).
 */
export async function startHttpServer(options = {}) {
  const child = spawn(options.bin ?? BIN, ['serve', '--http', '--http.port=0', '--admin.port=0', ...serverArgs(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 15 s:\n${stderr}`)), 15000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /varlet-mcp \S+ listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/mcp$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${stderr}`));
    });
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    url,
    mcpUrl: new URL(`${url}/mcp`),
    adminUrl: /admin listening on (http:\/\/\S+)/.exec(stderr)?.[1],
    process: child,
    exited,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * The binary over stdio with raw pipes, no SDK: send(obj|string), next() → the next stdout line
 * parsed (it must be one JSON-RPC message), end() → closes stdin and resolves to the exit.
 */
export function startRaw(args = []) {
  const child = spawn(BIN, serverArgs({ args }), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const lines = [];
  const waiters = [];
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    stdout += d;
    let nl;
    while ((nl = stdout.indexOf('\n')) >= 0) {
      lines.push(stdout.slice(0, nl));
      stdout = stdout.slice(nl + 1);
    }
    while (waiters.length && lines.length) waiters.shift()(lines.shift());
  });
  let over = false;
  child.stdout.on('end', () => {
    over = true;
    while (waiters.length) waiters.shift()(null);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const all = [];
  return {
    child,
    exited,
    all,
    stderr: () => stderr,
    rest: () => stdout,
    unread: () => lines,
    send(message) {
      child.stdin.write((typeof message === 'string' ? message : JSON.stringify(message)) + '\n');
    },
    /** The next stdout line, which must be one JSON object. */
    async next() {
      const line = lines.length ? lines.shift() : over ? null : await new Promise((resolve) => waiters.push(resolve));
      assert.notEqual(line, null, `stdout ended before the next message; stderr:\n${stderr}`);
      all.push(line);
      let parsed;
      assert.doesNotThrow(() => (parsed = JSON.parse(line)), `stdout line is JSON: ${line.slice(0, 200)}`);
      assert.equal(parsed.jsonrpc, '2.0');
      return parsed;
    },
    end() {
      child.stdin.end();
      return exited;
    },
  };
}

export function newClient(name = 'varlet-mcp-e2e', capabilities = {}) {
  return new Client({ name, version: '1.0.0' }, { capabilities });
}

/** An SDK client over Streamable HTTP. */
export async function connectHttp(mcpUrl, { client = newClient(), requestInit } = {}) {
  const transport = new StreamableHTTPClientTransport(mcpUrl, requestInit ? { requestInit } : undefined);
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

/**
 * The SDK client, sending `headers` on every request, calls a tool on `server` (started with
 * --log.level=debug); resolves once the request log names `client` as the one who called it.
 */
export async function callLoggedAs(server, headers, client) {
  const http = await connectHttp(server.mcpUrl, { requestInit: { headers } });
  try {
    const result = await http.client.callTool({ name: 'get_component_api', arguments: { name: 'button', sections: ['props'] } });
    assert.notEqual(result.isError, true, textOf(result));
  } finally {
    await http.close();
  }
  // The log line is written before the response; stderr may reach this process after it.
  const line = new RegExp(`request tools/call get_component_api over http by ${client}: ok`);
  for (let i = 0; i < 50 && !line.test(server.stderr()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(server.stderr(), line, 'the request log names the client');
}

/**
 * The binary (or `options.bin`) over stdio, launched by the SDK's stdio transport (in `options.cwd`, as an editor
 * starts it in the project). Resolves to {client, transport, stderr(), close()}.
 */
export async function connectStdio(options = {}) {
  const transport = new StdioClientTransport({ command: options.bin ?? BIN, args: serverArgs(options), stderr: 'pipe', cwd: options.cwd });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = options.client ?? newClient();
  await client.connect(transport);
  return { client, transport, stderr: () => stderr, close: () => client.close() };
}

const kebabOf = (name) => name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());
/**
 * The members of `export interface <Name>Props` in types/<camel>.d.ts of the pinned package, read
 * on their own: kebab prop names, and the events of the listeners (`onUpdate:show` -> `update:show`).
 */
export function propsInterface(version, tag) {
  const camel = tag.slice(4).replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  const file = path.join(DATA_DIR, 'npm', `@varlet/ui@${version}`, 'types', `${camel}.d.ts`);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = text.indexOf(`export interface ${camel[0].toUpperCase() + camel.slice(1)}Props `);
  const found = { props: [], events: [] };
  if (start < 0) return found;
  let depth = 0, line = '';
  for (const ch of text.slice(text.indexOf('{', start) + 1)) {
    if (depth === 0 && (ch === '\n' || ch === ';' || ch === '}')) {
      const name = line.match(/^\s*'?([A-Za-z_$][\w$:-]*)'?\??\s*[:(]/)?.[1];
      const listener = name?.match(/^on([A-Z][^:]*)(:.*)?$/);
      if (listener) found.events.push(kebabOf(listener[1]) + (listener[2] ?? ''));
      else if (name) found.props.push(kebabOf(name));
      line = '';
      if (ch === '}') break;
      continue;
    }
    if ('{(<['.includes(ch)) depth++;
    if ('})]'.includes(ch) || (ch === '>' && !line.endsWith('='))) depth--;
    line += ch;
  }
  return found;
}

let packageModulesHooked = false;
const listenerEvent = (key) => {
  const m = key.match(/^on([A-Z][^:]*)(:.*)?$/);
  return m ? kebabOf(m[1]) + (m[2] ?? '') : null;
};
/**
 * The runtime props of a tag, by running the package's own es/<name>/props.mjs in Node (its bare
 * imports, vue and @varlet/shared, come from the tests' packages): {props: Map(kebab -> Vue's
 * runtime types "String | Number"), events: Set of the listener props' events}; null when the
 * package has no such module.
 */
export async function runtimeProps(version, tag) {
  const file = path.join(DATA_DIR, 'npm', `@varlet/ui@${version}`, 'es', tag.slice(4), 'props.mjs');
  if (!fs.existsSync(file)) return null;
  if (!packageModulesHooked) register('./package-modules-hooks.mjs', import.meta.url);
  packageModulesHooked = true;
  const { props } = await import(pathToFileURL(file).href);
  const found = { props: new Map(), events: new Set() };
  const names = (type) => (Array.isArray(type) ? type : type == null ? [] : [type]).map((t) => t.name);
  for (const [key, definition] of Object.entries(props)) {
    const options = definition && typeof definition === 'object' && !Array.isArray(definition);
    const types = names(options ? definition.type : definition);
    const event = listenerEvent(key);
    if (event && types.join() === 'Function,Array') found.events.add(event); // defineListenerProp()
    else found.props.set(kebabOf(key), types.join(' | '));
  }
  return found;
}

/**
 * What the package states of a tag, each source read on its own: web-types (as JSON), the props
 * interface (propsInterface) and the runtime props (runtimeProps). For props and events, a Map
 * from name to {source: "web-types+types+runtime", public}: public is what the component accepts
 * at run time and its types declare (where the package has only one of them, that one).
 */
export async function packageApi(version, locale, tag) {
  const declared = propsInterface(version, tag.name);
  const runtime = await runtimeProps(version, tag.name);
  const hasTypes = declared.props.length + declared.events.length > 0;
  const section = (web, typed, accepted) =>
    new Map(
      [...new Set([...web, ...typed, ...accepted])].map((n) => {
        const w = web.includes(n), t = typed.includes(n), r = accepted.includes(n);
        const source = [w && 'web-types', t && 'types', r && 'runtime'].filter(Boolean).join('+');
        return [n, { source, public: (t || !hasTypes) && (r || !runtime) }];
      }),
    );
  return {
    runtime,
    props: section((tag.attributes ?? []).map((a) => a.name), declared.props, runtime ? [...runtime.props.keys()] : []),
    events: section((tag.events ?? []).map((e) => e.name), declared.events, runtime ? [...runtime.events] : []),
  };
}

/** How many entries of a packageApi section are public. */
export const publicCount = (section) => [...section.values()].filter((item) => item.public).length;

/** The text of a tool result's first content item. */
export const textOf = (result) => result.content?.find((c) => c.type === 'text')?.text ?? '';

/** Raw JSON-RPC POST to /mcp with the headers a client sends; returns {status, headers, text, json?}. */
/**
 * A 2026-07-28 subscriptions/listen over HTTP: POSTs it and reads its SSE stream as it comes.
 * Resolves to {status, next() (the next JSON-RPC message, or null when the stream ended), close()}.
 */
export async function listenHttp(mcpUrl, id, notifications, meta) {
  const body = {
    jsonrpc: '2.0',
    id,
    method: 'subscriptions/listen',
    params: { notifications, _meta: meta },
  };
  const controller = new AbortController();
  const res = await fetch(mcpUrl, {
    method: 'POST',
    signal: controller.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': meta['io.modelcontextprotocol/protocolVersion'],
      'mcp-method': 'subscriptions/listen',
    },
    body: JSON.stringify(body),
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const messages = [];
  async function next() {
    for (;;) {
      if (messages.length) return messages.shift();
      let chunk;
      try {
        chunk = await reader.read();
      } catch {
        return null;  // closed by us
      }
      if (chunk.done) return null;
      buffered += decoder.decode(chunk.value, { stream: true });
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
        if (data) messages.push(JSON.parse(data));
      }
    }
  }
  return { status: res.status, contentType: res.headers.get('content-type'), next, close: () => controller.abort() };
}

export async function post(mcpUrl, body, headers = {}) {
  const res = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, text, json };
}

// Every tool with arguments a user might send; a tool the server lists but this table lacks fails
// the tests that use it, so a new tool cannot go untested.
export const TOOL_CALLS = {
  list_components: {},
  get_component_api: { name: 'button' },
  get_directive_api: { name: 'ripple' },
  get_theme: {},
  search_icons: { query: 'arrow' },
  get_exports: {},
  check_template: { code: '<var-button type="primary" loading>Save</var-button>' },
  list_versions: {},
  get_component_examples: { name: 'button' },
  get_component_docs: { name: 'button' },
  list_guides: {},
  get_guide: { name: 'quickstart' },
  get_installation_guide: { platform: 'vite' },
  get_release_notes: {},
  diff_versions: { from: '3.20.6', to: '3.20.6' },
  search: { query: 'pull to refresh' },
  find_components: { called: 'toast' },
};

/**
 * Lists the client's tools, expects them to be those TOOL_CALLS covers (beyond the ones `skip`
 * names), and calls each once: every answer must be text and not an error. `what` names the setup
 * in failures.
 */
export async function callEveryTool(client, what, skip = () => false) {
  const { tools } = await client.listTools();
  const own = tools.map((t) => t.name).filter((name) => !skip(name));
  assert.deepEqual(own.sort(), Object.keys(TOOL_CALLS).sort(), `${what}: the tools listed are the ones the table calls`);
  for (const name of own) {
    const result = await client.callTool({ name, arguments: TOOL_CALLS[name] });
    assert.notEqual(result.isError, true, `${what} ${name}: ${textOf(result)}`);
    assert.ok(textOf(result).length > 0, `${what} ${name}`);
  }
}
