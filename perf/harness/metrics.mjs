// Cache counters from varlet-mcp's GET /admin/metrics JSON snapshot: `caches` maps each resource
// kind (package_file, catalog, rendered, ...) to its shard group's l1Hits, l2Hits and misses.
export async function cacheCounters(client) {
  const snapshot = await client.getJson('/admin/metrics');
  const caches = snapshot?.caches;
  if (!caches || typeof caches !== 'object') return undefined;
  const byKind = {};
  for (const [kind, group] of Object.entries(caches)) {
    if (typeof group?.l1Hits !== 'number') continue;
    byKind[kind] = { l1_hits: group.l1Hits, l2_hits: Number(group.l2Hits ?? 0), misses: Number(group.misses ?? 0) };
  }
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
