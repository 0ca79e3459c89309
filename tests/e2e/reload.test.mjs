// SIGHUP reloads the configuration of a running service (issue 15): the [limits] keys and log.level
// take effect at once, keep-alive connections stay open, the log says what changed and what waits
// for a restart, and a configuration that does not load changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, conf, startHttpServer, tempDir } from './harness.mjs';

const MODERN = '2026-07-28';

/** conf/testing.ini with its relative paths made absolute, and `extra` appended. */
function configText(extra) {
  const dir = path.dirname(conf('testing.ini'));
  const base = fs.readFileSync(conf('testing.ini'), 'utf8')
    .replace(/^package-dir="([^"]+)"/m, (_, p) => `package-dir="${path.resolve(dir, p)}"`);
  return `${base}\n${extra}\n`;
}

/** A sessionless tools/list over one keep-alive agent: {status, headers, reused}. */
function toolsList(url, agent, id) {
  const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list',
    params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } } });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: {
      'content-type': 'application/json', accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('SIGHUP reloads the configuration', () => {
  let dir, file, server, agent;
  const reloadLines = () => server.stderr().split('\n').filter((l) => / reload: /.test(l));
  async function hangUp() {
    const before = reloadLines().length;
    server.process.kill('SIGHUP');
    while (reloadLines().length === before) await new Promise((resolve) => server.process.stderr.once('data', resolve));
    return reloadLines().at(-1);
  }

  before(async () => {
    dir = tempDir('varlet-mcp-reload-');
    file = path.join(dir, 'varlet-mcp.ini');
    fs.writeFileSync(file, configText('[limits]\nrequests-per-minute=0\n'));
    server = await startHttpServer({ config: null, args: [`--config-file=${file}`, `--cache.dir=${path.join(dir, 'cache')}`] });
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });

  after(async () => {
    agent?.destroy();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('new limits and log level apply at once, on the same connection; the rest waits for a restart', async () => {
    const first = await toolsList(server.mcpUrl, agent, 1);
    assert.equal(first.status, 200);
    assert.equal(first.headers.ratelimit, undefined, 'no rate limit yet');
    assert.doesNotMatch(server.stderr(), /request tools\/list over http/, 'no debug lines yet');

    fs.writeFileSync(file, configText('[limits]\nrequests-per-minute=3\nburst=3\n').replace(/^level=.*$/m, 'level="debug"')
      .replace(/^\[http\]$/m, '[http]\nmax-sessions=7'));
    const line = await hangUp();
    assert.match(line, /applied .*limits\.burst 100 -> 3/);
    assert.match(line, /limits\.requests-per-minute 0 -> 3/);
    assert.match(line, /log\.level "info" -> "debug"/);
    assert.match(line, /needs a restart: http\.max-sessions 10000 -> 7/);

    const answers = [];
    for (let id = 2; id <= 5; id++) answers.push(await toolsList(server.mcpUrl, agent, id));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 429]);
    assert.ok(answers.every((a) => a.reused), 'every request went over the connection opened before the reload');
    assert.equal(answers[0].headers['ratelimit-policy'], '"per-client";q=3;w=60');
    assert.match(server.stderr(), /request tools\/list over http by 127\.0\.0\.1: ok/);
  });

  test('a configuration that does not load changes nothing, and the service keeps serving', async () => {
    fs.writeFileSync(file, configText('[limits]\nrequests-per-minute=oops\n'));
    const line = await hangUp();
    assert.match(line, /reload: .*the running configuration stays/);
    const still = await toolsList(server.mcpUrl, agent, 6);
    assert.equal(still.status, 429, 'the limits loaded before are still in force');
    assert.equal(server.process.exitCode, null);
  });

  test('SIGTERM still stops it cleanly after reloads', async () => {
    const { code } = await server.stop('SIGTERM');
    assert.equal(code, 0);
  });
});

describe('configuration files are read as written', () => {
  const start = (extra, ...flags) => {
    const dir = tempDir('varlet-mcp-config-');
    const file = path.join(dir, 'varlet-mcp.ini');
    fs.writeFileSync(file, configText(extra));
    // `keys list` loads the whole configuration and stops at the first thing it needs that is missing.
    const run = spawnSync(BIN, ['keys', 'list', `--config-file=${file}`, ...flags], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    return { code: run.status, stderr: run.stderr, file };
  };

  test('a value of the wrong type is an error that names the key, not a default taken in silence', () => {
    const wrong = start('[limits]\nburst=2.5\n');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /varlet-mcp\.ini: limits\.burst = 2\.5\d* is not an integer/);
    const text = start('[memory]\nshrink-fraction="half"\n');
    assert.equal(text.code, 2);
    assert.match(text.stderr, /memory\.shrink-fraction = "half" is not a number/);
    const overridden = start('[memory]\nshrink-fraction="half"\n', '--memory.shrink-fraction=0.5');
    assert.notEqual(overridden.code, 2, 'a flag replaces the file value');
  });
});
