// Fault rules: which requests misbehave and how.
//
// A rule: { path?: "substring", pathRegex?: "regex source", fault, ms?, status?, headers?, count? }
//   fault: "slow" (wait ms, then answer normally), "status" (answer `status`, default 500),
//          "reset" (headers and part of the body, then the connection is reset),
//          "truncate" (full Content-Length declared, half the body sent, connection closed),
//          "invalid-json" (200 application/json whose body is not JSON), "hang" (never answer).
//   ms delays any fault before it acts; count limits how many matching requests it hits
//   (absent: every one). The first matching rule with hits left applies. Matching is on the
//   request target (path and query).

export const FAULT_KINDS = ['slow', 'status', 'reset', 'truncate', 'invalid-json', 'hang'];

export function compileRules(rules) {
  if (!Array.isArray(rules)) throw new Error('fault rules must be an array');
  return rules.map((rule, i) => {
    if (!rule || typeof rule !== 'object') throw new Error(`fault rule ${i} is not an object`);
    if (!FAULT_KINDS.includes(rule.fault))
      throw new Error(`fault rule ${i}: fault must be one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(rule.fault)}`);
    if (rule.path === undefined && rule.pathRegex === undefined)
      throw new Error(`fault rule ${i}: give path (substring) or pathRegex`);
    if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count > 0))
      throw new Error(`fault rule ${i}: count must be a positive integer`);
    const regex = rule.pathRegex !== undefined ? new RegExp(rule.pathRegex) : null;
    return {
      ...rule,
      matches: (target) => (regex ? regex.test(target) : target.includes(rule.path)),
      remaining: rule.count ?? Infinity,
      hits: 0,
    };
  });
}

/** The rule that applies to this request target, consuming one of its hits; or null. */
export function takeFault(compiled, target) {
  const rule = compiled.find((r) => r.remaining > 0 && r.matches(target));
  if (!rule) return null;
  rule.remaining -= 1;
  rule.hits += 1;
  return rule;
}

export function describeRules(compiled) {
  return compiled.map(({ matches, remaining, ...rule }) => ({
    ...rule,
    remaining: remaining === Infinity ? null : remaining,
  }));
}
