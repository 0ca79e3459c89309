// The catalog through the official SDK client: the real binary over stdio, its package files
// served by the fake upstream, every answer compared with the package files read here on their
// own (web-types, .d.ts, theme modules, the icon PNGs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connectStdio, DATA_DIR, packageApi, propsInterface, publicCount, startFakeUpstream, tempDir, textOf, upstreamFlags } from './harness.mjs';

const UI = (version) => path.join(DATA_DIR, 'npm', `@varlet/ui@${version}`);
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const webTypes = (version, locale) =>
  readJson(path.join(UI(version), 'highlight', `web-types.${locale}.json`)).contributions.html.tags;
const tagOf = (tags, name) => tags.find((t) => t.name === name);
const distinct = (list) => [...new Set(list.map((e) => e.name))];
const pascal = (k) => k.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const iconPngs = () =>
  fs
    .readdirSync(path.join(DATA_DIR, 'npm', '@varlet/icons@3.20.6', 'dist', 'png'))
    .filter((f) => f.endsWith('.png'))
    .map((f) => f.slice(0, -4))
    .sort();
const tokenPairs = (file) => [...fs.readFileSync(file, 'utf8').matchAll(/"(--[\w-]+)"\s*:\s*"([^"]*)"/g)].map((m) => [m[1], m[2]]);

describe('catalog over stdio', () => {
  let upstream, server, client;
  const tags = webTypes('3.20.6', 'en-US');
  const call = (name, args = {}) => client.callTool({ name, arguments: args });

  before(async () => {
    upstream = await startFakeUpstream();
    // An empty package folder: every package file comes from the fake upstream. (An empty
    // --upstream.package-dir= is refused by the command line parser.)
    server = await connectStdio({ args: upstreamFlags(upstream, { packageDir: tempDir('varlet-catalog-pkg-') }) });
    client = server.client;
    await client.listTools(); // the SDK then checks structuredContent against each outputSchema
  });
  after(async () => {
    await server?.close();
    await upstream?.stop();
  });

  test('list_components names every web-types tag with its counts', async () => {
    const result = await call('list_components');
    assert.ok(!result.isError, textOf(result));
    const listed = result.structuredContent.components;
    assert.deepEqual(listed.map((c) => c.tag).sort(), tags.map((t) => t.name).sort());
    for (const c of listed) {
      const t = tagOf(tags, c.tag);
      // Public items only, each source read on its own (see harness.packageApi); slots by distinct
      // name, as a name the file lists twice is one slot.
      const api = await packageApi('3.20.6', 'en-US', t);
      assert.equal(c.props, publicCount(api.props), c.tag);
      assert.equal(c.events, publicCount(api.events), c.tag);
      assert.equal(c.slots, distinct(t.slots).length, c.tag);
      assert.equal(c.name, pascal(c.tag.slice(4)));
    }
    assert.match(textOf(result), new RegExp(`${tags.length} components`));
  });

  test('get_component_api gives the props and events web-types lacks, from the .d.ts and the runtime props', async () => {
    // web-types 3.20.6 gives var-rate no attributes; types/rate.d.ts and es/rate/props.mjs declare them.
    const result = await call('get_component_api', { name: 'rate', sections: ['props', 'events'] });
    assert.ok(!result.isError, textOf(result));
    const c = result.structuredContent.component;
    const declared = propsInterface('3.20.6', 'var-rate');
    assert.equal(declared.props.length, 19);
    assert.deepEqual(c.props.map((p) => [p.name, p.source, p.public]), declared.props.map((n) => [n, 'types+runtime', true]));
    assert.deepEqual(c.events.map((e) => [e.name, e.source]), [['change', 'web-types+types+runtime'], ['update:modelValue', 'types+runtime']]);
    assert.match(textOf(result), /- `model-value`: number = `0`\n/);
    assert.doesNotMatch(textOf(result), /disagrees/);
  });

  test('get_component_api gives the web-types props, events and slots, under 6 KB of markdown', async () => {
    const result = await call('get_component_api', { name: 'var-button' });
    assert.ok(!result.isError, textOf(result));
    const c = result.structuredContent.component;
    const t = tagOf(tags, 'var-button');
    assert.deepEqual(
      c.props.map((p) => [p.name, p.type, p.default, p.description]),
      t.attributes.map((a) => [a.name, a.value.type, a.default, a.description]),
    );
    assert.deepEqual(c.events.map((e) => [e.name, e.description]), t.events.map((e) => [e.name, e.description]));
    assert.deepEqual(c.slots.map((s) => [s.name, s.description]), t.slots.map((s) => [s.name, s.description]));
    const md = textOf(result);
    const bytes = Buffer.byteLength(md, 'utf8');
    console.log(`[size] var-button markdown: ${bytes} bytes`);
    assert.ok(bytes < 6 * 1024, `${bytes} bytes`);
    for (const a of t.attributes) assert.ok(md.includes(`- \`${a.name}\``), a.name);
    for (const e of t.events) assert.ok(md.includes(`- \`${e.name}(`), e.name);
    for (const s of t.slots) assert.ok(md.includes(`- \`${s.name}\``), s.name);
    const css = fs.readFileSync(path.join(UI('3.20.6'), 'es', 'button', 'button.css'), 'utf8');
    const vars = [...new Set([...css.matchAll(/(?:^|[{;\s])(--[\w-]+)\s*:/g)].map((m) => m[1]))];
    assert.ok(vars.length > 10);
    assert.deepEqual(c.cssVars.map((v) => v.name), vars);
    for (const v of vars) assert.ok(md.includes(`\`${v}\``), v);
  });

  test('name variants resolve to the same component', async () => {
    const cases = {
      'var-button': ['Button', 'button', 'var-button', 'VarButton', '<var-button>', '<var-button type="primary" />'],
      'var-button-group': ['ButtonGroup', 'button-group', 'VarButtonGroup', '<var-button-group>', 'button_group'],
    };
    for (const [tag, spellings] of Object.entries(cases))
      for (const name of spellings) {
        const result = await call('get_component_api', { name, sections: ['slots'] });
        assert.ok(!result.isError, `${name}: ${textOf(result)}`);
        assert.equal(result.structuredContent.component.tag, tag, name);
      }
  });

  test('an unknown name is a tool error with suggestions', async () => {
    const result = await call('get_component_api', { name: 'button-grup' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /Unknown component "button-grup"\. Did you mean var-button-group/);
    const far = await call('get_component_api', { name: 'qqqqqqqqqqqqqq' });
    assert.equal(far.isError, true);
    assert.match(textOf(far), /list_components/);
  });

  test('sections narrow the answer', async () => {
    const result = await call('get_component_api', { name: 'snackbar', sections: ['events', 'functionApi'] });
    assert.ok(!result.isError, textOf(result));
    const c = result.structuredContent.component;
    assert.deepEqual(c.events.map((e) => e.name), tagOf(tags, 'var-snackbar').events.map((e) => e.name));
    assert.equal(c.functionApi.name, 'Snackbar');
    for (const key of ['props', 'slots', 'methods', 'cssVars', 'types']) assert.ok(!(key in c), key);
    assert.doesNotMatch(textOf(result), /## Props/);
    // The members of ISnackbar, read from the .d.ts.
    const dts = fs.readFileSync(path.join(UI('3.20.6'), 'types', 'snackbar.d.ts'), 'utf8');
    const body = dts.slice(dts.indexOf('export interface ISnackbar {'));
    const declared = [...body.slice(0, body.indexOf('\n}')).matchAll(/\n {2}(\w+)[(:]/g)].map((m) => m[1]);
    assert.deepEqual(c.functionApi.members.map((m) => m.name).sort(), declared.sort());
  });

  test('zh-CN answers in Chinese from the zh-CN web-types, with provenance', async () => {
    const zh = webTypes('3.20.6', 'zh-CN');
    const result = await call('get_component_api', { name: 'button', locale: 'zh-CN' });
    assert.ok(!result.isError, textOf(result));
    const c = result.structuredContent.component;
    assert.equal(c.locale, 'zh-CN');
    assert.deepEqual(c.props.map((p) => p.description), tagOf(zh, 'var-button').attributes.map((a) => a.description));
    assert.equal(result._meta.varlet.locale, 'zh-CN');
    assert.ok(result._meta.varlet.artifacts.includes('highlight/web-types.zh-CN.json'));
  });

  test('another release answers from its own files', async () => {
    const old = webTypes('3.0.0', 'en-US');
    const result = await call('get_component_api', { name: 'button', version: '3.0.0' });
    assert.ok(!result.isError, textOf(result));
    const c = result.structuredContent.component;
    assert.equal(c.version, '3.0.0');
    assert.deepEqual(
      c.props.map((p) => [p.name, p.type, p.default]),
      tagOf(old, 'var-button').attributes.map((a) => [a.name, a.value.type, a.default]),
    );
    assert.equal(result._meta.varlet.version, '3.0.0');
  });

  test('answers carry _meta provenance naming real package files', async () => {
    const result = await call('get_component_api', { name: 'button' });
    const meta = result._meta.varlet;
    assert.equal(meta.package, '@varlet/ui');
    assert.equal(meta.version, '3.20.6');
    assert.equal(meta.locale, 'en-US');
    assert.deepEqual(meta.artifacts, ['highlight/web-types.en-US.json', 'types/button.d.ts', 'es/button/props.mjs', 'es/button/button.css']);
    for (const a of meta.artifacts) assert.ok(fs.existsSync(path.join(UI('3.20.6'), a)), a);
    for (const [tool, args] of [['list_components', {}], ['get_exports', {}], ['get_theme', {}], ['search_icons', { query: 'close' }]]) {
      const r = await call(tool, args);
      assert.ok(!r.isError, `${tool}: ${textOf(r)}`);
      assert.equal(r._meta?.varlet?.version, '3.20.6', tool);
      assert.ok(r._meta.varlet.artifacts.length > 0, tool);
    }
  });

  test('get_directive_api gives the value type and options of types/<directive>.d.ts', async () => {
    const dts = fs.readFileSync(path.join(UI('3.20.6'), 'types', 'ripple.d.ts'), 'utf8');
    const valueType = /extends VarDirective<(\w+)>/.exec(dts)[1];
    const fields = [...new RegExp(`interface ${valueType} \\{([^}]*)\\}`).exec(dts)[1].matchAll(/(\w+\??):\s*([^\n]+)/g)].map(
      (m) => ({ name: m[1], type: m[2].trim() }),
    );
    for (const name of ['ripple', 'v-ripple', 'Ripple']) {
      const result = await call('get_directive_api', { name });
      assert.ok(!result.isError, textOf(result));
      const d = result.structuredContent.directive;
      assert.equal(d.valueType, valueType);
      assert.deepEqual(d.options, fields);
    }
    const unknown = await call('get_directive_api', { name: 'v-rippel' });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /Did you mean v-ripple/);
  });

  test('get_theme gives the tokens of the theme modules', async () => {
    const list = await call('get_theme');
    const index = fs.readFileSync(path.join(UI('3.20.6'), 'es', 'themes', 'index.mjs'), 'utf8');
    const folders = [...index.matchAll(/from "\.\/([\w-]+)\/index\.mjs"/g)].map((m) => m[1]).sort();
    assert.deepEqual([...list.structuredContent.themes].sort(), folders);
    const base = await call('get_theme', { name: 'md3-dark' });
    assert.deepEqual(
      base.structuredContent.tokens.map((t) => [t.name, t.value]),
      tokenPairs(path.join(UI('3.20.6'), 'es', 'themes', 'md3-dark', 'index.mjs')),
    );
    const button = await call('get_theme', { name: 'md3Dark', component: 'var-button' });
    assert.deepEqual(
      button.structuredContent.tokens.map((t) => [t.name, t.value]),
      tokenPairs(path.join(UI('3.20.6'), 'es', 'themes', 'md3-dark', 'button.mjs')),
    );
  });

  test('search_icons finds icon names among the icon PNGs', async () => {
    const pngs = iconPngs();
    const result = await call('search_icons', { query: 'arrow', limit: 100 });
    assert.ok(!result.isError, textOf(result));
    const expected = pngs.filter((n) => n.includes('arrow'));
    assert.equal(result.structuredContent.total, expected.length);
    assert.deepEqual([...result.structuredContent.icons].sort(), expected);
    const few = await call('search_icons', { query: 'arrow', limit: 2 });
    assert.equal(few.structuredContent.icons.length, 2);
    assert.ok(few.structuredContent.icons.every((n) => n.startsWith('arrow')));
  });

  test('get_exports lists every value the index re-exports, each once', async () => {
    const types = path.join(UI('3.20.6'), 'types');
    const index = fs.readFileSync(path.join(types, 'index.d.ts'), 'utf8');
    const modules = [...index.matchAll(/export \* from '\.\/(\w+)'/g)].map((m) => m[1]);
    const declared = new Map(); // name -> const | class | function
    for (const text of [index, ...modules.map((m) => fs.readFileSync(path.join(types, `${m}.d.ts`), 'utf8'))])
      for (const m of ('\n' + text).matchAll(/\nexport (?:declare )?(const|class|function) ([A-Za-z]\w*)/g)) declared.set(m[2], m[1]);
    const result = await call('get_exports');
    const e = result.structuredContent;
    const listed = [...e.components, ...e.functions, ...e.values];
    assert.equal(listed.length, new Set(listed).size, 'a name in two lists');
    for (const name of listed) assert.ok(declared.has(name), name);
    // Constants and functions are values; a class is a value or, when it only types an instance
    // (SnackbarComponent), a type.
    for (const [name, kind] of declared) {
      if (kind === 'class') assert.ok(listed.includes(name) || e.types.includes(name), name);
      else assert.ok(listed.includes(name), name);
    }
    const tagNames = new Set(tags.map((t) => pascal(t.name.slice(4))));
    for (const c of e.components) assert.ok(tagNames.has(c), c);
  });

  test('resources list, read and say -32002 for unknown names', async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    for (const u of ['varlet://components', 'varlet://themes', 'varlet://icons']) assert.ok(uris.includes(u), u);
    const { resourceTemplates } = await client.listResourceTemplates();
    const templates = resourceTemplates.map((t) => t.uriTemplate);
    for (const t of ['varlet://components/{name}', 'varlet://components/{name}/api.json', 'varlet://themes/{name}'])
      assert.ok(templates.includes(t), t);

    const read = async (uri) => (await client.readResource({ uri })).contents[0];
    const components = JSON.parse((await read('varlet://components')).text);
    assert.deepEqual(components.components.map((c) => c.tag).sort(), tags.map((t) => t.name).sort());

    const api = await call('get_component_api', { name: 'button' });
    const md = await read('varlet://components/button');
    assert.equal(md.mimeType, 'text/markdown');
    assert.equal(md.text, textOf(api));
    const json = await read('varlet://components/button/api.json');
    assert.equal(json.mimeType, 'application/json');
    assert.deepEqual(JSON.parse(json.text), api.structuredContent);

    const theme = JSON.parse((await read('varlet://themes/md3-dark')).text);
    assert.deepEqual(Object.entries(theme.tokens), tokenPairs(path.join(UI('3.20.6'), 'es', 'themes', 'md3-dark', 'index.mjs')));
    assert.deepEqual(
      Object.entries(theme.components.button),
      tokenPairs(path.join(UI('3.20.6'), 'es', 'themes', 'md3-dark', 'button.mjs')),
    );
    const icons = JSON.parse((await read('varlet://icons')).text);
    assert.deepEqual(icons.icons, iconPngs());

    for (const uri of ['varlet://components/no-such-thing', 'varlet://components/no-such-thing/api.json', 'varlet://themes/nope']) {
      await assert.rejects(client.readResource({ uri }), (e) => e.code === -32002, uri);
    }
  });

  test('completion/complete of template variables: prefix, fuzzy, total and hasMore', async () => {
    const complete = async (uri, value) =>
      (await client.complete({ ref: { type: 'ref/resource', uri }, argument: { name: 'name', value } })).completion;
    const kebabs = tags.map((t) => t.name.slice(4)).sort();
    const all = await complete('varlet://components/{name}', '');
    assert.equal(all.total, kebabs.length);
    assert.equal(all.values.length, Math.min(100, kebabs.length));
    assert.equal(all.hasMore, kebabs.length > 100);
    const prefix = await complete('varlet://components/{name}', 'butt');
    const starting = kebabs.filter((k) => k.startsWith('butt'));
    assert.ok(starting.length >= 2);
    assert.deepEqual(prefix.values.slice(0, starting.length), starting);
    assert.equal(prefix.hasMore, false);
    const fuzzy = await complete('varlet://components/{name}', 'buton');
    assert.ok(fuzzy.values.includes('button'), JSON.stringify(fuzzy));
    const api = await complete('varlet://components/{name}/api.json', 'date');
    assert.deepEqual(api.values.slice(0, 2), kebabs.filter((k) => k.startsWith('date')).slice(0, 2));
    const themes = await complete('varlet://themes/{name}', 'md3');
    assert.deepEqual([...themes.values].sort(), ['md3-dark', 'md3-light']);
  });
});
