#!/usr/bin/env node
// The comparison peer of perf/run: one tool, get_component_api, answered from @varlet/ui web-types
// with the official MCP TypeScript SDK, the way peer MCP servers of UI libraries are built.
//   node server.mjs --package-dir=DIR [--version=3.20.6] [--locale=en-US]            stdio
//   node server.mjs --http [--port=0] --package-dir=DIR ...                           stateless HTTP
// Over HTTP it prints "listening on http://127.0.0.1:PORT/mcp" on stderr, like varlet-mcp.
import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { Catalog, LOCALES, tagOf } from './catalog.mjs';

function options(argv) {
  const flags = Object.fromEntries(argv.filter((a) => a.startsWith('--')).map((a) => {
    const [key, ...value] = a.slice(2).split('=');
    return [key, value.length ? value.join('=') : 'true'];
  }));
  if (!flags['package-dir']) {
    process.stderr.write('usage: server.mjs [--http] [--port=N] --package-dir=DIR [--version=V] [--locale=L]\n');
    process.exit(2);
  }
  return {
    http: flags.http === 'true',
    port: Number(flags.port ?? 0),
    packageDir: flags['package-dir'],
    version: flags.version ?? '3.20.6',
    locale: flags.locale ?? 'en-US',
  };
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(tag, version, api) {
  const lines = [`# ${tag} (@varlet/ui ${version})`];
  const table = (title, header, rows) => {
    if (rows.length === 0) return;
    lines.push('', `## ${title}`, `| ${header.join(' | ')} |`, `|${header.map(() => ' --- |').join('')}`);
    for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  };
  table('Props', ['name', 'type', 'default', 'description'],
    api.props.map((p) => [p.name, p.type, p.default, p.description]));
  table('Events', ['name', 'description'], api.events.map((e) => [e.name, e.description]));
  table('Slots', ['name', 'description'], api.slots.map((s) => [s.name, s.description]));
  return lines.join('\n');
}

const failure = (text) => ({ content: [{ type: 'text', text }], isError: true });

function getComponentApi(catalog, { name, version, locale }) {
  version ??= catalog.defaultVersion;
  locale ??= catalog.defaultLocale;
  if (!/^\d+\.\d+\.\d+[\w.-]*$/.test(version)) return failure(`${version} is not a concrete @varlet/ui version`);
  let components;
  try {
    components = catalog.components(version, locale);
  } catch (error) {
    return failure(`@varlet/ui ${version} (${locale}) is not available: ${error.message}`);
  }
  const tag = tagOf(name);
  const api = components.get(tag);
  if (!api) {
    const stem = tag.slice('var-'.length);
    const near = [...components.keys()].filter((t) => t.includes(stem)).slice(0, 5);
    return failure(`No component ${name} in @varlet/ui ${version}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`);
  }
  return {
    content: [{ type: 'text', text: markdown(tag, version, api) }],
    structuredContent: { component: tag, version, locale, ...api },
  };
}

function createServer(catalog) {
  const server = new McpServer({ name: 'varlet-peer', version: '1.0.0' });
  server.registerTool('get_component_api', {
    title: 'Component API',
    description: 'Props, events and slots of one Varlet component, from the package web-types.',
    inputSchema: {
      name: z.string().describe('Component name: button, Button or var-button'),
      version: z.string().optional().describe('@varlet/ui version'),
      locale: z.enum(LOCALES).optional(),
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (args) => getComponentApi(catalog, args));
  return server;
}

// Stateless Streamable HTTP as the SDK documents it: a fresh server and transport per request.
function serveHttp(catalog, port) {
  const httpServer = http.createServer(async (req, res) => {
    if (new URL(req.url, 'http://localhost').pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const server = createServer(catalog);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
    }
  });
  httpServer.keepAliveTimeout = 120_000;
  httpServer.listen(port, '127.0.0.1', () => {
    process.stderr.write(`varlet-peer listening on http://127.0.0.1:${httpServer.address().port}/mcp\n`);
  });
  const stop = () => {
    httpServer.close(() => process.exit(0));
    httpServer.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const opts = options(process.argv.slice(2));
const catalog = new Catalog(opts.packageDir, opts.version, opts.locale);
if (opts.http) serveHttp(catalog, opts.port);
else await createServer(catalog).connect(new StdioServerTransport());
