// The whole package is the truth: for every tag of three releases (3.0.0, 3.10.9, 3.20.6) and both
// locales, get_component_api over stdio lists every prop and event the package states, each with
// the sources that state it, and marks public exactly those the component accepts at run time and
// its types declare. The three sources are read here on their own: web-types as JSON, the
// `<Name>Props` interface with the harness's own scan, and the runtime props by running the
// package's es/<name>/props.mjs modules in Node (with vue and @varlet/shared from the tests' packages).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connectStdio, DATA_DIR, packageApi, startFakeUpstream, textOf, upstreamFlags } from './harness.mjs';

const RELEASES = ['3.0.0', '3.10.9', '3.20.6'];
const UI = (version) => path.join(DATA_DIR, 'npm', `@varlet/ui@${version}`);

describe('the public API is every source of the package', () => {
  let upstream, server;
  const figures = [];

  before(async () => {
    upstream = await startFakeUpstream();
    server = await connectStdio({ args: upstreamFlags(upstream, { packageDir: path.join(DATA_DIR, 'npm') }) });
    await server.client.listTools(); // the SDK then checks structuredContent against each outputSchema
  });
  after(async () => {
    for (const f of figures) console.log(f);
    await server?.close();
    await upstream?.stop();
  });

  for (const version of RELEASES)
    for (const locale of ['en-US', 'zh-CN'])
      test(`@varlet/ui@${version} ${locale}: every tag, every source`, async () => {
        const tags = JSON.parse(fs.readFileSync(path.join(UI(version), 'highlight', `web-types.${locale}.json`), 'utf8'))
          .contributions.html.tags;
        let publicProps = 0, withRuntime = 0;
        const disagreements = [];
        for (const tag of tags) {
          const { runtime, props, events } = await packageApi(version, locale, tag);
          if (runtime) withRuntime++;

          const result = await server.client.callTool({
            name: 'get_component_api',
            arguments: { name: tag.name, version, locale, sections: ['props', 'events'] },
          });
          assert.ok(!result.isError, `${tag.name}: ${textOf(result)}`);
          const c = result.structuredContent.component;
          for (const [section, want] of [['props', props], ['events', events]]) {
            const got = new Map((c[section] ?? []).map((item) => [item.name, item]));
            assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `${version} ${locale} ${tag.name} ${section}`);
            for (const [name, w] of want) {
              const item = got.get(name);
              const where = `${version} ${locale} ${tag.name} ${section} ${name}`;
              assert.equal(item.source, w.source, where);
              assert.equal(item.public, w.public, where);
              assert.equal(Boolean(item.disagreement), !w.public, where);
              if (!w.public) disagreements.push(`${tag.name} ${name} (${w.source})`);
              if (section === 'props' && w.public) publicProps++;
              if (section === 'props' && runtime?.props.has(name))
                assert.equal(item.runtimeType ?? '', runtime.props.get(name), `${where}: runtime type`);
            }
          }
        }
        assert.ok(withRuntime > 70, `only ${withRuntime} props modules ran`);
        figures.push(`[api truth] @varlet/ui@${version} ${locale}: ${tags.length} tags, ${withRuntime} runtime props modules, ` +
          `${publicProps} public props, ${disagreements.length} disagreements of the package`);
      });

  test('3.0.0: the `warp` typo of SpaceProps and the `wrap` the component takes are both shown, neither public', async () => {
    const result = await server.client.callTool({ name: 'get_component_api', arguments: { name: 'space', version: '3.0.0' } });
    const text = textOf(result);
    assert.match(text, /Where the package disagrees with itself:\n(- .*\n)*- `warp`: boolean — declared in SpaceProps, but es\/space\/props\.mjs does not accept it/);
    assert.match(text, /- `wrap`: boolean = `true` — .* — accepted at run time and documented, but SpaceProps does not declare it/);
  });
});
