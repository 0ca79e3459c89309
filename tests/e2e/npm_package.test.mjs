// The npm packages of scripts/package (issue 16): the `varlet-mcp` launcher and the
// `@varlet-mcp/linux-<cpu>` platform package, packed with `npm pack`, installed from the tarballs
// into an empty project, and the installed command driven as a user's editor would: the SDK client
// over stdio, and `varlet-mcp serve --http` as the service. Nothing is fetched from a registry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { connectStdio, ROOT, startFakeUpstream, startHttpServer, tempDir, textOf, upstreamFlags } from './harness.mjs';

const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the npm packages, installed from their tarballs', () => {
  let project, command, upstream;

  before(async () => {
    run(path.join(ROOT, 'scripts', 'package'), []);
    const packed = tempDir('varlet-mcp-npm-');
    const npmDir = path.join(ROOT, 'dist', 'npm');
    const packages = fs.readdirSync(npmDir).map((name) => path.join(npmDir, name));
    const tarballs = packages.map((dir) => path.join(packed, run('npm', ['pack', '--silent', '--pack-destination', packed, dir]).trim()));
    project = path.join(packed, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{"name": "a-vue-app", "private": true}\n');
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', ...tarballs], project);
    command = path.join(project, 'node_modules', '.bin', 'varlet-mcp');
    upstream = await startFakeUpstream();
  });

  after(async () => upstream?.stop());

  test('the launcher is the command, and the native files came with the platform package', () => {
    assert.ok(fs.existsSync(command));
    const platform = fs.readdirSync(path.join(project, 'node_modules', '@varlet-mcp'));
    assert.deepEqual(platform, [`linux-${process.arch}`]);
    assert.match(run(command, ['--version']), /^varlet-mcp \d+\.\d+\.\d+/);
  });

  test('the installed command serves stdio with the packaged config and snapshot', async () => {
    const server = await connectStdio({ bin: command, config: null, cwd: project, args: upstreamFlags(upstream).filter((f) => !f.startsWith('--upstream.package-dir')) });
    try {
      const listed = await server.client.callTool({ name: 'list_components', arguments: {} });
      assert.equal(listed.structuredContent.version, '3.20.6');
      const api = await server.client.callTool({ name: 'get_component_api', arguments: { name: 'button' } });
      assert.notEqual(api.isError, true, textOf(api));
      assert.match(textOf(api), /loading/);
    } finally {
      await server.close();
    }
  });

  test('`varlet-mcp serve --http` through the launcher is the service, and stops on SIGTERM', async () => {
    const server = await startHttpServer({ bin: command, config: null, cwd: project });
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    server.process.kill('SIGTERM');
    const { code, signal } = await server.exited;
    assert.ok(code === 0 || signal === 'SIGTERM', `exit ${code} ${signal}`);
  });
});
