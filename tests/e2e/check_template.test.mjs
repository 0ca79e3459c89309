// check_template and the validate_template prompt through the official SDK client and the real
// binary over stdio: findings at the places the fixtures state, the output schema the SDK checks,
// answers that differ by version, and the size limit of the code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connectStdio, packageApi, ROOT, startFakeUpstream, tempDir, textOf, upstreamFlags } from './harness.mjs';

const FIXTURES = process.env.VARLET_FIXTURES || path.join(ROOT, 'tests', 'fixtures');
const fixture = (name) => fs.readFileSync(path.join(FIXTURES, 'templates', name), 'utf8');
// `<!-- expect: 11:53 option durration -->` -> "11:53 option"
const expected = (code) => [...code.matchAll(/expect:\s*(\d+:\d+)\s+(\w+)\s+\S+?\s*-->/g)].map((m) => `${m[1]} ${m[2]}`).sort();

describe('check_template over stdio', () => {
  let server, client;
  const check = (args) => client.callTool({ name: 'check_template', arguments: args });

  before(async () => {
    server = await connectStdio();
    client = server.client;
    await client.listTools(); // the SDK then checks structuredContent against the outputSchema
  });
  after(async () => server?.close());

  test('is listed with input and output schemas', async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'check_template');
    assert.ok(tool, 'check_template is listed');
    assert.deepEqual(tool.inputSchema.required, ['code']);
    assert.equal(tool.inputSchema.properties.code.maxLength, 256 * 1024);
    assert.ok(tool.outputSchema.properties.diagnostics);
  });

  test('finds what a single-file component plants in script and template', async () => {
    const code = fixture('script-and-template.vue');
    const result = await check({ code });
    assert.ok(!result.isError, textOf(result));
    const sc = result.structuredContent;
    assert.equal(sc.version, '3.20.6');
    assert.deepEqual(sc.diagnostics.map((d) => `${d.line}:${d.column} ${d.kind}`).sort(), expected(code));
    const prop = sc.diagnostics.find((d) => d.attribute === 'posiiton');
    assert.equal(prop.severity, 'error');
    assert.equal(prop.component, 'var-popup');
    assert.equal(prop.suggestion, 'position');
    assert.match(textOf(result), /error var-popup: unknown prop "posiiton" — did you mean "position"\?/);
    assert.match(textOf(result), /error Snackbar: unknown option "durration"/);
  });

  test('a clean template says so and how much it checked', async () => {
    const result = await check({ code: fixture('form-input.vue') });
    assert.deepEqual(result.structuredContent.diagnostics, []);
    assert.ok(result.structuredContent.checked.components > 5);
    assert.match(textOf(result), /^No findings: \d+ Varlet components and \d+ attributes match the API of Varlet 3\.20\.6/);
  });

  test('answers for the version asked: tonal is no prop of var-button in 3.0.0', async () => {
    const code = '<var-button tonal type="primary">Go</var-button>';
    assert.deepEqual((await check({ code })).structuredContent.diagnostics, []);
    const old = await check({ code, version: '3.0.0' });
    assert.equal(old.structuredContent.version, '3.0.0');
    assert.deepEqual(old.structuredContent.diagnostics.map((d) => [d.line, d.column, d.attribute]), [[1, 13, 'tonal']]);
  });

  test('code beyond 256 KiB is a clear tool error; code just under it is answered in full', async () => {
    const big = await check({ code: '<var-button sise="x" />\n'.repeat(12000) });
    assert.ok(big.isError);
    assert.match(textOf(big), /code/);
    assert.match(textOf(big), /262144/);
    const most = await check({ code: '<var-button sise="x" />\n'.repeat(10000) });
    assert.ok(!most.isError, textOf(most));
    assert.equal(most.structuredContent.diagnostics.length, 50);
    assert.equal(most.structuredContent.omitted, 10000 - 50);
  });

  test('the validate_template prompt embeds the findings and the APIs of their components', async () => {
    const { prompts } = await client.listPrompts();
    assert.ok(prompts.some((p) => p.name === 'validate_template'));
    const result = await client.getPrompt({ name: 'validate_template', arguments: { code: '<var-cell titel="A" />' } });
    assert.match(result.messages[0].content.text, /1:11 error var-cell: unknown prop "titel" — did you mean "title"\?/);
    assert.equal(result.messages[1].content.resource.uri, 'varlet://components/cell');
  });

  describe('the release that added or removed a name, from the catalogs', () => {
    const RELEASES = ['3.0.0', '3.10.9', '3.20.6'];
    let upstream, remote;
    before(async () => {
      // The fake upstream lists exactly the releases under data/npm and serves their files.
      upstream = await startFakeUpstream();
      remote = await connectStdio({ args: upstreamFlags(upstream, { packageDir: tempDir('varlet-history-pkg-') }) });
    });
    after(async () => {
      await remote?.close();
      await upstream?.stop();
    });

    // The first release (oldest first) whose own files have the prop, read here with packageApi.
    const firstWith = async (tag, prop) => {
      for (const version of RELEASES) {
        const tags = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'npm', `@varlet/ui@${version}`, 'highlight', 'web-types.en-US.json'), 'utf8'))
          .contributions.html.tags;
        const t = tags.find((x) => x.name === tag);
        if (t && (prop === undefined || (await packageApi(version, 'en-US', t)).props.get(prop)?.public)) return version;
      }
      return undefined;
    };

    test('a prop and a component a version lacks say the release that added them', async () => {
      const code = '<var-button tonal>Go</var-button>\n<var-alert title="Saved" />';
      const result = await remote.client.callTool({ name: 'check_template', arguments: { code, version: '3.0.0' } });
      assert.ok(!result.isError, textOf(result));
      const [tonal, alert] = result.structuredContent.diagnostics;
      assert.equal(tonal.attribute, 'tonal');
      assert.equal(tonal.history, `added in ${await firstWith('var-button', 'tonal')}`);
      assert.equal(alert.kind, 'component');
      assert.equal(alert.history, `added in ${await firstWith('var-alert')}`);
      assert.match(textOf(result), /unknown component \(added in 3\.\d+\.\d+\)/);
    });

    test('a prop a later version dropped says the release that removed it', async () => {
      // touchable is a prop of var-date-picker in 3.0.0 only (diff_versions lists it as removed).
      assert.equal(await firstWith('var-date-picker', 'touchable'), '3.0.0');
      const result = await remote.client.callTool({
        name: 'check_template',
        arguments: { code: '<var-date-picker v-model="d" :touchable="false" />', version: '3.20.6' },
      });
      const [finding] = result.structuredContent.diagnostics;
      assert.equal(finding.attribute, ':touchable');
      const removedIn = (await firstWith('var-date-picker', 'touchable')) === '3.0.0' &&
        (await packageApi('3.10.9', 'en-US', { name: 'var-date-picker', attributes: [], events: [] })).props.get('touchable')?.public
        ? '3.20.6' : '3.10.9';
      assert.equal(finding.history, `removed in ${removedIn}`);
    });
  });
});

