// The official TypeScript SDK clients against the real binary, each calling every tool once over
// stdio and Streamable HTTP: v2 (@modelcontextprotocol/client 2.x) pinned to 2026-07-28
// (sessionless; it also fulfils an input_required round trip through its own elicitation handler
// and opens a subscriptions/listen) and in its default legacy mode, and v1
// (@modelcontextprotocol/sdk, 2025-11-25).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import {
  BIN, callEveryTool, connectHttp, connectStdio, serverArgs, startFakeUpstream, startHttpServer, textOf, upstreamFlags,
} from './harness.mjs';

const MODERN = { versionNegotiation: { mode: { pin: '2026-07-28' } } };
const isFixture = (name) => name.startsWith('test_') || name === 'json_schema_2020_12_tool';

function newV2Client(options = {}) {
  const client = new Client({ name: 'varlet-mcp-e2e-v2', version: '1.0.0' },
    { capabilities: { elicitation: {} }, ...options });
  client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name: 'Alice' } }));
  return client;
}

const callEveryOwnTool = (client, what) => callEveryTool(client, what, isFixture);

describe('the official SDK clients', () => {
  let upstream, server;
  before(async () => {
    upstream = await startFakeUpstream();
    server = await startHttpServer({ args: upstreamFlags(upstream) });
  });
  after(async () => {
    await server?.stop();
    await upstream?.stop();
  });

  test('2026-07-28 over Streamable HTTP: every tool, an input_required round trip, a listen', async () => {
    const client = newV2Client(MODERN);
    await client.connect(new StreamableHTTPClientTransport(server.mcpUrl));
    try {
      assert.equal(client.getServerVersion()?.name, 'varlet-mcp');
      await callEveryOwnTool(client, 'v2 http 2026');
      const asked = await client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} });
      assert.equal(textOf(asked), 'Hello, Alice!', 'the client answered the input request and retried');
      const listen = await client.listen({ resourcesListChanged: true, toolsListChanged: true });
      assert.deepEqual(listen.honoredFilter, { resourcesListChanged: true });
      await listen.close();
      assert.equal(await listen.closed, 'local');
    } finally {
      await client.close();
    }
  });

  test('2026-07-28 over stdio', async () => {
    const client = newV2Client(MODERN);
    const transport = new StdioClientTransport({ command: BIN, args: serverArgs({ args: upstreamFlags(upstream) }), stderr: 'ignore' });
    await client.connect(transport);
    try {
      await callEveryOwnTool(client, 'v2 stdio 2026');
      const asked = await client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} });
      assert.equal(textOf(asked), 'Hello, Alice!');
    } finally {
      await client.close();
    }
  });

  test('v2 in its default legacy mode (initialize and a session), over HTTP and stdio', async () => {
    const overHttp = newV2Client();
    await overHttp.connect(new StreamableHTTPClientTransport(server.mcpUrl));
    try {
      await callEveryOwnTool(overHttp, 'v2 http 2025');
    } finally {
      await overHttp.close();
    }
    const overStdio = newV2Client();
    await overStdio.connect(new StdioClientTransport({ command: BIN, args: serverArgs({ args: upstreamFlags(upstream) }), stderr: 'ignore' }));
    try {
      await callEveryOwnTool(overStdio, 'v2 stdio 2025');
    } finally {
      await overStdio.close();
    }
  });

  test('v1 (@modelcontextprotocol/sdk) over HTTP and stdio', async () => {
    for (const [what, connect] of [
      ['v1 http', () => connectHttp(server.mcpUrl)],
      ['v1 stdio', () => connectStdio({ args: upstreamFlags(upstream) })],
    ]) {
      const { client, close } = await connect();
      try {
        await callEveryOwnTool(client, what);
      } finally {
        await close();
      }
    }
  });
});
