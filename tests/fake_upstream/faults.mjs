// Fault rules: which requests misbehave and how.
//
// A rule: { path?: "substring", pathRegex?: "regex source", fault, ms?, status?, headers?, count?,
//           bytes?, location? }
//   fault: "slow" (wait ms, then answer normally), "status" (answer `status`, default 500),
//          "reset" (headers and part of the body, then the connection is reset),
//          "truncate" (full Content-Length declared, half the body sent, connection closed),
//          "invalid-json" (200 application/json whose body is not JSON), "hang" (never answer),
//          "huge" (200 with a body of `bytes`, default 64 MiB, streamed without a Content-Length),
//          "gzip-bomb" (200, Content-Encoding: gzip, a small body that inflates to `bytes` zeros,
//            default 256 MiB), "drip" (the real answer, one byte every `ms`, default 1000),
//          "redirect" (`status` 301/302/303/307/308, default 302, to `location`, default
//            file:///etc/passwd), "redirect-loop" (302 to the request's own URL, forever).
//   ms delays any other fault before it acts; count limits how many matching requests it hits
//   (absent: every one). The first matching rule with hits left applies. Matching is on the
//   request target (path and query).

export const FAULT_KINDS = ['slow', 'status', 'reset', 'truncate', 'invalid-json', 'hang', 'huge', 'gzip-bomb', 'drip',
  'redirect', 'redirect-loop'];
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

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
    if (rule.bytes !== undefined && !(Number.isSafeInteger(rule.bytes) && rule.bytes > 0))
      throw new Error(`fault rule ${i}: bytes must be a positive integer`);
    if (rule.fault === 'redirect' && rule.status !== undefined && !REDIRECT_STATUSES.includes(rule.status))
      throw new Error(`fault rule ${i}: a redirect's status must be one of ${REDIRECT_STATUSES.join(', ')}`);
    if (rule.location !== undefined && typeof rule.location !== 'string')
      throw new Error(`fault rule ${i}: location must be a string`);
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
