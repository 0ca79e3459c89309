// OAuth 2.1 on /mcp (issue 15, the MCP authorization specification): the real server started with
// --auth.issuer pointing at a small issuer on loopback (RSA and EC keys made here, JWTs signed here
// with node:crypto) answers 401 with the RFC 9728 resource_metadata, serves that document, lets the
// SDK client with a valid token call a tool under the token's subject, refuses every bad token with
// the RFC 6750 error and no crash, fetches a rotated key set once and not per bogus kid, runs beside
// API keys, and answers 503 with Retry-After while the issuer cannot be reached.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { discoverOAuthServerInfo, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { BIN, callLoggedAs, conf, post, startFakeUpstream, startHttpServer, tempDir, upstreamFlags } from './harness.mjs';

const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'oauth-test', version: '1' } } };
const ping = { jsonrpc: '2.0', id: 2, method: 'ping' };
const SCOPE = 'mcp:tools';
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function newKey(kind, kid) {
  const pair = kind === 'RSA' ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    : crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg: kind === 'RSA' ? 'RS256' : 'ES256', ...pair,
    jwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, use: 'sig' } };
}

/** A JWT signed with `key` (header fields and the signature overridable for forgeries). */
function sign(key, claims, { header = {}, hmacSecret } = {}) {
  const head = { alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header };
  const input = `${b64(head)}.${b64(claims)}`;
  let signature;
  if (head.alg === 'none') signature = Buffer.alloc(0);
  else if (hmacSecret !== undefined) signature = crypto.createHmac('sha256', hmacSecret).update(input).digest();
  else if (key.alg === 'ES256') signature = crypto.sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  else signature = crypto.sign('sha256', Buffer.from(input), key.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

/** The authorization server: its RFC 8414 metadata and its JWKS, with a count of requests per path. */
async function startIssuer() {
  const issuer = { keys: [newKey('RSA', 'rsa-1'), newKey('EC', 'ec-1')], requests: {} };
  const server = http.createServer((req, res) => {
    issuer.requests[req.url] = (issuer.requests[req.url] ?? 0) + 1;
    const send = (body) => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/oauth-authorization-server')
      return send({ issuer: issuer.url, authorization_endpoint: `${issuer.url}/authorize`, token_endpoint: `${issuer.url}/token`,
        jwks_uri: `${issuer.url}/jwks`, response_types_supported: ['code'], code_challenge_methods_supported: ['S256'] });
    if (req.url === '/jwks') return send({ keys: issuer.keys.map((k) => k.jwk) });
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${server.address().port}`;
  issuer.stop = () => new Promise((resolve) => server.close(resolve));
  return issuer;
}

async function closedPort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('OAuth access tokens', () => {
  let issuer, upstream, server, dir, keysFile, apiKey;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra = {}) => ({ iss: issuer.url, aud: server.mcpUrl.href, sub: 'alice', scope: `openid ${SCOPE}`,
    iat: now(), exp: now() + 600, ...extra });
  const bearer = (token) => ({ authorization: `Bearer ${token}` });
  const jwks = () => issuer.requests['/jwks'] ?? 0;

  before(async () => {
    issuer = await startIssuer();
    upstream = await startFakeUpstream();
    dir = tempDir('varlet-mcp-oauth-');
    keysFile = path.join(dir, 'keys');
    const added = spawnSync(BIN, ['keys', 'add', 'ci-bot', `--config-file=${conf('testing.ini')}`, `--auth.keys-file=${keysFile}`],
      { encoding: 'utf8' });
    assert.equal(added.status, 0, added.stderr);
    apiKey = added.stdout.trim();
    server = await startHttpServer({ args: [...upstreamFlags(upstream), `--auth.issuer=${issuer.url}`,
      `--auth.scopes=["${SCOPE}"]`, `--auth.keys-file=${keysFile}`, '--log.level=debug'] });
  });

  after(async () => {
    await server?.stop();
    await upstream?.stop();
    await issuer?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no token: 401 whose resource_metadata names the RFC 9728 document, which names the issuer', async () => {
    const res = await fetch(server.mcpUrl, { method: 'POST', body: JSON.stringify(initialize),
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } });
    assert.equal(res.status, 401);
    const challenge = res.headers.get('www-authenticate');
    assert.match(challenge, /^Bearer resource_metadata="[^"]+", scope="mcp:tools"$/);
    assert.doesNotMatch(challenge, /error=/, 'RFC 6750: no error code when no credentials were sent');
    const params = extractWWWAuthenticateParams(res);
    const metadataUrl = new URL('/.well-known/oauth-protected-resource/mcp', server.url);
    assert.equal(params.resourceMetadataUrl?.href, metadataUrl.href);
    assert.equal(params.scope, SCOPE);
    assert.match((await res.json()).error.message, /OAuth access token or an API key/);

    const document = await (await fetch(metadataUrl)).json();
    assert.deepEqual(document, { resource: server.mcpUrl.href, authorization_servers: [issuer.url],
      bearer_methods_supported: ['header'], resource_name: 'varlet-mcp', scopes_supported: [SCOPE] });
    const root = await fetch(new URL('/.well-known/oauth-protected-resource', server.url));
    assert.equal(root.status, 200);
    assert.deepEqual(await root.json(), document);
    assert.equal((await fetch(metadataUrl, { method: 'POST' })).status, 405);
    // What an SDK client does next: the issuer's own metadata, found through the document.
    const info = await discoverOAuthServerInfo(server.mcpUrl);
    assert.equal(info.authorizationServerUrl.replace(/\/$/, ''), issuer.url);
    assert.equal(info.authorizationServerMetadata?.jwks_uri, `${issuer.url}/jwks`);
    assert.equal((await fetch(new URL('/healthz', server.url))).status, 200, 'probes stay open');
  });

  test('the SDK client with a valid token calls a tool; the subject names the client in the request log', async () => {
    await callLoggedAs(server, bearer(sign(issuer.keys[0], claims())), 'alice');
    const ec = await post(server.mcpUrl, initialize, bearer(sign(issuer.keys[1], claims({ sub: 'bob', aud: [server.mcpUrl.href, 'other'] }))));
    assert.equal(ec.status, 200, ec.text);
    assert.ok(!server.stderr().includes(sign(issuer.keys[0], claims()).split('.')[2]), 'no token in the log');
  });

  test('bad tokens get 401 invalid_token with a reason, and the server stays up', async () => {
    const [rsa] = issuer.keys;
    const tampered = sign(rsa, claims()).split('.');
    tampered[1] = b64(claims({ sub: 'mallory' }));
    const cases = {
      expired: [sign(rsa, claims({ exp: now() - 120 })), /expired/],
      'wrong issuer': [sign(rsa, claims({ iss: 'http://127.0.0.1:1' })), /not issued by/],
      'wrong audience': [sign(rsa, claims({ aud: 'http://127.0.0.1:1/mcp' })), /not meant for/],
      'no audience': [sign(rsa, claims({ aud: undefined })), /not meant for/],
      'bad signature': [tampered.join('.'), /signature/],
      'alg none': [sign(rsa, claims(), { header: { alg: 'none' } }), /alg none is not accepted/],
      'HS256 with the public key as secret': [sign(rsa, claims(), { header: { alg: 'HS256' },
        hmacSecret: rsa.publicKey.export({ type: 'spki', format: 'pem' }) }), /alg HS256 is not accepted/],
      'another kind of token': [sign(rsa, claims(), { header: { typ: 'dpop+jwt' } }), /not an access token/],
      'not valid yet': [sign(rsa, claims({ nbf: now() + 3600 })), /not valid yet/],
      '10 KB': [sign(rsa, claims({ pad: 'x'.repeat(10 * 1024) })), /longer than 8192 bytes/],
      garbage: ['garbage', /three base64url parts/],
      'three dots of nothing': ['..', /three base64url parts/],
      'binary header': [`${Buffer.from([0xff, 0xfe, 0x00]).toString('base64url')}.e30.e30`, /header/],
    };
    for (const [name, [token, reason]] of Object.entries(cases)) {
      const r = await post(server.mcpUrl, initialize, bearer(token));
      assert.equal(r.status, 401, `${name}: ${r.text}`);
      const challenge = r.headers.get('www-authenticate');
      assert.match(challenge, /^Bearer resource_metadata="http:\/\/[^"]+", scope="mcp:tools", error="invalid_token", error_description="[^"]+"$/, name);
      assert.match(challenge, reason, name);
      assert.match(r.json.error.message, /^Unauthorized: /, name);
    }
    assert.equal(server.process.exitCode, null);
    assert.equal((await post(server.mcpUrl, initialize, bearer(sign(rsa, claims())))).status, 200);
  });

  test('a token without the required scope gets 403 insufficient_scope naming it', async () => {
    const r = await post(server.mcpUrl, initialize, bearer(sign(issuer.keys[0], claims({ scope: 'openid' }))));
    assert.equal(r.status, 403);
    assert.match(r.headers.get('www-authenticate'),
      /^Bearer resource_metadata="[^"]+", scope="mcp:tools", error="insufficient_scope", error_description="[^"]*mcp:tools"$/);
    const scp = await post(server.mcpUrl, initialize, bearer(sign(issuer.keys[0], claims({ scope: undefined, scp: [SCOPE] }))));
    assert.equal(scp.status, 200, 'scp as a list counts too');
  });

  test('a session answers only the subject that opened it', async () => {
    const opened = await post(server.mcpUrl, initialize, bearer(sign(issuer.keys[0], claims())));
    const session = opened.headers.get('mcp-session-id');
    const pingAs = (sub) => post(server.mcpUrl, ping, { ...bearer(sign(issuer.keys[0], claims({ sub }))),
      'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' });
    assert.equal((await pingAs('alice')).status, 200);
    assert.equal((await pingAs('bob')).status, 404);
  });

  test('API keys and OAuth together: a key the file holds is a key, anything else a token', async () => {
    const key = await post(server.mcpUrl, initialize, bearer(apiKey));
    assert.equal(key.status, 200, key.text);
    const unknown = await post(server.mcpUrl, initialize, bearer(`${apiKey}x`));
    assert.equal(unknown.status, 401);
    assert.match(unknown.json.error.message, /nor is it an API key/);
    assert.match(unknown.headers.get('www-authenticate'), /resource_metadata=.*error="invalid_token"/);
    assert.ok(!server.stderr().includes(apiKey), 'no key in the log');
  });

  test('a rotated key is fetched once, on the first token that names it; made-up kids fetch nothing', async () => {
    const before = jwks();
    assert.ok(before >= 1);
    assert.match(server.stderr(), /auth: 2 signing keys from http:\/\/127\.0\.0\.1:\d+\/jwks, kept 600 s/, 'its max-age');
    const fresh = newKey('RSA', 'rsa-2');
    const old = sign(issuer.keys[0], claims({ sub: 'carol' }));
    issuer.keys = [fresh];
    const first = await Promise.all([1, 2, 3].map(() => post(server.mcpUrl, initialize, bearer(sign(fresh, claims({ sub: 'dave' })))))); 
    assert.deepEqual(first.map((r) => r.status), [200, 200, 200], first.map((r) => r.text).join('\n'));
    assert.equal(jwks(), before + 1, 'one fetch for the three requests that waited for it');
    const bogus = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      post(server.mcpUrl, initialize, bearer(sign({ ...fresh, kid: `made-up-${i}` }, claims()))))); 
    for (const r of bogus) {
      assert.equal(r.status, 401);
      assert.match(r.headers.get('www-authenticate'), /has the kid made-up-/);
    }
    assert.equal(jwks(), before + 1, 'no fetch per made-up kid');
    assert.equal((await post(server.mcpUrl, initialize, bearer(old))).status, 401, 'the retired key no longer counts');
    assert.equal((await post(server.mcpUrl, initialize, bearer(sign(fresh, claims())))).status, 200);
    assert.equal(jwks(), before + 1);
  });
});

describe('OAuth with an issuer that cannot be reached', () => {
  let upstream, server, issuer;

  before(async () => {
    issuer = `http://127.0.0.1:${await closedPort()}`;
    upstream = await startFakeUpstream();
    server = await startHttpServer({ args: [...upstreamFlags(upstream), `--auth.issuer=${issuer}`, '--upstream.retries=1'] });
  });

  after(async () => {
    await server?.stop();
    await upstream?.stop();
  });

  test('a token that needs the keys gets 503 with Retry-After; no token still gets 401', async () => {
    const key = newKey('EC', 'ec-1');
    const token = sign(key, { iss: issuer, aud: server.mcpUrl.href, sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 });
    const r = await post(server.mcpUrl, initialize, { authorization: `Bearer ${token}` });
    assert.equal(r.status, 503, r.text);
    assert.match(r.headers.get('retry-after'), /^\d+$/);
    assert.match(r.json.error.message, /signing keys cannot be had now/);
    const none = await post(server.mcpUrl, initialize);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate'), /^Bearer resource_metadata="/);
    assert.match(server.stderr(), /cannot fetch the signing keys/);
  });

  test('OAuth settings that make no sense stop the server at start, saying which', () => {
    const start = (...args) => spawnSync(BIN, ['serve', '--http', '--http.port=0', '--admin.port=0',
      `--config-file=${conf('testing.ini')}`, ...args], { encoding: 'utf8', timeout: 20000 });
    const cases = [
      [['--auth.scopes=["a"]'], /need auth\.issuer/],
      [['--auth.issuer=ftp://example.com'], /auth\.issuer "ftp:\/\/example\.com" is not/],
      [[`--auth.issuer=${issuer}`, '--http.bind=0.0.0.0'], /auth\.resource must be set/],
      [[`--auth.issuer=${issuer}`, '--auth.scopes=["two words"]'], /not a scope/],
    ];
    for (const [args, message] of cases) {
      const r = start(...args);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});
