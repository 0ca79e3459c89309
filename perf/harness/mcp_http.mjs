// A small keep-alive MCP client over Streamable HTTP for the harness's own requests: sessions,
// tools/list, single calls, sweeps. The load itself comes from wrk.
import http from 'node:http';

export const PROTOCOL_VERSION = '2025-06-18';

export function rpcBody(id, method, params) {
  return JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
}

// The JSON-RPC message in an HTTP answer: the body itself, or the data of the SSE event that holds it.
function message(contentType, body) {
  const text = body.toString('utf8');
  if (!String(contentType).startsWith('text/event-stream')) return text ? JSON.parse(text) : undefined;
  const answers = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)))
    .filter((m) => 'result' in m || 'error' in m);
  return answers.at(-1);
}

export class McpHttpClient {
  constructor(url, { sockets = 4, localAddress } = {}) {
    this.url = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, localAddress });
    this.sessionId = undefined;
  }

  request(method, path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.url.hostname, port: this.url.port, path, method, agent: this.agent,
        headers: { ...headers, ...(body === undefined ? {} : { 'Content-Length': Buffer.byteLength(body) }) },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  post(body, path = this.url.pathname) {
    return this.request('POST', path, body, {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': PROTOCOL_VERSION,
      ...(this.sessionId ? { 'Mcp-Session-Id': this.sessionId } : {}),
    });
  }

  // Sends one request; returns the HTTP answer with its JSON-RPC message as `message`.
  async rpc(id, method, params) {
    const answer = await this.post(rpcBody(id, method, params));
    if (answer.status !== 200) {
      throw new Error(`${method}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
    }
    return { ...answer, message: message(answer.headers['content-type'], answer.body) };
  }

  // initialize and notifications/initialized; keeps the session id when the server hands one out.
  async open() {
    const answer = await this.rpc(0, 'initialize', {
      protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'varlet-perf', version: '1' },
    });
    if (!answer.message?.result) throw new Error(`initialize failed: ${answer.body.toString('utf8').slice(0, 200)}`);
    this.sessionId = answer.headers['mcp-session-id'];
    const notified = await this.post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    if (notified.status >= 300) throw new Error(`notifications/initialized: HTTP ${notified.status}`);
    return this.sessionId;
  }

  // The names of every tool; undefined when the server has no tools at all (tools/list unknown).
  async toolNames() {
    const names = [];
    let cursor;
    do {
      const { message: m } = await this.rpc(1, 'tools/list', cursor ? { cursor } : {});
      if (m?.error?.code === -32601) return undefined;
      if (!m?.result) throw new Error(`tools/list failed: ${JSON.stringify(m?.error ?? m)}`);
      names.push(...m.result.tools.map((t) => t.name));
      cursor = m.result.nextCursor;
    } while (cursor);
    return names;
  }

  async getJson(path) {
    const answer = await this.request('GET', path);
    if (answer.status !== 200) return undefined;
    try {
      return JSON.parse(answer.body.toString('utf8'));
    } catch {
      return undefined;
    }
  }

  close() {
    this.agent.destroy();
  }
}

// Opens `count` sessions, one client each, as that many separate clients would; [] when stateless.
export async function openSessions(url, count) {
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const client = new McpHttpClient(url, { sockets: 1 });
    const id = await client.open();
    client.close();
    if (!id) return [];
    sessions.push(id);
  }
  return sessions;
}
