// Just enough of npm's semver for the fake versions API: parse, order, and test npm ranges
// (x-ranges, ^, ~, comparators, hyphen ranges, ||), with npm's prerelease rule.

const FULL = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*])(?:\.(\d+|[xX*])(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?)?)?$/;

export function parseVersion(text) {
  const m = FULL.exec(String(text).trim());
  if (!m) return null;
  return { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] ? m[4].split('.') : [] };
}

function compareIdentifiers(a, b) {
  const an = /^\d+$/.test(a), bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareParsed(a, b) {
  for (const key of ['major', 'minor', 'patch']) if (a[key] !== b[key]) return Math.sign(a[key] - b[key]);
  if (!a.pre.length || !b.pre.length) return (b.pre.length ? 1 : 0) - (a.pre.length ? 1 : 0);
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    if (i >= a.pre.length) return -1;
    if (i >= b.pre.length) return 1;
    const c = compareIdentifiers(a.pre[i], b.pre[i]);
    if (c) return c;
  }
  return 0;
}

export function compareVersions(a, b) {
  return compareParsed(parseVersion(a), parseVersion(b));
}

/** Valid versions, newest first, without duplicates. */
export function sortNewestFirst(versions) {
  const valid = [...new Set(versions)].filter((v) => parseVersion(v));
  return valid.sort((a, b) => compareVersions(b, a));
}

export function isPrerelease(version) {
  return parseVersion(version)?.pre.length > 0;
}

const version = (major, minor, patch, pre = []) => ({ major, minor, patch, pre });
const LOWEST_PRE = ['0'];
const ANY = [{ op: '>=', v: version(0, 0, 0) }];

function parsePartial(text) {
  const m = PARTIAL.exec(text);
  if (!m) return null;
  const num = (s) => (s === undefined || /^[xX*]$/.test(s) ? null : Number(s));
  return { major: num(m[1]), minor: num(m[2]), patch: num(m[3]), pre: m[4] ? m[4].split('.') : [] };
}

// One token such as "^3.2", ">=1.2", "~1", "3.x" → comparators {op, v}.
function comparatorsOf(token) {
  const m = /^(<=|>=|<|>|=|\^|~>?)?(.*)$/.exec(token);
  const op = m[1] || '';
  const p = parsePartial(m[2] || '*');
  if (!p) return null;
  const { major: M, minor: mi, patch: pa, pre } = p;
  if (M === null) return op === '<' || op === '>' ? [] : ANY;
  const lower = version(M, mi ?? 0, pa ?? 0, pa === null ? [] : pre);
  const nextMajor = version(M + 1, 0, 0, LOWEST_PRE);
  const nextMinor = version(M, (mi ?? 0) + 1, 0, LOWEST_PRE);
  switch (op) {
    case '':
    case '=':
      if (mi === null) return [{ op: '>=', v: lower }, { op: '<', v: nextMajor }];
      if (pa === null) return [{ op: '>=', v: lower }, { op: '<', v: nextMinor }];
      return [{ op: '=', v: lower }];
    case '^': {
      let upper;
      if (M > 0 || mi === null) upper = nextMajor;
      else if (mi > 0 || pa === null) upper = nextMinor;
      else upper = version(0, 0, pa + 1, LOWEST_PRE);
      return [{ op: '>=', v: lower }, { op: '<', v: upper }];
    }
    case '~':
    case '~>':
      return [{ op: '>=', v: lower }, { op: '<', v: mi === null ? nextMajor : nextMinor }];
    case '>=':
      return [{ op: '>=', v: lower }];
    case '<':
      return [{ op: '<', v: pa === null ? version(M, mi ?? 0, 0, LOWEST_PRE) : lower }];
    case '>':
      if (mi === null) return [{ op: '>=', v: version(M + 1, 0, 0) }];
      if (pa === null) return [{ op: '>=', v: version(M, mi + 1, 0) }];
      return [{ op: '>', v: lower }];
    case '<=':
      if (mi === null) return [{ op: '<', v: nextMajor }];
      if (pa === null) return [{ op: '<', v: nextMinor }];
      return [{ op: '<=', v: lower }];
  }
  return null;
}

function hyphenRange(from, to) {
  const a = parsePartial(from), b = parsePartial(to);
  if (!a || !b) return null;
  const lower = a.major === null ? ANY : [{ op: '>=', v: version(a.major, a.minor ?? 0, a.patch ?? 0, a.pre) }];
  const upper = b.major === null ? [] : comparatorsOf(`<=${to}`);
  return [...lower, ...upper];
}

/** An npm range as a list of comparator sets (any set may match), or null when it is not a range. */
export function parseRange(text) {
  const sets = [];
  for (const part of String(text).split('||')) {
    const trimmed = part.trim().replace(/(<=|>=|<|>|=|\^|~>?)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(trimmed);
    let set;
    if (hyphen) set = hyphenRange(hyphen[1], hyphen[2]);
    else if (trimmed === '') set = ANY;
    else {
      set = [];
      for (const token of trimmed.split(/\s+/)) {
        const comparators = comparatorsOf(token);
        if (!comparators) return null;
        set.push(...comparators);
      }
    }
    if (!set) return null;
    sets.push(set);
  }
  return sets;
}

function test(comparator, v) {
  const c = compareParsed(v, comparator.v);
  return { '=': c === 0, '>': c > 0, '>=': c >= 0, '<': c < 0, '<=': c <= 0 }[comparator.op];
}

const sameTuple = (a, b) => a.major === b.major && a.minor === b.minor && a.patch === b.patch;

export function satisfies(versionText, rangeText, { includePrerelease = false } = {}) {
  const v = parseVersion(versionText);
  const sets = parseRange(rangeText);
  if (!v || !sets) return false;
  return sets.some((set) => {
    if (!set.every((c) => test(c, v))) return false;
    if (!v.pre.length || includePrerelease) return true;
    // npm: a prerelease only matches a range that names a prerelease of the same major.minor.patch.
    return set.some((c) => c.v.pre.length && c.v.pre !== LOWEST_PRE && sameTuple(c.v, v));
  });
}

/**
 * jsDelivr's resolution of a specifier over {tags, versions}: an exact listed version, then a tag,
 * then the newest match of the range (stable versions before prereleases); null when nothing matches.
 */
export function resolveSpecifier({ tags, versions }, specifier = 'latest') {
  const tag = specifier === '*' ? 'latest' : specifier;
  if (versions.includes(specifier)) return specifier;
  if (Object.hasOwn(tags, tag) && versions.includes(tags[tag])) return tags[tag];
  const range = tag === 'latest' ? '' : specifier;
  const matched = versions
    .filter((v) => satisfies(v, range, { includePrerelease: !range }))
    .sort((a, b) => isPrerelease(a) - isPrerelease(b) || compareVersions(b, a));
  return matched[0] ?? null;
}
