// The docs tools, search, the prompts and completion end to end: the real binary over stdio,
// the official SDK client, package files from the local snapshot and the docs from the fake
// upstream's /gh (the fixtures in the varletjs/varlet layout). Every expectation is read from the
// fixture files or the package's web-types here, independently of the server's parsers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { connectStdio, DATA_DIR, ROOT, startFakeUpstream, tempDir, textOf, upstreamFlags } from './harness.mjs';
import { compareVersions } from '../fake_upstream/semver.mjs';

const FIXTURES = process.env.VARLET_FIXTURES || path.join(ROOT, 'tests', 'fixtures');
const PACKAGE_DIR = path.join(DATA_DIR, 'npm');
const DEAD = 'http://127.0.0.1:9';

// ---- the sources, read without the server --------------------------------------------------

const repoPath = (rel, version = '3.20.6') => path.join(FIXTURES, 'github', 'varletjs', `varlet@v${version}`, rel);
const repoFile = (rel, version = '3.20.6') => fs.readFileSync(repoPath(rel, version), 'utf8');
const exists = (rel, version = '3.20.6') => fs.existsSync(repoPath(rel, version));
const componentPath = (name, locale) => `packages/varlet-ui/src/${name}/docs/${locale}.md`;
const guidePath = (name, locale) => `packages/varlet-ui/docs/${name}.${locale}.md`;

const webTypesCache = new Map();
function webTypes(locale = 'en-US', version = '3.20.6') {
  const key = `${version}/${locale}`;
  if (!webTypesCache.has(key)) {
    const file = path.join(PACKAGE_DIR, `@varlet/ui@${version}`, 'highlight', `web-types.${locale}.json`);
    webTypesCache.set(key, JSON.parse(fs.readFileSync(file, 'utf8')).contributions.html.tags);
  }
  return webTypesCache.get(key);
}
const kebabs = () => webTypes().map((t) => t.name.slice('var-'.length));

/** Headings outside code fences (a fence closes only with a run of the same character at least as long). */
function headings(markdown) {
  const out = [];
  let fence = null;
  let offset = 0;
  for (const line of markdown.split('\n')) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = null;
    } else if (f) {
      fence = f[1];
    } else {
      const h = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
      if (h) out.push({ level: h[1].length, title: h[2].replace(/\s*\*\*\*[\d.]+\*\*\*$/, ''), offset });
    }
    offset += Buffer.byteLength(line, 'utf8') + 1;
  }
  return out;
}

/** The part of a page under a heading: from its line to the next heading of the same or a higher level. */
function sectionText(markdown, title) {
  const all = headings(markdown);
  const bytes = Buffer.from(markdown, 'utf8');
  const i = all.findIndex((h) => h.title === title);
  assert.ok(i >= 0, `fixture has a section ${title}`);
  const next = all.slice(i + 1).find((h) => h.level <= all[i].level);
  return bytes.subarray(all[i].offset, next ? next.offset : bytes.length).toString('utf8');
}

/** The examples of a component page: the `###` sections before `## API` that hold code. */
function exampleTitles(markdown) {
  const all = headings(markdown);
  const api = all.find((h) => h.level === 2 && h.title === 'API');
  const bytes = Buffer.from(markdown, 'utf8');
  const titles = [];
  all.forEach((h, i) => {
    if (h.level !== 3 || (api && h.offset > api.offset)) return;
    const end = all[i + 1]?.offset ?? bytes.length;
    if (bytes.subarray(h.offset, end).toString('utf8').includes('```')) titles.push(h.title);
  });
  return titles;
}

/** The site menu of the fixture config: {doc, type, en, zh, group}. */
function menu(version = '3.20.6') {
  const text = repoFile('packages/varlet-ui/varlet.config.mjs', version);
  const items = [];
  let group = '';
  const item = /\{\s*text:\s*\{([^}]*)\}\s*,\s*(?:doc:\s*['"]([^'"]+)['"]\s*,\s*)?type:\s*(\d)/g;
  for (const m of text.matchAll(item)) {
    const title = (locale) => new RegExp(`['"]${locale}['"]\\s*:\\s*['"]([^'"]*)['"]`).exec(m[1])?.[1];
    const entry = { doc: m[2], type: Number(m[3]), en: title('en-US'), zh: title('zh-CN'), group };
    if (entry.type === 1) group = entry.en;
    else items.push({ ...entry, group });
  }
  return items;
}

/** Guides as the docs site shows them: every page of a menu group that holds a guide page (type 3). */
function guideItems() {
  const items = menu();
  const groups = new Set(items.filter((i) => i.type === 3).map((i) => i.group));
  return items.filter((i) => groups.has(i.group));
}

/** The releases of a CHANGELOG fixture: [{version, body}] in file order. */
function releases(version = '3.20.6') {
  const text = repoFile('CHANGELOG.md', version);
  const heads = [...text.matchAll(/^#{1,2} \[(\d+\.\d+\.\d+)\]\([^)]*\)(?: \(([\d-]+)\))?$/gm)];
  return heads.map((m, i) => ({ version: m[1], date: m[2], body: text.slice(m.index, heads[i + 1]?.index ?? text.length) }));
}

// ---- calling the server -------------------------------------------------------------------

async function call(client, name, args = {}) {
  return client.callTool({ name, arguments: args });
}

async function ok(client, name, args = {}) {
  const result = await call(client, name, args);
  assert.ok(!result.isError, `${name} ${JSON.stringify(args)} failed: ${textOf(result)}`);
  assert.ok(result.structuredContent, `${name} has structuredContent`);
  return result;
}

/** Every page of a paged docs answer, following nextCursor. */
async function allPages(client, name, args) {
  const pages = [];
  let cursor;
  for (let i = 0; i < 100; i++) {
    const result = await ok(client, name, cursor ? { ...args, cursor } : args);
    pages.push(result);
    cursor = result.structuredContent.page.nextCursor;
    if (!cursor) return pages;
  }
  assert.fail(`${name} did not end within 100 pages`);
}

async function promptError(client, request) {
  try {
    await client.getPrompt(request);
  } catch (e) {
    assert.ok(e instanceof McpError, `an MCP error, not ${e}`);
    return e;
  }
  assert.fail(`prompts/get ${JSON.stringify(request)} should fail`);
}

// ---- the servers ----------------------------------------------------------------------------

let upstream;
before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream?.stop();
});

/** A server over stdio with package files local and docs from the fake upstream, started for one describe block. */
function server(extra = []) {
  const s = { cacheDir: tempDir() };
  before(async () => {
    const session = await connectStdio({
      cacheDir: s.cacheDir,
      args: [...upstreamFlags(upstream, { packageDir: PACKAGE_DIR }), ...extra],
    });
    s.session = session;
    s.client = session.client;
  });
  after(async () => {
    await s.session?.close();
  });
  return s;
}

// ---- component examples and docs pages -------------------------------------------------------

describe('component examples and docs pages (default page budget)', () => {
  const s = server();

  test('examples come in page order with the code of the docs, in both locales', async () => {
    for (const locale of ['en-US', 'zh-CN']) {
      const page = repoFile(componentPath('button', locale));
      const result = await ok(s.client, 'get_component_examples', { name: 'var-button', locale, limit: 50 });
      const sc = result.structuredContent;
      assert.equal(sc.tag, 'var-button');
      assert.equal(sc.source, componentPath('button', locale));
      assert.deepEqual(sc.examples.map((e) => e.title), exampleTitles(page), locale);
      assert.equal(sc.total, exampleTitles(page).length);
      for (const e of sc.examples) {
        assert.ok(e.code.length > 0, `${e.title} has code`);
        for (const c of e.code) assert.ok(page.includes('```' + c.language + '\n' + c.code + '\n```'), `${e.title}: code verbatim`);
      }
      assert.ok(result._meta.varlet.artifacts.includes(`github:varletjs/varlet@v3.20.6/${componentPath('button', locale)}`));
    }
  });

  test('with a query the best matching example comes first, and limit cuts the list', async () => {
    for (const [locale, query] of [['en-US', 'loading'], ['zh-CN', '加载']]) {
      const page = repoFile(componentPath('button', locale));
      const titled = exampleTitles(page).filter((t) => t.toLowerCase().includes(query));
      assert.equal(titled.length, 1, `the ${locale} fixture has one example titled with "${query}"`);
      const result = await ok(s.client, 'get_component_examples', { name: 'Button', locale, query, limit: 2 });
      const { examples, total } = result.structuredContent;
      assert.equal(examples[0].title, titled[0], locale);
      assert.equal(examples.length, 2);
      assert.equal(total, exampleTitles(page).length);
      assert.match(textOf(result), /more examples/);
    }
  });

  test('the whole page fits the default budget: one page equal to the file', async (t) => {
    for (const locale of ['en-US', 'zh-CN']) {
      const file = repoFile(componentPath('button', locale));
      const pages = await allPages(s.client, 'get_component_docs', { name: 'button', locale });
      const sizes = pages.map((p) => Buffer.byteLength(p.structuredContent.markdown, 'utf8'));
      t.diagnostic(`var-button ${locale} docs pages at the default budget: ${pages.length} page(s) of ${sizes.join(', ')} bytes`);
      assert.equal(pages.map((p) => p.structuredContent.markdown).join(''), file);
      assert.equal(pages[0].structuredContent.page.index, 0);
      assert.equal(pages[0].structuredContent.page.count, pages.length);
      assert.equal(pages[0].structuredContent.title, headings(file)[0].title);
    }
  });

  test('a section is the part of the page under its heading', async () => {
    const en = repoFile(componentPath('button', 'en-US'));
    for (const title of ['API', 'Props', 'Button Props', 'Style Variables', 'Loading']) {
      const result = await ok(s.client, 'get_component_docs', { name: 'button', section: title });
      assert.equal(result.structuredContent.section, title);
      assert.equal(result.structuredContent.markdown, sectionText(en, title), title);
    }
    const zh = repoFile(componentPath('button', 'zh-CN'));
    const zhHeadings = headings(zh);
    const zhApi = zhHeadings.findIndex((h) => h.level === 2 && h.title === 'API');
    const zhProps = zhHeadings.slice(zhApi + 1).find((h) => h.level === 3).title;  // the props, in Chinese
    const result = await ok(s.client, 'get_component_docs', { name: 'button', locale: 'zh-CN', section: zhProps });
    assert.equal(result.structuredContent.markdown, sectionText(zh, zhProps));
  });

  test('an unknown section is an error that lists the sections', async () => {
    const result = await call(s.client, 'get_component_docs', { name: 'button', section: 'No Such Heading' });
    assert.equal(result.isError, true);
    for (const h of headings(repoFile(componentPath('button', 'en-US'))).slice(0, 5))
      assert.ok(textOf(result).includes(h.title), `names ${h.title}`);
  });

  test('another version gets its own page', async () => {
    const file = repoFile(componentPath('button', 'en-US'), '3.0.0');
    const result = await ok(s.client, 'get_component_docs', { name: 'button', version: '3.0.0' });
    assert.equal(result.structuredContent.version, '3.0.0');
    assert.equal(result.structuredContent.markdown, file);
    assert.ok(!result.structuredContent.markdown.includes('tonal'));
    assert.ok(result._meta.varlet.artifacts.includes(`github:varletjs/varlet@v3.0.0/${componentPath('button', 'en-US')}`));
    const examples = await ok(s.client, 'get_component_examples', { name: 'button', version: '3.0.0', locale: 'zh-CN' });
    assert.deepEqual(examples.structuredContent.examples.map((e) => e.title), exampleTitles(repoFile(componentPath('button', 'zh-CN'), '3.0.0')));
  });

  test('an unknown component is an error that suggests names', async () => {
    const result = await call(s.client, 'get_component_docs', { name: 'buton' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /button/);
  });
});

describe('docs pages with a small page budget', () => {
  const budget = 1000;
  const s = server([`--docs.page-bytes=${budget}`]);

  test('walking the cursors gives pages within the budget that join into the whole file', async () => {
    for (const [name, locale] of [['button', 'en-US'], ['button', 'zh-CN'], ['input', 'en-US'], ['snackbar', 'zh-CN'], ['code', 'en-US']]) {
      const file = repoFile(componentPath(name, locale));
      const pages = await allPages(s.client, 'get_component_docs', { name, locale });
      assert.ok(pages.length > 1, `${name} ${locale} is cut into pages`);
      assert.equal(pages.map((p) => p.structuredContent.markdown).join(''), file, `${name} ${locale}`);
      pages.forEach((p, i) => {
        const { markdown, page } = p.structuredContent;
        assert.equal(page.index, i);
        assert.equal(page.count, pages.length);
        assert.ok(Buffer.byteLength(markdown, 'utf8') <= budget || /^(`{3,}|~{3,})/.test(markdown.trimStart()),
                  `${name} ${locale} page ${i} fits or is one code block`);
        if (i < pages.length - 1) assert.match(textOf(p), /nextCursor|cursor "/);
      });
    }
  });

  test('a section is paged too, and a cursor only works for the arguments it was issued for', async () => {
    const api = sectionText(repoFile(componentPath('button', 'en-US')), 'API');
    const pages = await allPages(s.client, 'get_component_docs', { name: 'button', section: 'API' });
    assert.equal(pages.map((p) => p.structuredContent.markdown).join(''), api);
    const cursor = (await ok(s.client, 'get_component_docs', { name: 'button' })).structuredContent.page.nextCursor;
    assert.ok(cursor);
    for (const args of [{ name: 'button', locale: 'zh-CN' }, { name: 'input' }, { name: 'button', section: 'API' }]) {
      const wrong = await call(s.client, 'get_component_docs', { ...args, cursor });
      assert.equal(wrong.isError, true, JSON.stringify(args));
    }
    const junk = await call(s.client, 'get_component_docs', { name: 'button', cursor: 'not-a-cursor' });
    assert.equal(junk.isError, true);
  });

  test('a long guide is paged and joins into the file', async () => {
    const file = repoFile(guidePath('importOnDemand', 'zh-CN'));
    const pages = await allPages(s.client, 'get_guide', { name: 'importOnDemand', locale: 'zh-CN' });
    assert.ok(pages.length > 1);
    assert.equal(pages.map((p) => p.structuredContent.markdown).join(''), file);
  });
});

// ---- guides ---------------------------------------------------------------------------------

describe('guides and installation', () => {
  const s = server();

  test('list_guides lists the guides of the site menu with their titles in both locales', async () => {
    const expected = guideItems();
    for (const locale of ['en-US', 'zh-CN']) {
      const { guides } = (await ok(s.client, 'list_guides', { locale })).structuredContent;
      assert.deepEqual(guides.map((g) => g.name), expected.map((g) => g.doc));
      guides.forEach((g, i) => {
        assert.equal(g.title, locale === 'en-US' ? expected[i].en : expected[i].zh);
        assert.deepEqual(g.titles, { 'en-US': expected[i].en, 'zh-CN': expected[i].zh });
      });
    }
  });

  test('get_guide returns each listed guide as its file, or says the file is missing', async () => {
    for (const item of guideItems()) {
      for (const locale of ['en-US', 'zh-CN']) {
        const candidates = item.type === 3 ? [guidePath(item.doc, locale), componentPath(item.doc, locale)]
                                           : [componentPath(item.doc, locale), guidePath(item.doc, locale)];
        const present = candidates.find((p) => exists(p));
        const result = await call(s.client, 'get_guide', { name: item.doc, locale });
        if (!present) {
          assert.equal(result.isError, true, `${item.doc} ${locale} has no file`);
          assert.match(textOf(result), /has no|does not exist/);
          continue;
        }
        assert.ok(!result.isError, `${item.doc} ${locale}: ${textOf(result)}`);
        assert.equal(result.structuredContent.source, present);
        assert.equal(result.structuredContent.markdown, repoFile(present), `${item.doc} ${locale}`);
      }
    }
  });

  test('a guide is found by its title too, and an unknown one suggests the names', async () => {
    const quick = guideItems().find((g) => g.doc === 'quickstart');
    const byTitle = await ok(s.client, 'get_guide', { name: quick.zh, locale: 'zh-CN' });
    assert.equal(byTitle.structuredContent.name, 'quickstart');
    const unknown = await call(s.client, 'get_guide', { name: 'quickstrat' });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /quickstart/);
  });

  const markers = {
    vite: /vite\.config/,
    webpack: /webpack/,
    'vue-cli': /vue\.config/,
    nuxt: /nuxi/,
    cdn: /<script src=/,
    'auto-import': /@varlet\/import-resolver/,
  };

  test('get_installation_guide assembles sections of the real guides for every platform', async () => {
    const { tools } = await s.client.listTools();
    const platforms = tools.find((t) => t.name === 'get_installation_guide').inputSchema.properties.platform.enum;
    assert.deepEqual([...platforms].sort(), Object.keys(markers).sort());
    for (const locale of ['en-US', 'zh-CN']) {
      for (const platform of platforms) {
        const result = await ok(s.client, 'get_installation_guide', { platform, locale });
        const { steps, sources } = result.structuredContent;
        assert.ok(steps.length > 0, `${platform} ${locale}`);
        for (const step of steps) {
          const [file, section] = step.source.split('#');
          assert.ok(sources.includes(file));
          assert.ok(file.endsWith(`.${locale}.md`), `${platform}: ${file} is in ${locale}`);
          const text = repoFile(file);
          assert.ok(text.includes(step.markdown), `${platform} ${locale}: step "${step.title}" is verbatim from ${file}`);
          assert.ok(headings(text).some((h) => h.title === section), `${file} has a section ${section}`);
        }
        assert.match(steps.map((st) => st.markdown).join('\n'), markers[platform], `${platform} ${locale}`);
        if (platform !== 'cdn' && platform !== 'nuxt')
          assert.match(steps[0].markdown, /@varlet\/ui/, `${platform}: installing the package comes first`);
      }
    }
  });

  test('ssr adds the server-side rendering set-up; an unknown platform is refused', async () => {
    const plain = await ok(s.client, 'get_installation_guide', { platform: 'vite' });
    const ssr = await ok(s.client, 'get_installation_guide', { platform: 'vite', ssr: true });
    assert.ok(ssr.structuredContent.steps.length > plain.structuredContent.steps.length);
    assert.ok(ssr.structuredContent.steps.some((st) => st.source.startsWith(guidePath('serverSideRendering', 'en-US'))));
    const bad = await call(s.client, 'get_installation_guide', { platform: 'parcel' });
    assert.equal(bad.isError, true);
  });
});

// ---- release notes --------------------------------------------------------------------------

describe('release notes', () => {
  const s = server();
  const all = releases();
  const itemsOf = (body) => body.split('\n').filter((l) => l.startsWith('* '));

  test('the entry of the version by default, every item as in the changelog', async () => {
    const result = await ok(s.client, 'get_release_notes', {});
    const [release] = result.structuredContent.releases;
    assert.equal(result.structuredContent.releases.length, 1);
    assert.equal(release.version, '3.20.6');
    const entry = all.find((r) => r.version === '3.20.6');
    assert.equal(release.date, entry.date);
    const items = release.groups.flatMap((g) => g.items);
    assert.equal(items.length, itemsOf(entry.body).length);
    for (const item of items) assert.ok(entry.body.includes(item.text), item.text);
  });

  test('by version: the changelog of that version', async () => {
    const result = await ok(s.client, 'get_release_notes', { version: '3.0.0' });
    assert.deepEqual(result.structuredContent.releases.map((r) => r.version), ['3.0.0']);
    assert.ok(result._meta.varlet.artifacts.includes('github:varletjs/varlet@v3.0.0/CHANGELOG.md'));
    const entry = releases('3.0.0').find((r) => r.version === '3.0.0');
    const titles = [...entry.body.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(result.structuredContent.releases[0].groups.map((g) => g.title), titles);
  });

  test('by range: every release after `from` up to `to`, newest first', async () => {
    for (const [from, to] of [['3.18.0', '3.20.0'], ['3.0.0', undefined], ['2.0.0', '3.0.1']]) {
      const args = to ? { from, to } : { from };
      const result = await ok(s.client, 'get_release_notes', args);
      const upper = to ?? '3.20.6';
      const expected = all
        .filter((r) => compareVersions(r.version, from) > 0 && compareVersions(r.version, upper) <= 0)
        .map((r) => r.version);
      assert.ok(expected.length > 0);
      const got = result.structuredContent.releases.map((r) => r.version);
      if (result.structuredContent.truncated) assert.deepEqual(got, expected.slice(0, got.length), JSON.stringify(args));
      else assert.deepEqual(got, expected, JSON.stringify(args));
    }
  });

  test('by component: only the items about it, and every release scoped to it', async () => {
    const result = await ok(s.client, 'get_release_notes', { from: '2.0.0', component: 'var-button' });
    const got = result.structuredContent.releases;
    for (const r of got)
      for (const item of r.groups.flatMap((g) => g.items))
        assert.ok(item.scopes.includes('button') || /button/i.test(item.text), `${r.version}: ${item.text}`);
    const scoped = all.filter((r) => /^\* \*\*(?:[^*]*,\s*)?button(?:,[^*]*)?:\*\*/im.test(r.body)).map((r) => r.version);
    assert.ok(scoped.length > 0);
    for (const v of scoped) assert.ok(got.some((r) => r.version === v), `release ${v} has a button item`);
    assert.ok(!textOf(result).includes('button-group'), 'button-group items are not button items');
  });

  test('a range past the changelog is explained', async () => {
    const result = await call(s.client, 'get_release_notes', { from: '3.20.6', to: '9.0.0' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /3\.20\.6/);
  });
});

// ---- search and find_components ---------------------------------------------------------------

describe('search over kinds and find_components', () => {
  const s = server(['--docs.search-reads-docs=true']);

  test('components in English and in Chinese (zh-CN locale)', async () => {
    for (const [query, locale, expected] of [
      ['a pull-down refresh', 'en-US', 'pull-refresh'],
      ['bottom sheet with a list of actions', 'en-US', 'action-sheet'],
      ['下拉刷新', 'zh-CN', 'pull-refresh'],
      ['动作面板', 'zh-CN', 'action-sheet'],
      ['下拉刷新', 'en-US', 'pull-refresh'],  // the site menu's titles carry both languages
    ]) {
      assert.ok(kebabs().includes(expected));
      const { results } = (await ok(s.client, 'search', { query, locale, kinds: ['component'], limit: 3 })).structuredContent;
      assert.ok(results.every((r) => r.kind === 'component'));
      assert.ok(results.some((r) => r.component === expected), `${query}: ${results.map((r) => r.name)}`);
    }
  });

  test('props and events found are real members of their components', async () => {
    const tags = new Map(webTypes().map((t) => [t.name.slice(4), t]));
    const props = (await ok(s.client, 'search', { query: 'loading', kinds: ['prop'], limit: 10 })).structuredContent.results;
    assert.ok(props.length > 0);
    for (const r of props) {
      assert.equal(r.kind, 'prop');
      assert.ok(tags.get(r.component)?.attributes?.some((a) => a.name === r.name), `${r.component} has prop ${r.name}`);
    }
    const events = (await ok(s.client, 'search', { query: 'close', kinds: ['event'], limit: 10 })).structuredContent.results;
    assert.ok(events.length > 0);
    for (const r of events) {
      assert.equal(r.kind, 'event');
      assert.ok(tags.get(r.component)?.events?.some((e) => e.name === r.name), `${r.component} emits ${r.name}`);
    }
  });

  test('guides and examples from the docs', async () => {
    const names = guideItems().map((g) => g.doc);
    const guides = (await ok(s.client, 'search', { query: 'server side rendering with nuxt', kinds: ['guide'] })).structuredContent;
    assert.ok(guides.indexed.docsPages > 0);
    assert.equal(guides.results[0].name, 'serverSideRendering');
    assert.ok(guides.results.every((r) => r.kind === 'guide' && names.includes(r.name)));
    const zh = (await ok(s.client, 'search', { query: guideItems().find((g) => g.doc === 'quickstart').zh, locale: 'zh-CN', kinds: ['guide'] })).structuredContent;
    assert.equal(zh.results[0].name, 'quickstart');

    const examples = (await ok(s.client, 'search', { query: 'tonal button', kinds: ['example'], limit: 3 })).structuredContent.results;
    const tonal = exampleTitles(repoFile(componentPath('button', 'en-US'))).find((t) => /tonal/i.test(t));
    assert.equal(examples[0].kind, 'example');
    assert.equal(examples[0].name, tonal);
    assert.equal(examples[0].component, 'button');
  });

  test('examples found belong to the page they come from', async () => {
    // The snackbar page's function-call examples use <var-button> and <var-space> to trigger Snackbar.
    const page = repoFile(componentPath('snackbar', 'en-US'));
    const results = (await ok(s.client, 'search', { query: 'snackbar', kinds: ['example'], limit: 20 })).structuredContent.results;
    const fromPage = results.filter((r) => exampleTitles(page).includes(r.name) && !exampleTitles(repoFile(componentPath('button', 'en-US'))).includes(r.name));
    assert.ok(fromPage.length > 0);
    for (const r of fromPage) assert.equal(r.component, 'snackbar', `${r.name} is a snackbar example`);
  });

  const having = (kind, name) =>
    webTypes().filter((t) => (t[kind] ?? []).some((m) => m.name === name)).map((t) => t.name).sort();

  test('find_components: which components have a loading prop, a close event, an extra slot', async () => {
    for (const [args, expected] of [
      [{ prop: 'loading' }, having('attributes', 'loading')],
      [{ event: 'close' }, having('events', 'close')],
      [{ event: '@close' }, having('events', 'close')],
      [{ slot: '#extra' }, having('slots', 'extra')],
      [{ prop: 'v-model:show', event: 'onClose' },
       having('attributes', 'show').filter((t) => having('events', 'close').includes(t))],
    ]) {
      assert.ok(expected.length > 0);
      const sc = (await ok(s.client, 'find_components', args)).structuredContent;
      assert.deepEqual(sc.components.map((c) => c.tag).sort(), expected, JSON.stringify(args));
      assert.equal(sc.count, expected.length);
    }
  });

  test('find_components called: every library name of the vocabulary finds exactly the components its rows name', async () => {
    // The table read here, on its own: TAB-separated rows component, term, lang, source, reference.
    const rows = fs.readFileSync(path.join(ROOT, 'catalog', 'search', 'vocabulary.tsv'), 'utf8').split('\n')
      .filter((l) => l.startsWith('var-')).map((l) => l.split('\t'));
    const key = (term) => term.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    const own = new Map(kebabs().map((k) => [key(k), `var-${k}`]));
    // Varlet's own name, also behind another library's tag prefix ("QMenu" is q-menu: menu).
    const ownOf = (term) => own.get(key(term)) ?? own.get(key(term.replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase().replace(/^(van|el|n|a|q|v|var)-/, '')));
    const terms = [...new Set(rows.filter((r) => r[3] !== 'common').map((r) => r[1]))];
    assert.ok(terms.length > 200, `${terms.length} library terms`);
    for (const term of terms) {
      const expected = new Set(rows.filter((r) => key(r[1]) === key(term)).map((r) => r[0]));
      if (ownOf(term)) expected.add(ownOf(term));
      const sc = (await ok(s.client, 'find_components', { called: term })).structuredContent;
      assert.deepEqual(sc.components.map((c) => c.tag).sort(), [...expected].sort(), term);
      for (const c of sc.components) assert.equal(c.matches[0].kind, 'alias', term);
    }
  });

  test('find_components: no match is said plainly, no criterion is an error', async () => {
    const none = await ok(s.client, 'find_components', { prop: 'no-such-prop-anywhere' });
    assert.equal(none.structuredContent.count, 0);
    assert.match(textOf(none), /No Varlet/);
    const nothing = await call(s.client, 'find_components', {});
    assert.equal(nothing.isError, true);
  });
});

// ---- prompts and completion -----------------------------------------------------------------

describe('prompts and completion', () => {
  const s = server();

  async function embedded(result) {
    const resources = result.messages.filter((m) => m.content.type === 'resource').map((m) => m.content.resource);
    for (const r of resources) {
      const read = await s.client.readResource({ uri: r.uri });
      assert.equal(r.text, read.contents[0].text, `${r.uri} embeds the resource's text`);
    }
    return resources.map((r) => r.uri);
  }

  test('the seven prompts are listed with their arguments', async () => {
    const { prompts } = await s.client.listPrompts();
    const ours = prompts.filter((p) => !p.name.startsWith('test_'));
    assert.deepEqual(ours.map((p) => p.name).sort(),
                     ['component_usage', 'layout_design', 'migrate_from_library', 'optimize_performance', 'set_up_project',
                      'troubleshoot_component', 'validate_template']);
    for (const p of ours) {
      assert.ok(p.description);
      assert.ok(p.arguments.some((a) => a.name === 'version'));
    }
  });

  test('component_usage embeds the component API and names the tools', async () => {
    const result = await s.client.getPrompt({ name: 'component_usage', arguments: { component: 'PullRefresh', scenario: 'reload a feed' } });
    assert.match(result.messages[0].content.text, /get_component_examples/);
    assert.match(result.messages[0].content.text, /reload a feed/);
    assert.deepEqual(await embedded(result), ['varlet://components/pull-refresh']);
    const api = result.messages[1].content.resource.text;
    const tag = webTypes().find((t) => t.name === 'var-pull-refresh');
    for (const a of tag.attributes) assert.ok(api.includes('`' + a.name + '`'), `embedded API lists prop ${a.name}`);
  });

  test('troubleshoot_component, layout_design, migrate_from_library and optimize_performance', async () => {
    const trouble = await s.client.getPrompt({ name: 'troubleshoot_component', arguments: { component: 'var-snackbar', problem: 'it closes at once' } });
    assert.match(trouble.messages[0].content.text, /it closes at once/);
    assert.match(trouble.messages[0].content.text, /diff_versions/);
    assert.deepEqual(await embedded(trouble), ['varlet://components/snackbar']);

    const layout = await s.client.getPrompt({ name: 'layout_design', arguments: { description: 'a feed you pull down to refresh', components: 'app-bar' } });
    const layoutUris = await embedded(layout);
    assert.equal(layoutUris[0], 'varlet://components/app-bar');
    assert.ok(layoutUris.includes('varlet://components/pull-refresh'), layoutUris.join(' '));
    assert.ok(layoutUris.length <= 4);
    const parts = await s.client.getPrompt({ name: 'layout_design', arguments: { description: 'a settings page with switches and a pull-down refresh' } });
    const partUris = await embedded(parts);
    for (const kebab of ['switch', 'pull-refresh']) {
      assert.ok(kebabs().includes(kebab));
      assert.ok(partUris.includes(`varlet://components/${kebab}`), `${kebab} in ${partUris.join(' ')}`);
    }

    const migrate = await s.client.getPrompt({ name: 'migrate_from_library', arguments: { library: 'vant', component: 'van-pull-refresh' } });
    assert.match(migrate.messages[0].content.text, /vant/);
    assert.ok((await embedded(migrate)).includes('varlet://components/pull-refresh'));

    const perf = await s.client.getPrompt({ name: 'optimize_performance', arguments: { concern: 'bundle size', components: 'list, image' } });
    assert.match(perf.messages[0].content.text, /importOnDemand|auto-import/);
    assert.deepEqual(await embedded(perf), ['varlet://components/list', 'varlet://components/image']);
  });

  test('prompts take version and locale', async () => {
    const zh = await s.client.getPrompt({ name: 'component_usage', arguments: { component: 'button', locale: 'zh-CN', version: '3.0.0' } });
    assert.match(zh.messages[0].content.text, /3\.0\.0/);
    const api = zh.messages[1].content.resource.text;
    assert.match(api, /3\.0\.0, zh-CN/);
    const old = webTypes('zh-CN', '3.0.0').find((t) => t.name === 'var-button');
    const now = webTypes('zh-CN').find((t) => t.name === 'var-button');
    for (const a of old.attributes) assert.ok(api.includes('`' + a.name + '`'), a.name);
    const added = now.attributes.map((a) => a.name).filter((n) => !old.attributes.some((a) => a.name === n));
    assert.ok(added.length > 0);
    for (const n of added) assert.ok(!api.includes('`' + n + '`'), `3.0.0 has no ${n}`);
  });

  test('bad prompt arguments are invalid params', async () => {
    for (const request of [
      { name: 'component_usage', arguments: { component: 'no-such-thing' } },
      { name: 'component_usage', arguments: {} },
      { name: 'troubleshoot_component', arguments: { component: 'button' } },
      { name: 'layout_design', arguments: { description: 'x', components: 'button, nope' } },
    ]) {
      const e = await promptError(s.client, request);
      assert.equal(e.code, -32602, JSON.stringify(request));
    }
  });

  const complete = async (prompt, name, value) =>
    (await s.client.complete({ ref: { type: 'ref/prompt', name: prompt }, argument: { name, value } })).completion;

  test('completion of components, versions, locales, libraries', async () => {
    const pulls = await complete('component_usage', 'component', 'pull');
    assert.deepEqual(pulls.values, kebabs().filter((k) => k.startsWith('pull')));
    const all = await complete('troubleshoot_component', 'component', '');
    assert.equal(all.total, kebabs().length);
    const list = await complete('layout_design', 'components', 'button, sw');
    assert.deepEqual(list.values.filter((v) => v.startsWith('sw')), kebabs().filter((k) => k.startsWith('sw')));

    const local = fs.readdirSync(path.join(PACKAGE_DIR, '@varlet')).filter((d) => d.startsWith('ui@')).map((d) => d.slice(3));
    const versions = await complete('component_usage', 'version', '3.');
    for (const v of local) assert.ok(versions.values.includes(v), `version ${v} is offered`);
    assert.ok(versions.values.every((v) => v.startsWith('3.')));
    assert.ok((await complete('component_usage', 'version', 'lat')).values.includes('latest'));

    assert.deepEqual((await complete('component_usage', 'locale', 'zh')).values, ['zh-CN']);
    assert.ok((await complete('migrate_from_library', 'library', 'va')).values.includes('vant'));
  });

  test('completion of guide names and platforms', async () => {
    const guides = guideItems().map((g) => g.doc);
    const g = await complete('set_up_project', 'guide', '');
    assert.deepEqual(g.values, guides);
    assert.deepEqual((await complete('set_up_project', 'guide', 'quick')).values, guides.filter((n) => n.startsWith('quick')));
    const { tools } = await s.client.listTools();
    const platforms = tools.find((t) => t.name === 'get_installation_guide').inputSchema.properties.platform.enum;
    assert.deepEqual((await complete('set_up_project', 'platform', 'v')).values.sort(), platforms.filter((p) => p.startsWith('v')).sort());
    // Only a prompt's own arguments complete; a prompt the server lacks has no values.
    assert.deepEqual((await complete('component_usage', 'platform', 'v')).values, []);
    assert.deepEqual((await complete('no_such_prompt', 'component', 'but')).values, []);
  });
});

// ---- offline -------------------------------------------------------------------------------

describe('without the GitHub upstream and no cached copy', () => {
  let session;
  before(async () => {
    session = await connectStdio({
      args: [`--upstream.npm-base=${DEAD}/npm`, `--upstream.github-base=${DEAD}/gh`,
             `--upstream.versions-api=${DEAD}/v1/packages/npm/@varlet/ui`, `--upstream.package-dir=${PACKAGE_DIR}`],
    });
  });
  after(async () => {
    await session?.close();
  });

  test('every docs tool says plainly that the docs need the upstream', async () => {
    for (const [name, args] of [
      ['get_component_docs', { name: 'button' }],
      ['get_component_examples', { name: 'button' }],
      ['list_guides', {}],
      ['get_guide', { name: 'quickstart' }],
      ['get_installation_guide', { platform: 'vite' }],
      ['get_release_notes', {}],
    ]) {
      const result = await call(session.client, name, args);
      assert.equal(result.isError, true, name);
      assert.match(textOf(result), /documentation needs the GitHub upstream/, name);
      assert.match(textOf(result), /no cached copy/, name);
    }
  });

  test('search and find_components still answer from the package', async () => {
    const found = await ok(session.client, 'search', { query: 'pull to refresh', kinds: ['component'], limit: 3 });
    assert.ok(found.structuredContent.results.some((r) => r.component === 'pull-refresh'));
    const sc = (await ok(session.client, 'find_components', { prop: 'loading' })).structuredContent;
    assert.ok(sc.count > 0);
  });

  test('a question in the other language than the locale still finds its component', async () => {
    for (const [query, locale] of [['下拉刷新', 'en-US'], ['pull to refresh', 'zh-CN']]) {
      const { results } = (await ok(session.client, 'search', { query, locale, kinds: ['component'], limit: 3 })).structuredContent;
      assert.ok(results.some((r) => r.component === 'pull-refresh'), `${query} (${locale}): ${results.map((r) => r.name)}`);
    }
  });
});

// ---- the API completed from the docs (docs.merge-into-api) ---------------------------------

describe('get_component_api with the docs merged in', () => {
  let upstream;
  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(async () => upstream?.stop());

  const rowNames = (markdown, heading) => {
    const text = sectionText(markdown, heading) ?? '';
    return [...text.matchAll(/^\|\s*`([^`]+)`/gm)].map((m) => m[1]);
  };

  test('names stay the package ones; the page adds its marks and its disagreements are listed', async () => {
    const s = await connectStdio({ args: [...upstreamFlags(upstream, { packageDir: PACKAGE_DIR }), '--docs.merge-into-api=true'] });
    try {
      const result = await s.client.callTool({ name: 'get_component_api', arguments: { name: 'input' } });
      const { component, docsDisagreements } = result.structuredContent;
      const tag = webTypes().find((t) => t.name === 'var-input');
      // The public props are web-types' (the runtime's internal ones follow, marked not public).
      assert.deepEqual(component.props.filter((p) => p.public).map((p) => p.name), tag.attributes.map((a) => a.name));
      assert.ok(result._meta.varlet.artifacts.includes(`github:varletjs/varlet@v3.20.6/${componentPath('input', 'en-US')}`));
      // Every prop the page lists that the package lacks, and every one the package has that the page
      // lacks, is reported.
      const page = repoFile(componentPath('input', 'en-US'));
      const documented = rowNames(page, 'Props');
      assert.ok(documented.length > 0, 'the fixture has a props table');
      for (const name of documented.filter((n) => !tag.attributes.some((a) => a.name === n)))
        assert.ok(docsDisagreements.some((d) => d.includes(`prop \`${name}\``)), `docs-only prop ${name} reported`);
      for (const a of tag.attributes.filter((a) => !documented.includes(a.name)))
        assert.ok(docsDisagreements.some((d) => d.includes(`prop \`${a.name}\``)), `package-only prop ${a.name} reported`);
      const marked = /^\|\s*`([^`]+)`\s*\*\*\*([\d.]+)\*\*\*/m.exec(sectionText(page, 'Props'));
      assert.ok(marked, 'the fixture has a since mark');
      const prop = component.props.find((p) => p.name === marked[1]);
      assert.match(prop.description, new RegExp(`since ${marked[2].replaceAll('.', '\\.')}`));
    } finally {
      await s.close();
    }
  });

  test('without the GitHub upstream the answer comes from the package and says why', async () => {
    const s = await connectStdio({ args: [`--upstream.github-base=${DEAD}/gh`, `--upstream.package-dir=${PACKAGE_DIR}`, '--docs.merge-into-api=true'] });
    try {
      const result = await s.client.callTool({ name: 'get_component_api', arguments: { name: 'input' } });
      assert.notEqual(result.isError, true);
      assert.match(result._meta.varlet.docsUnavailable, /GitHub upstream/);
      assert.equal(result.structuredContent.docsDisagreements, undefined);
      const tag = webTypes().find((t) => t.name === 'var-input');
      const publicProps = result.structuredContent.component.props.filter((p) => p.public);
      assert.deepEqual(publicProps.map((p) => p.name), tag.attributes.map((a) => a.name));
    } finally {
      await s.close();
    }
  });
});
