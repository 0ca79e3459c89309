// The peer's knowledge: @varlet/ui web-types (tags with attributes, events, slots) read from the
// package folder in CDN layout, <package-dir>/@varlet/ui@<version>/highlight/web-types.<locale>.json.
import fs from 'node:fs';
import path from 'node:path';

export const LOCALES = ['en-US', 'zh-CN'];

// "Button", "VarButton", "var-button" and "button" all name the tag var-button.
export function tagOf(name) {
  const kebab = String(name).trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  return kebab.startsWith('var-') ? kebab : `var-${kebab}`;
}

function loadComponents(file) {
  const webTypes = JSON.parse(fs.readFileSync(file, 'utf8'));
  const components = new Map();
  for (const tag of webTypes?.contributions?.html?.tags ?? []) {
    components.set(tag.name, {
      props: (tag.attributes ?? []).map((a) => ({
        name: a.name,
        type: a.value?.type ?? '',
        default: a.default ?? '',
        description: a.description ?? '',
      })),
      events: (tag.events ?? []).map((e) => ({ name: e.name, description: e.description ?? '' })),
      slots: (tag.slots ?? []).map((s) => ({ name: s.name, description: s.description ?? '' })),
    });
  }
  return components;
}

export class Catalog {
  constructor(packageDir, defaultVersion, defaultLocale) {
    this.packageDir = packageDir;
    this.defaultVersion = defaultVersion;
    this.defaultLocale = defaultLocale;
    this.loaded = new Map();
    this.components(defaultVersion, defaultLocale);
  }

  // The components of one (version, locale), read on first use and kept.
  components(version, locale) {
    const key = `${version}/${locale}`;
    if (!this.loaded.has(key)) {
      const file = path.join(this.packageDir, `@varlet/ui@${version}`, 'highlight', `web-types.${locale}.json`);
      this.loaded.set(key, loadComponents(file));
    }
    return this.loaded.get(key);
  }
}
