// The protocol as a real user's client sees it: the official SDK Client against the real binary,
// over stdio and over Streamable HTTP, each check run on both transports. What the answers must
// contain is read from the package's own files (web-types) rather than written down here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import {
  BIN,
  DATA_DIR,
  ROOT,
  connectHttp,
  newClient,
  packageApi,
  publicCount,
  serverArgs,
  startFakeUpstream,
  startHttpServer,
  textOf,
  upstreamFlags,
} from './harness.mjs';

const PAGE_SIZE = 5;
// The in-flight request must be answered within the shutdown grace; a cold catalog from the fake
// upstream is hundreds of fetches, so give a loaded CI machine room.
const GRACE = '--shutdown.grace=30s';
const webTypes = JSON.parse(
  fs.readFileSync(path.join(DATA_DIR, 'npm', '@varlet/ui@3.20.6', 'highlight', 'web-types.en-US.json'), 'utf8'),
);
const webTags = webTypes.contributions.html.tags;

/** Records every message the client receives: wraps the transport's onmessage once connect has set it. */
function tap(transport) {
  const seen = [];
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      seen.push(message);
      deliver?.(message, extra);
    };
    return start();
  };
  return seen;
}

/** Every item of a paginated list, walking nextCursor; also returns the page sizes. */
async function listAll(fetchPage, key) {
  const items = [];
  const pages = [];
  let cursor;
  do {
    const page = await fetchPage(cursor ? { cursor } : undefined);
    items.push(...page[key]);
    pages.push(page[key].length);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, pages };
}

const transports = {
  async stdio() {
    const transport = new StdioClientTransport({
      command: BIN,
      args: serverArgs({ args: [`--mcp.page-size=${PAGE_SIZE}`] }),
      stderr: 'pipe',
    });
    const seen = tap(transport);
    const client = newClient();
    await client.connect(transport);
    return { client, seen, protocolVersion: () => seen.find((m) => m.id !== undefined && m.result?.protocolVersion)?.result.protocolVersion, close: () => client.close() };
  },
  async http() {
    const server = await startHttpServer({ args: [`--mcp.page-size=${PAGE_SIZE}`] });
    const client = newClient();
    const transport = new StreamableHTTPClientTransport(server.mcpUrl);
    const seen = tap(transport);
    await client.connect(transport);
    return {
      client,
      seen,
      server,
      transport,
      protocolVersion: () => transport.protocolVersion,
      async close() {
        await client.close();
        const { code } = await server.stop();
        assert.equal(code, 0, `the HTTP server exits 0 on SIGTERM:\n${server.stderr()}`);
      },
    };
  },
};

for (const [name, connect] of Object.entries(transports)) {
  describe(`SDK client over ${name}`, () => {
    let c;
    before(async () => {
      c = await connect();
    });
    after(() => c?.close());

    test('initialize: server info, capabilities, instructions and the negotiated version', () => {
      const info = c.client.getServerVersion();
      assert.equal(info.name, 'varlet-mcp');
      assert.match(info.title, /Varlet/);
      const project = /project\(varlet-mcp VERSION (\S+)/.exec(fs.readFileSync(path.join(ROOT, 'CMakeLists.txt'), 'utf8'));
      assert.equal(info.version, project[1], 'the version the build was configured with');
      assert.equal(new URL(info.websiteUrl).protocol, 'https:');
      const caps = c.client.getServerCapabilities();
      for (const key of ['tools', 'resources', 'prompts', 'logging', 'completions']) assert.ok(caps[key], `capability ${key}`);
      assert.equal(caps.resources.subscribe, true);
      assert.equal(caps.sampling, undefined, 'no client-side capability is declared by the server');
      const instructions = c.client.getInstructions();
      assert.equal(typeof instructions, 'string');
      assert.match(instructions, /get_component_api/, 'the instructions name the tool that answers API questions');
      assert.equal(c.protocolVersion(), LATEST_PROTOCOL_VERSION, 'the SDK asks for the latest version and gets it');
    });

    test('ping answers an empty result', async () => {
      assert.deepEqual(await c.client.ping(), {});
    });

    test(`tools/list pages of ${PAGE_SIZE} walk to every tool exactly once`, async () => {
      const { items, pages } = await listAll((p) => c.client.listTools(p), 'tools');
      assert.ok(pages.length > 1, `more than one page (${pages})`);
      assert.ok(pages.every((n) => n <= PAGE_SIZE), `no page over ${PAGE_SIZE}: ${pages}`);
      const names = items.map((t) => t.name);
      assert.equal(new Set(names).size, names.length, 'no tool twice');
      for (const tool of items) {
        assert.equal(tool.inputSchema.type, 'object', tool.name);
        assert.ok(tool.description, `${tool.name} has a description`);
      }
      assert.ok(names.includes('get_component_api'));
      // An unknown cursor is invalid params.
      await assert.rejects(c.client.listTools({ cursor: 'not-a-cursor' }), (e) => e.code === -32602);
    });

    test('resources/list pages walk to every resource, varlet://components among them', async () => {
      const { items, pages } = await listAll((p) => c.client.listResources(p), 'resources');
      assert.ok(pages.every((n) => n <= PAGE_SIZE));
      const uris = items.map((r) => r.uri);
      assert.equal(new Set(uris).size, uris.length);
      assert.ok(uris.includes('varlet://components'), uris.join(' '));
    });

    test('get_component_api {name:"button"} answers the props, events and slots of web-types', async () => {
      const result = await c.client.callTool({ name: 'get_component_api', arguments: { name: 'button' } });
      assert.notEqual(result.isError, true, textOf(result));
      const tag = webTags.find((t) => t.name === 'var-button');
      const component = result.structuredContent.component;
      assert.equal(component.tag, 'var-button');
      assert.equal(component.version, webTypes.version);
      assert.deepEqual(
        component.props.map(({ name, type, default: def, description }) => ({ name, type, default: def, description })),
        tag.attributes.map((a) => ({ name: a.name, type: a.value.type, default: a.default, description: a.description })),
      );
      assert.deepEqual(component.events.map((e) => e.name), tag.events.map((e) => e.name));
      assert.deepEqual(component.slots.map((s) => s.name), tag.slots.map((s) => s.name));
      const text = textOf(result);
      for (const a of tag.attributes) assert.ok(text.includes(`\`${a.name}\``), `the text names the prop ${a.name}`);
    });

    test('resources/read varlet://components lists every web-types tag with its counts', async () => {
      const { contents } = await c.client.readResource({ uri: 'varlet://components' });
      assert.equal(contents.length, 1);
      assert.equal(contents[0].uri, 'varlet://components');
      assert.equal(contents[0].mimeType, 'application/json');
      const listing = JSON.parse(contents[0].text);
      assert.equal(listing.version, webTypes.version);
      const byTag = new Map(listing.components.map((x) => [x.tag, x]));
      assert.deepEqual([...byTag.keys()].sort(), webTags.map((t) => t.name).sort());
      // Counted by name, public items only (what the component accepts at run time and its types
      // declare), each source read on its own; slots by distinct name: web-types declares a few
      // names twice (var-menu's `reference`).
      const distinct = (list) => new Set(list.map((x) => x.name)).size;
      for (const t of webTags) {
        const entry = byTag.get(t.name);
        const api = await packageApi('3.20.6', 'en-US', t);
        assert.deepEqual(
          [entry.props, entry.events, entry.slots],
          [publicCount(api.props), publicCount(api.events), distinct(t.slots)],
          t.name,
        );
      }
    });

    test('logging/setLevel filters the log messages a tool sends', async () => {
      const logsDuring = async () => {
        const before = c.seen.length;
        const result = await c.client.callTool({ name: 'test_tool_with_logging', arguments: {} });
        assert.notEqual(result.isError, true);
        return c.seen.slice(before).filter((m) => m.method === 'notifications/message');
      };
      assert.deepEqual(await c.client.setLoggingLevel('warning'), {});
      assert.deepEqual(await logsDuring(), [], 'info messages are held back at level warning');
      assert.deepEqual(await c.client.setLoggingLevel('debug'), {});
      const logs = await logsDuring();
      assert.ok(logs.length >= 3, `three log messages at level debug, got ${logs.length}`);
      for (const m of logs) assert.equal(m.params.level, 'info');
      await assert.rejects(c.client.setLoggingLevel('loud'), (e) => e.code === -32602);
    });
  });
}

describe('two SDK clients on one HTTP server', () => {
  let server;
  before(async () => {
    server = await startHttpServer();
  });
  after(() => server?.stop());

  test('each gets its own session; ending one leaves the other working', async () => {
    const a = await connectHttp(server.mcpUrl, { client: newClient('first') });
    const b = await connectHttp(server.mcpUrl, { client: newClient('second') });
    assert.ok(a.transport.sessionId && b.transport.sessionId);
    assert.notEqual(a.transport.sessionId, b.transport.sessionId);
    const [ra, rb] = await Promise.all([
      a.client.callTool({ name: 'get_component_api', arguments: { name: 'button', sections: ['slots'] } }),
      b.client.callTool({ name: 'get_component_api', arguments: { name: 'var-button', sections: ['slots'] } }),
    ]);
    assert.deepEqual(ra.structuredContent, rb.structuredContent, 'both spellings name the same component');
    await a.transport.terminateSession();
    await a.close();
    assert.deepEqual(await b.client.ping(), {});
    const { tools } = await b.client.listTools();
    assert.ok(tools.length > 0);
    await b.close();
  });
});

describe('SIGTERM while a request is in flight', () => {
  let upstream;
  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(() => upstream?.stop());

  /** Resolves once the fake upstream has received a request whose target contains `part`. */
  async function upstreamReached(part) {
    while (upstream.count(part) === 0) await new Promise((r) => setTimeout(r, 20));
  }

  test('over HTTP: the in-flight call is answered in full, then the process exits 0', async () => {
    // A cold cache and no local snapshot: the button's web-types come from the fake upstream, slowly.
    // (packageDir '""': the CLI refuses a bare `--upstream.package-dir=`; a quoted empty string is no snapshot.)
    const server = await startHttpServer({ args: [...upstreamFlags(upstream, { packageDir: '""' }), '--cache.warm=[]', GRACE] });
    upstream.setFaults([{ path: 'web-types.en-US.json', fault: 'slow', ms: 1500, count: 1 }]);
    const { client } = await connectHttp(server.mcpUrl);
    const call = client.callTool({ name: 'get_component_api', arguments: { name: 'button', sections: ['props'] } });
    await upstreamReached('web-types.en-US.json');
    server.process.kill('SIGTERM');
    const result = await call;
    const tag = webTags.find((t) => t.name === 'var-button');
    assert.deepEqual(result.structuredContent.component.props.map((p) => p.name), tag.attributes.map((a) => a.name));
    const { code, signal } = await server.exited;
    assert.equal(signal, null);
    assert.equal(code, 0, server.stderr());
    assert.equal(upstream.stats().faults[0].hits, 1, 'the answer waited for the slow upstream');
    await client.close();
  });
});
