// The Debian package of scripts/package (issue 16), installed with dpkg into a copy of a fresh
// Debian root with systemd (minbase.mjs), its service unit checked by `systemd-analyze verify`
// against that root, and the installed command run as the service's user with the package's own
// /etc configuration. Needs root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, connectHttp, post, startFakeUpstream, tempDir, textOf } from './harness.mjs';
import { systemdRoot } from './minbase.mjs';

describe('the Debian package in a fresh root', () => {
  let root, deb, upstream, procMounted = false;
  const inRoot = (args, options = {}) => spawnSync('chroot', [...(options.user ? [`--userspec=${options.user}`] : []), root, ...args], { encoding: 'utf8' });

  before(async () => {
    execFileSync(path.join(ROOT, 'scripts', 'package'), { stdio: ['ignore', 'ignore', 'inherit'] });
    deb = fs.readdirSync(path.join(ROOT, 'dist')).find((f) => f.endsWith('.deb'));
    assert.ok(deb, 'scripts/package made a .deb');
    root = path.join(tempDir('varlet-mcp-deb-root-'), 'root');
    execFileSync('cp', ['-a', '--one-file-system', systemdRoot(), root]);
    fs.copyFileSync(path.join(ROOT, 'dist', deb), path.join(root, 'tmp', deb));
    // The loader resolves $ORIGIN through /proc/self/exe, as on any running system.
    execFileSync('mount', ['-t', 'proc', 'proc', path.join(root, 'proc')]);
    procMounted = true;
    upstream = await startFakeUpstream();
  });

  after(async () => {
    await upstream?.stop();
    const unmounted = !procMounted || spawnSync('umount', [path.join(root, 'proc')]).status === 0;
    if (root && unmounted) fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  test('dpkg installs it, with the dedicated user, the conffile, the unit and the monitoring files', () => {
    const install = inRoot(['dpkg', '-i', `/tmp/${deb}`]);
    assert.equal(install.status, 0, install.stderr + install.stdout);
    assert.match(inRoot(['getent', 'passwd', 'varlet-mcp']).stdout, /^varlet-mcp:x:\d+:\d+:.*:\/var\/lib\/varlet-mcp:\/usr\/sbin\/nologin$/m);
    assert.match(inRoot(['dpkg-query', '-W', '-f=${Conffiles}', 'varlet-mcp']).stdout, /\/etc\/varlet-mcp\/varlet-mcp\.ini/);
    for (const file of ['/usr/bin/varlet-mcp', '/lib/systemd/system/varlet-mcp.service', '/usr/lib/varlet-mcp/lib/libcurl.so.4'])
      assert.equal(inRoot(['test', '-e', file]).status, 0, file);
    // The operator's monitoring, as in the repository.
    for (const [file, source] of [['alerts.yml', 'deploy/prometheus/alerts.yml'], ['varlet-mcp.json', 'deploy/grafana/varlet-mcp.json']])
      assert.equal(fs.readFileSync(path.join(root, 'usr/share/varlet-mcp', file), 'utf8'), fs.readFileSync(path.join(ROOT, source), 'utf8'), file);
  });

  test('systemd-analyze verify accepts the unit, which confines the service', () => {
    const unit = fs.readFileSync(path.join(root, 'lib', 'systemd', 'system', 'varlet-mcp.service'), 'utf8');
    for (const line of ['User=varlet-mcp', 'StateDirectory=varlet-mcp', 'CacheDirectory=varlet-mcp', 'ProtectSystem=strict', 'NoNewPrivileges=yes'])
      assert.ok(unit.includes(`\n${line}\n`), line);
    assert.match(unit, /\nMemoryMax=\d+[KMG]\n/);
    const verify = spawnSync('systemd-analyze', ['verify', `--root=${root}`, 'varlet-mcp.service'], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr + verify.stdout);
    assert.doesNotMatch(verify.stderr, /varlet-mcp\.service:\d+:/, 'no warning about a line of the unit');
  });

  test('the installed command answers as the service user, with the package configuration', () => {
    fs.mkdirSync(path.join(root, 'var', 'cache', 'varlet-mcp'), { recursive: true });
    execFileSync('chroot', [root, 'chown', 'varlet-mcp:varlet-mcp', '/var/cache/varlet-mcp']);
    const call = inRoot(['/usr/bin/varlet-mcp', 'call', '--config-file=/etc/varlet-mcp/varlet-mcp.ini',
      `--upstream.npm-base=${upstream.npmBase}`, `--upstream.github-base=${upstream.githubBase}`,
      `--upstream.versions-api=${upstream.versionsApi}`, '--varlet.version=3.20.6', 'get_component_api', '{"name": "button"}'],
    { user: 'varlet-mcp:varlet-mcp' });
    assert.equal(call.status, 0, call.stderr);
    assert.match(call.stdout, /var-button/);
  });

  test('root adds an API key to the file the package made, and the service serves only the client that sends it', async () => {
    const owner = () => inRoot(['stat', '-c', '%U:%G %a', '/etc/varlet-mcp/keys']).stdout.trim();
    assert.equal(owner(), 'root:varlet-mcp 640', 'postinst made the keys file, readable by the service');
    const added = inRoot(['/usr/bin/varlet-mcp', 'keys', 'add', 'alice', '--config-file=/etc/varlet-mcp/varlet-mcp.ini']);
    assert.equal(added.status, 0, added.stderr);
    const key = added.stdout.trim();
    assert.equal(owner(), 'root:varlet-mcp 640', '`keys add` keeps the owner and mode');

    const service = spawn('chroot', ['--userspec=varlet-mcp:varlet-mcp', root, '/usr/bin/varlet-mcp', 'serve', '--http',
      '--config-file=/etc/varlet-mcp/varlet-mcp.ini', '--http.port=0', '--admin.port=0', '--varlet.version=3.20.6',
      `--upstream.npm-base=${upstream.npmBase}`, `--upstream.github-base=${upstream.githubBase}`,
      `--upstream.versions-api=${upstream.versionsApi}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    try {
      const url = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line in 30 s:\n${stderr}`)), 30000);
        service.stderr.on('data', (d) => {
          stderr += d;
          const m = /varlet-mcp \S+ listening on (http:\/\/\S+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(new URL(m[1]));
          }
        });
        service.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr}`)));
      });
      assert.equal((await post(url, { jsonrpc: '2.0', id: 1, method: 'ping' })).status, 401);
      const http = await connectHttp(url, { requestInit: { headers: { authorization: `Bearer ${key}` } } });
      try {
        const result = await http.client.callTool({ name: 'get_component_api', arguments: { name: 'button' } });
        assert.notEqual(result.isError, true, textOf(result));
      } finally {
        await http.close();
      }
    } finally {
      service.kill('SIGTERM');
      await new Promise((resolve) => (service.exitCode === null ? service.once('exit', resolve) : resolve()));
    }
  });
});
