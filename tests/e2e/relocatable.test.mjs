// The relocatable build of scripts/package (issue 16), run where a user would run it: copied into
// /opt of a fresh Debian root made by `debootstrap --variant=minbase` (no compiler, no dev
// packages, no build folder) and entered with chroot. The official SDK client drives it over
// stdio and calls every tool it lists; the docs come from the fake upstream on the host's
// loopback, which the chroot shares. Needs root (chroot, mount); the root comes from minbase.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ROOT, callEveryTool, startFakeUpstream } from './harness.mjs';
import { MINBASE, minbaseRoot } from './minbase.mjs';

const INSTALLED = '/opt/varlet-mcp';  // inside the root

const inRoot = (...command) => spawnSync('chroot', [MINBASE, ...command], { encoding: 'utf8' });

describe('the relocatable build in a fresh minbase root', () => {
  let packaged, upstream, client, procMounted = false;

  before(async () => {
    packaged = execFileSync(path.join(ROOT, 'scripts', 'package'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim().split('\n').pop();
    minbaseRoot();
    const target = path.join(MINBASE, INSTALLED.slice(1));
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(packaged, target, { recursive: true });
    if (spawnSync('mountpoint', ['-q', path.join(MINBASE, 'proc')]).status !== 0) {
      execFileSync('mount', ['-t', 'proc', 'proc', path.join(MINBASE, 'proc')]);
      procMounted = true;
    }
    upstream = await startFakeUpstream();
    client = new Client({ name: 'relocatable-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({
      command: 'chroot',
      args: [MINBASE, `${INSTALLED}/bin/varlet-mcp`,
        `--upstream.npm-base=${upstream.npmBase}`, `--upstream.github-base=${upstream.githubBase}`,
        `--upstream.versions-api=${upstream.versionsApi}`, '--cache.dir=/tmp/varlet-mcp-cache'],
      stderr: 'ignore',
    }));
  });

  after(async () => {
    await client?.close();
    await upstream?.stop();
    if (procMounted) spawnSync('umount', [path.join(MINBASE, 'proc')]);
  });

  test('the root has no build tools or dev packages, and every library resolves inside the package or to glibc', () => {
    for (const absent of ['/usr/bin/g++', '/usr/bin/cmake', '/usr/include/caf', '/usr/include/boost'])
      assert.equal(inRoot('test', '-e', absent).status, 1, `${absent} in the root`);
    assert.equal(fs.existsSync(path.join(MINBASE, 'work')), false, 'the root cannot see the build folder');
    const ldd = inRoot('ldd', `${INSTALLED}/bin/varlet-mcp`);
    assert.equal(ldd.status, 0, ldd.stderr);
    assert.doesNotMatch(ldd.stdout, /not found/);
    for (const line of ldd.stdout.split('\n').filter((l) => l.includes('=> /'))) {
      const resolved = path.normalize(line.split('=> ')[1]);
      assert.ok(resolved.startsWith(`${INSTALLED}/lib/`) || /\/(libc|libm|libpthread|libdl|librt)\.so/.test(resolved), line);
    }
    const curl = inRoot('ldd', `${INSTALLED}/lib/libcurl.so.4`);
    assert.doesNotMatch(curl.stdout, /not found/, 'libcurl, loaded at run time, finds its own libraries');
  });

  test('every tool it lists answers over stdio, with the packaged snapshot and config', async () => {
    await callEveryTool(client, 'relocatable build');
    const listed = await client.callTool({ name: 'list_components', arguments: {} });
    assert.equal(listed.structuredContent.version, '3.20.6', 'the pinned version of the packaged config');
  });
});
