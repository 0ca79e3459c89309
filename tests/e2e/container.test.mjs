// The container image of scripts/package (issue 16), loaded from its OCI archive with Debian's
// podman the way a user loads a downloaded image, then run as an MCP client runs an image
// (`run -i --rm IMAGE`, stdio) and as an operator runs the service (`serve --http` on a published
// port). The official SDK client calls every tool over stdio and one over HTTP; the docs come from
// the fake upstream on the host's loopback, which the container shares (--network=host).
// How podman runs here: with runc (crun refuses this machine's hybrid cgroups), and with open-file
// and process limits of its own, modest enough that no host refuses them (podman's defaults are
// above what this machine lets a container set). Needs root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ROOT, callEveryTool, connectHttp, post, startFakeUpstream, tempDir, textOf } from './harness.mjs';

const podman = (...args) => execFileSync('podman', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const runFlags = () => ['--runtime', 'runc', 'run', '--rm', '--network=host',
  '--ulimit', 'nofile=8192:8192', '--ulimit', 'nproc=4096:4096'];

describe('the container image, loaded from its archive', () => {
  let image, archive, upstream, stdio, service;
  const upstreamArgs = () => [`--upstream.npm-base=${upstream.npmBase}`, `--upstream.github-base=${upstream.githubBase}`,
    `--upstream.versions-api=${upstream.versionsApi}`];

  before(async () => {
    execFileSync(path.join(ROOT, 'scripts', 'package'), { stdio: ['ignore', 'ignore', 'inherit'] });
    archive = fs.readdirSync(path.join(ROOT, 'dist')).find((f) => f.endsWith('-oci.tar'));
    assert.ok(archive, 'scripts/package saved the image');
    const version = execFileSync(path.join(ROOT, 'build', 'varlet-mcp'), ['--version'], { encoding: 'utf8' }).trim().split(' ')[1];
    image = `localhost/varlet-mcp:${version}`;
    podman('rmi', '--force', image);  // what scripts/package left in the local store: the archive must bring it back
    assert.match(podman('load', '--input', path.join(ROOT, 'dist', archive)), /varlet-mcp/);
    upstream = await startFakeUpstream();
  });

  after(async () => {
    await stdio?.close();
    if (service && service.exitCode === null) {
      service.kill('SIGTERM');
      await new Promise((resolve) => service.once('exit', resolve));
    }
    await upstream?.stop();
  });

  test('the image is the build on an empty base, run as nobody', () => {
    const config = JSON.parse(podman('image', 'inspect', image))[0].Config;
    assert.equal(config.User, '65534:65534');
    assert.deepEqual(config.Entrypoint, ['/opt/varlet-mcp/bin/varlet-mcp']);
    const shell = spawnSync('podman', [...runFlags(), '--entrypoint', '/bin/sh', image, '-c', 'true'], { encoding: 'utf8' });
    assert.notEqual(shell.status, 0, 'no base image: not even a shell');
    assert.match(shell.stderr, /no such file or directory|not found/i);
    const sizeMiB = fs.statSync(path.join(ROOT, 'dist', archive)).size / 2 ** 20;
    console.log(`# image archive ${archive}: ${sizeMiB.toFixed(1)} MiB`);
  });

  test('`run -i --rm IMAGE` is the stdio server, and every tool it lists answers', async () => {
    stdio = new Client({ name: 'container-test', version: '1.0.0' });
    await stdio.connect(new StdioClientTransport({ command: 'podman', args: [...runFlags(), '-i', image, ...upstreamArgs()], stderr: 'ignore' }));
    await callEveryTool(stdio, 'container over stdio');
    const listed = await stdio.callTool({ name: 'list_components', arguments: {} });
    assert.equal(listed.structuredContent.version, '3.20.6', 'the pinned version of the packaged config');
  });

  test('`serve --http` with the image\'s service configuration wants an API key, answers on every address, and stops on SIGTERM', async () => {
    // The operator makes a key with the image itself, in a folder the container's user may write.
    const keys = tempDir('varlet-mcp-container-keys-');
    fs.chmodSync(keys, 0o777);
    const added = spawnSync('podman', [...runFlags(), '-v', `${keys}:/keys`, image, 'keys', 'add', 'operator',
      '--auth.keys-file=/keys/keys'], { encoding: 'utf8' });
    assert.equal(added.status, 0, added.stderr);
    const key = added.stdout.trim();
    service = spawn('podman', [...runFlags(), '-v', `${path.join(keys, 'keys')}:/etc/varlet-mcp/keys:ro`, image, 'serve', '--http',
      '--config-file=/etc/varlet-mcp/varlet-mcp.ini', '--http.port=0', '--admin.port=0', ...upstreamArgs()],
    { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in 60 s:\n${stderr}`)), 60000);
      service.stderr.on('data', (d) => {
        stderr += d;
        const m = /varlet-mcp \S+ listening on http:\/\/[^/]+:(\d+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      service.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr}`)));
    });
    // The container shares the host's network here, so its socket shows in the host's table.
    const listening = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
    assert.match(listening, new RegExp(`0\\.0\\.0\\.0:${port}\\b`), 'a container serves on all of its addresses');
    const mcpUrl = new URL(`http://127.0.0.1:${port}/mcp`);
    const refused = await post(mcpUrl, { jsonrpc: '2.0', id: 1, method: 'ping' });
    assert.equal(refused.status, 401, 'production.ini puts API keys on /mcp');
    const http = await connectHttp(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${key}` } } });
    try {
      const result = await http.client.callTool({ name: 'get_component_api', arguments: { name: 'button', sections: ['props'] } });
      assert.notEqual(result.isError, true, textOf(result));
      assert.match(textOf(result), /\btype\b/);
    } finally {
      await http.close();
    }
    service.kill('SIGTERM');
    const code = await new Promise((resolve) => service.once('exit', resolve));
    assert.equal(code, 0, stderr);
  });
});
