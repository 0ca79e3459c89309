// The MCP bundle of scripts/package (issue 16), checked with the official mcpb tool and run the way
// Claude Desktop runs it: unpacked, its manifest's command and arguments filled in with the bundle's
// folder and the user's settings (Varlet version, docs language), then driven by the SDK client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { connectStdio, ROOT, startFakeUpstream, tempDir, upstreamFlags } from './harness.mjs';

const MCPB = path.join(ROOT, 'deploy', 'mcpb', 'node_modules', '.bin', 'mcpb');
const run = (command, args) => execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function filesUnder(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]).sort();
}

describe('the MCP bundle (.mcpb)', () => {
  let folder, bundle, unpacked, manifest, upstream;

  before(async () => {
    folder = run(path.join(ROOT, 'scripts', 'package'), []).trim().split('\n').pop();
    bundle = `${folder}.mcpb`;
    unpacked = tempDir('varlet-mcp-mcpb-');
    run(MCPB, ['unpack', bundle, unpacked]);
    manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
    upstream = await startFakeUpstream();
  });

  after(async () => upstream?.stop());

  test('mcpb accepts its manifest, and the bundle holds the whole relocatable build', () => {
    run(MCPB, ['validate', path.join(unpacked, 'manifest.json')]);
    assert.match(run(path.join(folder, 'bin', 'varlet-mcp'), ['--version']), new RegExp(`^varlet-mcp ${manifest.version.replaceAll('.', '\\.')}`));
    const inBundle = filesUnder(unpacked).filter((f) => f !== 'manifest.json');
    assert.deepEqual(inBundle, filesUnder(folder));
    assert.ok(inBundle.some((f) => f.endsWith('types/button.d.ts')), 'type declarations are a source of truth and must not be left out');
  });

  test('the Varlet version and the docs language are user settings the server receives', async () => {
    assert.deepEqual(Object.keys(manifest.user_config).sort(), ['locale', 'version']);
    const fill = (s) => s.replaceAll('${__dirname}', unpacked)
      .replaceAll('${user_config.version}', '3.20.6').replaceAll('${user_config.locale}', 'zh-CN');
    const { command, args } = manifest.server.mcp_config;
    const flags = upstreamFlags(upstream).filter((f) => !f.startsWith('--upstream.package-dir'));
    const server = await connectStdio({ bin: fill(command), config: null, args: [...args.map(fill), ...flags] });
    try {
      const listed = await server.client.callTool({ name: 'list_components', arguments: {} });
      assert.equal(listed.structuredContent.version, '3.20.6');
      assert.equal(listed.structuredContent.locale, 'zh-CN');
    } finally {
      await server.close();
    }
  });
});
