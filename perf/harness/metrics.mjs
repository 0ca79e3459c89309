// Cache counters from varlet-mcp's GET /admin/metrics JSON snapshot, when the binary serves one.
// Any object of the snapshot that carries numeric l1_hits counts, with its l2_hits and misses; an
// object's `kind` (the resource kind of a shard group) keys the breakdown.
export async function cacheCounters(client) {
  const snapshot = await client.getJson('/admin/metrics');
  if (!snapshot) return undefined;
  const byKind = {};
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.l1_hits === 'number') {
      const kind = String(node.kind ?? 'all');
      const totals = (byKind[kind] ??= { l1_hits: 0, l2_hits: 0, misses: 0 });
      totals.l1_hits += node.l1_hits;
      totals.l2_hits += Number(node.l2_hits ?? 0);
      totals.misses += Number(node.misses ?? 0);
      return;
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(snapshot);
  return Object.keys(byKind).length ? byKind : undefined;
}

const rate = (l1, lookups) => (lookups > 0 ? l1 / lookups : null);

// L1 hits over all lookups between two snapshots, overall and per kind.
export function hitRates(before, after) {
  if (!before || !after) return undefined;
  const kinds = {};
  let l1 = 0;
  let lookups = 0;
  for (const [kind, now] of Object.entries(after)) {
    const then = before[kind] ?? { l1_hits: 0, l2_hits: 0, misses: 0 };
    const hits = now.l1_hits - then.l1_hits;
    const total = hits + (now.l2_hits - then.l2_hits) + (now.misses - then.misses);
    kinds[kind] = rate(hits, total);
    l1 += hits;
    lookups += total;
  }
  return { overall: rate(l1, lookups), lookups, kinds };
}
