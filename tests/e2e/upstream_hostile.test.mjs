// A hostile upstream, through the real binary and the SDK client: a huge body, a gzip bomb, a slow
// drip, redirects to http or to another scheme, endless redirects, garbage from the versions API
// and tags that are not versions. Each gives the caller a tool error that names the cause, the
// process lives, and a call answered from the local package folder works at the same time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { connectHttp, startFakeUpstream, startHttpServer, tempDir, textOf, upstreamFlags } from './harness.mjs';
import { VERSION, callApi, checkComponentAnswer, componentNames, pinnedPackageDir, webTypes } from './cache_support.mjs';

const UPSTREAM_ONLY = '3.0.0'; // served by the fake upstream; not in the servers' package folder
const MAX_RESPONSE = 1 << 20;
const FLAGS = ['--cache.warm=[]', `--upstream.max-response-bytes=${MAX_RESPONSE}`, '--upstream.total-timeout=3s',
  '--upstream.retries=0', '--upstream.breaker-failures=1000', '--log.level=warn'];
const WEB_TYPES = 'highlight/web-types.en-US.json';
const props = webTypes('en-US');

/** A CA and a certificate for 127.0.0.1 signed by it, made with openssl for this run. */
function certificates() {
  const dir = tempDir('varlet-mcp-tls-');
  const file = (name) => path.join(dir, name);
  const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=varlet-mcp test CA');
  openssl('req', ...ec, '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(file('ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-out', file('leaf.pem'), '-days', '2', '-extfile', file('ext'));
  return { ca: file('ca.pem'), key: fs.readFileSync(file('leaf.key')), cert: fs.readFileSync(file('leaf.pem')) };
}

describe('a hostile upstream', () => {
  let plain, tls, ca, packageDir;
  const closers = [];
  let legitNames = componentNames().filter((n) => n !== 'button');

  /** A server on `upstream` with the pinned package folder, and an SDK client. */
  async function serve(upstream, args = [], { packages = true } = {}) {
    const server = await startHttpServer({
      args: [...upstreamFlags(upstream, { packageDir: packages ? packageDir : '""' }), ...FLAGS, ...args],
    });
    const connection = await connectHttp(server.mcpUrl);
    closers.push(async () => {
      await connection.close().catch(() => {});
      await server.stop();
    });
    return { server, client: connection.client };
  }

  /**
   * Calls `version` of button, which the upstream answers with `fault`, while a legitimate call
   * of another component is answered from the local package folder; returns the hostile result
   * and how often the upstream was asked for the hostile file.
   */
  async function hostileCall({ server, client }, upstream, version, fault, legit = true) {
    upstream.setVersions({ versions: [UPSTREAM_ONLY, VERSION, version], aliases: { [version]: UPSTREAM_ONLY } });
    if (fault) await upstream.setFaults([{ path: `@${version}/${WEB_TYPES}`, ...fault }]);
    const name = legitNames.shift();
    const [hostile, local] = await Promise.all([
      callApi(client, 'button', { version }),
      legit ? callApi(client, name) : null,
    ]);
    if (legit) checkComponentAnswer(assert, local, name, 'en-US', props.get(`var-${name}`));
    if (fault) assert.ok(upstream.stats().faultsApplied > 0, 'the fault never applied');
    assert.equal(server.process.exitCode, null, 'the server died');
    checkComponentAnswer(assert, await callApi(client, 'button'), 'button', 'en-US', props.get('var-button'));
    const asked = upstream.count(`@${version}/${WEB_TYPES}`);
    upstream.reset();
    return Object.assign(hostile, { asked });
  }

  const failsWith = (result, cause) => {
    assert.equal(result.isError, true, `the call succeeded: ${textOf(result).slice(0, 200)}`);
    assert.match(textOf(result), cause);
  };

  let main;
  before(async () => {
    packageDir = pinnedPackageDir();
    const certs = certificates();
    ca = certs.ca;
    plain = await startFakeUpstream();
    tls = await startFakeUpstream({ tls: { key: certs.key, cert: certs.cert } });
    main = await serve(plain);
  });
  after(async () => {
    for (const close of closers) await close();
    await plain?.stop();
    await tls?.stop();
  });

  test('a body larger than the response cap', async () => {
    const result = await hostileCall(main, plain, '3.0.101', { fault: 'huge', bytes: 4 * MAX_RESPONSE });
    failsWith(result, new RegExp(`larger than the response cap of ${MAX_RESPONSE} bytes.*max-response-bytes`));
  });

  test('a gzip bomb', async () => {
    const result = await hostileCall(main, plain, '3.0.102', { fault: 'gzip-bomb', bytes: 64 * MAX_RESPONSE });
    failsWith(result, new RegExp(`larger than the response cap of ${MAX_RESPONSE} bytes once decompressed`));
  });

  test('a slow drip past the total timeout, on a connection already open', async () => {
    // A version fetched first leaves kept-alive connections the dripping request then reuses: a
    // reused connection has no connect time, yet the upstream was reached and answered slowly.
    checkComponentAnswer(assert, await callApi(main.client, 'card', { version: UPSTREAM_ONLY }), 'card', 'en-US',
      webTypes('en-US', UPSTREAM_ONLY).get('var-card'), UPSTREAM_ONLY);
    const t0 = Date.now();
    const result = await hostileCall(main, plain, '3.0.103', { fault: 'drip', ms: 200 });
    failsWith(result, /sent no complete answer within 3\.0 s/);
    assert.ok(Date.now() - t0 < 15000, 'the drip held the call far beyond the timeout');
  });

  test('redirects to file:// and ftp:// are not followed', async () => {
    for (const [i, location] of ['file:///etc/passwd', 'ftp://127.0.0.1/varlet.json'].entries()) {
      const result = await hostileCall(main, plain, `3.0.10${4 + i}`, { fault: 'redirect', status: 302, location });
      failsWith(result, new RegExp(`redirected .* to ${location.replace(/[./]/g, '\\$&')}, a scheme this fetch may not follow`));
    }
  });

  test('endless redirects stop at the limit', async () => {
    const result = await hostileCall(main, plain, '3.0.106', { fault: 'redirect-loop' });
    failsWith(result, /redirected .* more than 5 times \(the \[upstream\] max-redirects limit/);
    assert.equal(result.asked, 6, 'not the first request and 5 redirects');
  });

  test('an https upstream is never followed to http, but to https it is', async () => {
    const secure = await serve(tls, [`--upstream.ca-file=${ca}`]);
    // The CA made for this run is trusted: an https version comes through.
    tls.setVersions({ versions: [UPSTREAM_ONLY, VERSION, '3.0.110'], aliases: { '3.0.110': UPSTREAM_ONLY } });
    checkComponentAnswer(assert, await callApi(secure.client, 'button', { version: '3.0.110' }), 'button', 'en-US',
      webTypes('en-US', UPSTREAM_ONLY).get('var-button'), '3.0.110');

    plain.setVersions({ versions: [UPSTREAM_ONLY, VERSION, '3.0.111'], aliases: { '3.0.111': UPSTREAM_ONLY } });
    const toHttp = `${plain.npmBase}/@varlet/ui@3.0.111/${WEB_TYPES}`;
    const downgraded = await hostileCall(secure, tls, '3.0.111', { fault: 'redirect', status: 301, location: toHttp });
    failsWith(downgraded, /redirected .* to http:\/\/127\.0\.0\.1:\d+\/npm\/.*an https fetch follows redirects to https only/);
    assert.equal(plain.count('@3.0.111/'), 0, 'the http location was asked for');

    const toHttps = `${tls.npmBase}/@varlet/ui@${UPSTREAM_ONLY}/${WEB_TYPES}`;
    tls.setVersions({ versions: [UPSTREAM_ONLY, VERSION, '3.0.112'], aliases: { '3.0.112': UPSTREAM_ONLY } });
    tls.setFaults([{ path: `@3.0.112/${WEB_TYPES}`, fault: 'redirect', status: 302, location: toHttps }]);
    checkComponentAnswer(assert, await callApi(secure.client, 'button', { version: '3.0.112' }), 'button', 'en-US',
      webTypes('en-US', UPSTREAM_ONLY).get('var-button'), '3.0.112');
    assert.ok(tls.stats().faultsApplied > 0, 'the https redirect was not taken');
  });

  test('a TLS upstream whose CA is not trusted is refused, naming the certificate', async () => {
    const untrusted = await serve(tls);
    const result = await hostileCall(untrusted, tls, '3.0.113', null);
    failsWith(result, /TLS with https:\/\/127\.0\.0\.1:\d+ failed.*ca-file/);
  });

  test('malformed JSON from the versions API', async () => {
    // No package folder: the versions API is the only list of versions there is.
    const server = await serve(plain, [], { packages: false });
    plain.setFaults([{ path: '/v1/packages/npm/', fault: 'invalid-json' }]);
    const [result, pinned] = await Promise.all([
      callApi(server.client, 'button', { version: 'latest' }),
      callApi(server.client, 'button', { version: VERSION }),
    ]);
    failsWith(result, /versions API answered garbage: the versions API answer is not JSON/);
    checkComponentAnswer(assert, pinned, 'button', 'en-US', props.get('var-button'));
    assert.equal(server.server.process.exitCode, null);
    plain.reset();
  });

  test('tags that are not versions never become keys or URLs', async () => {
    plain.setVersions({
      versions: [UPSTREAM_ONLY, VERSION],
      tags: { latest: '../../../../etc/passwd', next: 'v3.0.0', 'evil/../tag': UPSTREAM_ONLY, stable: UPSTREAM_ONLY },
    });
    const server = await serve(plain, ['--varlet.version=3.20.6']);
    const listed = await server.client.callTool({ name: 'list_versions', arguments: {} });
    assert.ok(!listed.isError, textOf(listed));
    assert.deepEqual(listed.structuredContent.tags, { stable: UPSTREAM_ONLY });
    for (const tag of ['latest', 'next', 'evil/../tag']) failsWith(await callApi(server.client, 'button', { version: tag }), /is not a version, a tag or a semver range/);
    const asked = Object.keys(plain.stats().byTarget);
    assert.deepEqual(asked.filter((t) => /etc|passwd|evil|v3\.0\.0/.test(t)), [], 'a bad tag reached a URL');
    checkComponentAnswer(assert, await callApi(server.client, 'button', { version: 'stable' }), 'button', 'en-US',
      webTypes('en-US', UPSTREAM_ONLY).get('var-button'), UPSTREAM_ONLY);
    plain.reset();
  });
});
