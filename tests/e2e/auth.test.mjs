// API keys on /mcp (issue 15): `varlet-mcp keys` keeps names and hashes in the keys file, the real
// server started with --auth.keys-file refuses requests without a key it holds (401 with
// WWW-Authenticate), serves the official SDK client that sends one, counts limits per key name, binds
// a session to the key that made it, names it in the request log, and drops a revoked key without a
// restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, callLoggedAs, conf, post, startFakeUpstream, startHttpServer, tempDir, upstreamFlags } from './harness.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'auth-test', version: '1' } } };
const ping = { jsonrpc: '2.0', id: 2, method: 'ping' };

describe('API keys', () => {
  let dir, keysFile, upstream, server;
  const keys = {};
  const keysCommand = (...words) => spawnSync(BIN, ['keys', ...words, `--config-file=${conf('testing.ini')}`,
    `--auth.keys-file=${keysFile}`], { encoding: 'utf8' });
  const bearer = (key) => ({ authorization: `Bearer ${key}` });
  const openSession = async (key) => {
    const r = await post(server.mcpUrl, initialize, bearer(key));
    assert.equal(r.status, 200, r.text);
    return r.headers.get('mcp-session-id');
  };
  const pingIn = (session, key) => post(server.mcpUrl, ping, { ...bearer(key), 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' });

  before(async () => {
    dir = tempDir('varlet-mcp-auth-');
    keysFile = path.join(dir, 'keys');
    for (const name of ['alice', 'bob']) {
      const added = keysCommand('add', name);
      assert.equal(added.status, 0, added.stderr);
      keys[name] = added.stdout.trim();
    }
    upstream = await startFakeUpstream();
    server = await startHttpServer({ args: [...upstreamFlags(upstream), `--auth.keys-file=${keysFile}`,
      '--http.max-sessions-per-client=1', '--log.level=debug'] });
  });

  after(async () => {
    await server?.stop();
    await upstream?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('`keys` keeps names and hashes only, readable by its owner, and refuses what makes no sense', () => {
    assert.match(keys.alice, /^vmk_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(keys.alice, keys.bob);
    const text = fs.readFileSync(keysFile, 'utf8');
    assert.ok(!text.includes(keys.alice) && !text.includes(keys.bob), 'no key in the file');
    assert.match(text, /^alice [0-9a-f]{64} \d{4}-\d\d-\d\dT/m);
    assert.equal(fs.statSync(keysFile).mode & 0o777, 0o600);
    const listed = keysCommand('list');
    assert.equal(listed.status, 0);
    assert.deepEqual(listed.stdout.trim().split('\n').map((l) => l.split('\t')[0]), ['alice', 'bob']);
    assert.notEqual(keysCommand('add', 'alice').status, 0, 'a name is taken once');
    assert.notEqual(keysCommand('add', 'no spaces').status, 0);
    assert.notEqual(keysCommand('revoke', 'nobody').status, 0);
    const withoutFile = spawnSync(BIN, ['keys', 'list', `--config-file=${conf('testing.ini')}`], { encoding: 'utf8' });
    assert.notEqual(withoutFile.status, 0);
    assert.match(withoutFile.stderr, /auth\.keys-file/);
  });

  test('no key, an unknown key or a malformed header: 401 with WWW-Authenticate and a JSON-RPC error', async () => {
    const none = await post(server.mcpUrl, initialize);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="varlet-mcp"');
    assert.equal(none.json.error.code, -32000);
    assert.match(none.json.error.message, /API key/);
    const unknown = await post(server.mcpUrl, initialize, bearer(`${keys.alice}x`));
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get('www-authenticate'), /error="invalid_token"/);
    for (const authorization of ['Basic YWxpY2U6eA==', 'Bearer', 'Bearer ', keys.alice, `Bearer ${'k'.repeat(4000)}`]) {
      const r = await post(server.mcpUrl, initialize, { authorization });
      assert.equal(r.status, 401, authorization.slice(0, 20));
    }
    const probe = await fetch(new URL('/healthz', server.url));
    assert.equal(probe.status, 200, 'probes stay open');
  });

  test('the SDK client with a key it holds is served, the scheme in any case', async () => {
    await callLoggedAs(server, bearer(keys.alice), 'alice');
    assert.equal((await post(server.mcpUrl, initialize, { authorization: `bearer ${keys.bob}` })).status, 200);
  });

  test('a session belongs to its key, and per-client limits count key names, not addresses', async () => {
    const alices = await openSession(keys.alice);
    assert.equal((await pingIn(alices, keys.alice)).status, 200);
    assert.equal((await pingIn(alices, keys.bob)).status, 404, 'another key cannot use it');
    // One session per client: bob's, from the same address, leaves alice's alone; alice's next
    // one takes the place of her idle one.
    const bobs = await openSession(keys.bob);
    assert.equal((await pingIn(alices, keys.alice)).status, 200);
    const alices2 = await openSession(keys.alice);
    assert.equal((await pingIn(alices, keys.alice)).status, 404);
    assert.equal((await pingIn(alices2, keys.alice)).status, 200);
    assert.equal((await pingIn(bobs, keys.bob)).status, 200);
  });

  test('a revoked key is refused within seconds, without a restart; the others keep working', async () => {
    const revoked = keysCommand('revoke', 'bob');
    assert.equal(revoked.status, 0, revoked.stderr);
    let status;
    for (let i = 0; i < 50 && status !== 401; i++) {
      await sleep(100);
      status = (await post(server.mcpUrl, initialize, bearer(keys.bob))).status;
    }
    assert.equal(status, 401);
    assert.equal((await post(server.mcpUrl, initialize, bearer(keys.alice))).status, 200);
    assert.ok(!server.stderr().includes(keys.alice) && !server.stderr().includes(keys.bob), 'no key in the log');
  });

  test('a keys file that cannot be read stops the service at start, saying which', () => {
    const missing = path.join(dir, 'missing');
    const r = spawnSync(BIN, ['serve', '--http', '--http.port=0', '--admin.port=0', `--config-file=${conf('testing.ini')}`,
      `--auth.keys-file=${missing}`], { encoding: 'utf8', timeout: 20000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`${missing.replaceAll('/', '\\/')}`));
    const broken = path.join(dir, 'broken');
    fs.writeFileSync(broken, 'alice not-a-hash\n');
    const b = spawnSync(BIN, ['serve', '--http', '--http.port=0', '--admin.port=0', `--config-file=${conf('testing.ini')}`,
      `--auth.keys-file=${broken}`], { encoding: 'utf8', timeout: 20000 });
    assert.notEqual(b.status, 0);
    assert.match(b.stderr, /broken:1: not NAME SHA256-HEX CREATED/);
  });
});
