// diff_versions through the official SDK client over stdio, matched against a diff computed here
// from both packages' own files: web-types tags and slots, the public props and events of every
// source (harness.packageApi: web-types, the props interface, the runtime props modules run in
// Node) and the CSS variables of each component's stylesheet. The CHANGELOG items come from the
// fake upstream's copy of the repository.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connectStdio, DATA_DIR, packageApi, startFakeUpstream, textOf, upstreamFlags } from './harness.mjs';

const UI = (version) => path.join(DATA_DIR, 'npm', `@varlet/ui@${version}`);
const camel = (kebab) => kebab.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const tagsOf = (version) =>
  JSON.parse(fs.readFileSync(path.join(UI(version), 'highlight', 'web-types.en-US.json'), 'utf8')).contributions.html.tags;
const cssVars = (version, tag) => {
  const file = path.join(UI(version), 'es', tag.slice(4), `${camel(tag.slice(4))}.css`);
  if (!fs.existsSync(file)) return new Set();
  return new Set([...fs.readFileSync(file, 'utf8').matchAll(/[{;]\s*(--[\w-]+)\s*:/g)].map((m) => m[1]));
};
const publicNames = (section) => new Set([...section].filter(([, v]) => v.public).map(([n]) => n));
const sorted = (set) => [...set].sort();
const minus = (a, b) => sorted([...a].filter((x) => !b.has(x)));

/** Everything the diff compares, per tag, read from one package. */
async function surface(version) {
  const out = new Map();
  for (const tag of tagsOf(version)) {
    const api = await packageApi(version, 'en-US', tag);
    out.set(tag.name, {
      props: publicNames(api.props),
      events: publicNames(api.events),
      slots: new Set((tag.slots ?? []).map((s) => s.name)),
      cssVars: cssVars(version, tag.name),
      defaults: new Map((tag.attributes ?? []).map((a) => [a.name, a.default])),
    });
  }
  return out;
}

describe('diff_versions', () => {
  let upstream, server;
  const call = (args) => server.client.callTool({ name: 'diff_versions', arguments: args });

  before(async () => {
    upstream = await startFakeUpstream();
    server = await connectStdio({ args: upstreamFlags(upstream, { packageDir: path.join(DATA_DIR, 'npm') }) });
    await server.client.listTools(); // the SDK then checks structuredContent against the outputSchema
  });
  after(async () => {
    await server?.close();
    await upstream?.stop();
  });

  test('3.0.0 → 3.20.6 matches the diff computed from both packages', async () => {
    const result = await call({ from: '3.0.0', to: '3.20.6' });
    assert.ok(!result.isError, textOf(result));
    const d = result.structuredContent;
    assert.equal(d.from, '3.0.0');
    assert.equal(d.to, '3.20.6');
    const [old, now] = [await surface('3.0.0'), await surface('3.20.6')];
    assert.deepEqual(sorted(d.added), minus(new Set(now.keys()), new Set(old.keys())));
    assert.deepEqual(sorted(d.removed), minus(new Set(old.keys()), new Set(now.keys())));

    const changed = new Map(d.changed.map((c) => [c.tag, c]));
    let checked = 0, defaultChanges = 0;
    for (const [tag, after] of now) {
      const before = old.get(tag);
      if (!before) continue;
      const c = changed.get(tag);
      for (const [section, key] of [['props', 'props'], ['events', 'events'], ['slots', 'slots'], ['cssVars', 'cssVars']]) {
        assert.deepEqual(sorted(c?.[key].added ?? []), minus(after[section], before[section]), `${tag} ${section} added`);
        assert.deepEqual(sorted(c?.[key].removed ?? []), minus(before[section], after[section]), `${tag} ${section} removed`);
        checked++;
      }
      // A default both web-types rows state differently (beyond quotes and spaces) is a change, with both values.
      const plain = (v) => (v ?? '').replace(/\s/g, '').replace(/'/g, '"').replace(/^"(.*)"$/, '$1');
      for (const [name, was] of before.defaults) {
        const is = after.defaults.get(name);
        if (!is || !was || was === '-' || is === '-' || plain(was) === plain(is) || !after.props.has(name)) continue;
        const change = c?.props.changed.find((x) => x.name === name && x.what === 'default');
        assert.ok(change, `${tag} ${name}: default ${was} → ${is} is reported`);
        assert.deepEqual([change.before, change.after], [was, is], `${tag} ${name}`);
        defaultChanges++;
      }
    }
    assert.ok(checked > 250, `compared only ${checked} sections`);
    // Written differently, the same default: web-types `{type: "primary"}`, then `{ type: 'primary' }`.
    assert.ok(!changed.get('var-bottom-navigation')?.props.changed.some((x) => x.name === 'fab-props' && x.what === 'default'));
    console.log(`[diff] 3.0.0 → 3.20.6: ${d.added.length} components added, ${d.removed.length} removed, ` +
      `${d.changed.length} changed, ${defaultChanges} web-types default changes confirmed`);
    assert.ok(Buffer.byteLength(textOf(result)) < 12000, `the whole diff in ${Buffer.byteLength(textOf(result))} bytes`);
  });

  test('one component, with the CHANGELOG items of the range about it', async () => {
    const result = await call({ from: '3.0.0', to: '3.20.6', component: 'Button' });
    assert.ok(!result.isError, textOf(result));
    const d = result.structuredContent;
    assert.equal(d.component, 'var-button');
    assert.deepEqual(d.changed.map((c) => c.tag), ['var-button']);
    assert.ok(d.changed[0].props.added.includes('tonal'));
    const log = d.changelog.find((l) => l.component === 'var-button');
    assert.ok(log && log.total > 0, 'changelog items about the button');
    const changelog = fs.readFileSync(path.join(process.env.VARLET_FIXTURES || path.join(DATA_DIR, '..', 'tests', 'fixtures'),
      'github', 'varletjs', 'varlet@v3.20.6', 'CHANGELOG.md'), 'utf8');
    for (const item of log.items) {
      assert.ok(item.version !== '3.0.0', 'the range excludes `from`');
      assert.ok(changelog.includes(`[${item.version}]`), `release ${item.version} is in the changelog`);
    }
    assert.match(textOf(result), /## CHANGELOG\.md items about var-button/);
    assert.ok(result._meta.varlet.artifacts.includes('github:varletjs/varlet@v3.20.6/CHANGELOG.md'));
  });

  test('without the GitHub upstream the diff is still answered, and says the CHANGELOG is missing', async () => {
    const offline = await connectStdio({
      args: ['--upstream.github-base=http://127.0.0.1:9/gh', `--upstream.package-dir=${path.join(DATA_DIR, 'npm')}`],
    });
    try {
      const result = await offline.client.callTool({ name: 'diff_versions', arguments: { from: '3.0.0', component: 'button' } });
      assert.notEqual(result.isError, true, textOf(result));
      assert.ok(result.structuredContent.changed[0].props.added.includes('tonal'));
      assert.equal(result.structuredContent.changelog, undefined);
      assert.match(result._meta.varlet.docsUnavailable, /GitHub upstream/);
    } finally {
      await offline.close();
    }
  });

  test('ranges and tags resolve like every version; bad input is a clear error', async () => {
    const same = await call({ from: '3.20.6', to: '3.20.6' });
    assert.match(textOf(same), /No change in the public API/);
    const unknown = await call({ from: '3.0.0', component: 'buton' });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /var-button/);
    const missing = await call({ from: '99.0.0' });
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /99\.0\.0/);
    const noFrom = await call({});
    assert.equal(noFrom.isError, true);
    assert.match(textOf(noFrom), /from/);
  });
});
