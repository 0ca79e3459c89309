#pragma once
// What every 2026-07-28 result carries and legacy results do not: resultType, the server's
// identity in _meta, and on cacheable results the cache hints ttlMs and cacheScope.
#include "mcp/compression/spliceable.hpp"
#include "mcp/json.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::mcp {

struct CacheHint {
  std::int64_t ttl_ms;
  std::string_view scope;  // "public": nothing in the answer depends on who asked
};

// Every cache hint the server gives, in one place.
// An answer about a concrete, pinned Varlet version never changes: a day (longer buys clients
// nothing and outlives server upgrades), shareable.
inline constexpr CacheHint pinned_answer_hint{24 * 60 * 60 * 1000, "public"};
// Anything that can change and whose next change is not known: version lists and the server's
// own lists and capabilities (which move when it is upgraded): five minutes, shareable. An answer
// over a tag such as latest carries what is left of the tag's resolution instead.
inline constexpr CacheHint changing_answer_hint{5 * 60 * 1000, "public"};

// The hint a result of `method` carries, or nothing for methods whose results are not cacheable.
// `ttl_ms`: how long the answer stays true, when the application knows (an answer about a concrete
// version: for good; over a tag: what is left of the tag's resolution).
std::optional<CacheHint> cache_hint(std::string_view method, std::optional<std::int64_t> ttl_ms);

// The server's identity as every modern result names it, serialized once:
// "io.modelcontextprotocol/serverInfo":{name, title, version, websiteUrl?}.
struct ServerIdentity {
  explicit ServerIdentity(json::object info);
  json::object info;
  std::string meta_member;
};

// A legacy result made modern: resultType "complete", the server's identity in _meta (beside the
// result's own _meta members) and the method's cache hint (none for an input_required result).
// A hot answer is one shared string of kilobytes that many requests return, so the form does not
// copy it: `head` holds the new members, which go in front of the result's own after its opening
// brace, and the identity goes first inside the result's own _meta when it has one (at `meta_at`
// in `body`). A result that cannot take them in place is rewritten whole into `body`, with an
// empty head.
struct ModernForm {
  std::string head;
  std::shared_ptr<const std::string> body;
  std::size_t meta_at = std::string::npos;  // just after the '{' of the result's own _meta
  std::shared_ptr<const ServerIdentity> server;
  std::optional<CacheHint> hint;
  std::string etag;  // of a result with a hint: a weak HTTP entity tag, W/"<hex>"
};
ModernForm modern_form(const std::shared_ptr<const std::string>& result, std::string_view method,
                       std::shared_ptr<const ServerIdentity> server, std::optional<std::int64_t> ttl_ms);
// The form as one string, and as the response {"jsonrpc":"2.0","id":...,"result":...}; `spans`,
// when given, gets where the response repeats stretches of form.body.
std::string modern_result(const ModernForm& form);
std::string encode_modern_result(const json::value& id, const ModernForm& form,
                                 std::vector<compression::Span>* spans = nullptr);
// Where the modern form of `result` puts bytes of its own into it (after its opening brace, at its
// own _meta); none when the form rewrites it whole. A cached result's gzip form is cut there.
std::vector<std::size_t> splice_points(const std::shared_ptr<const std::string>& result);

}  // namespace varlet::mcp
