#pragma once
// What every 2026-07-28 result carries and legacy results do not: resultType, the server's
// identity in _meta, and on cacheable results the cache hints ttlMs and cacheScope.
#include "mcp/json.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace varlet::mcp {

struct CacheHint {
  std::int64_t ttl_ms;
  std::string_view scope;  // "public": nothing in the answer depends on who asked
};

// Every cache hint the server gives, in one place.
// An answer about a concrete, pinned Varlet version never changes: a day, shareable.
inline constexpr CacheHint pinned_answer_hint{24 * 60 * 60 * 1000, "public"};
// Anything that can change: version lists, answers for a tag such as latest (which moves when
// Varlet publishes), and the server's own lists and capabilities (which move when it is
// upgraded): five minutes, shareable.
inline constexpr CacheHint changing_answer_hint{5 * 60 * 1000, "public"};

// The hint a result of `method` carries, or nothing for methods whose results are not cacheable.
// `pinned`: the answer is about a concrete version.
std::optional<CacheHint> cache_hint(std::string_view method, bool pinned);

// A legacy result made modern: resultType "complete", _meta[io.modelcontextprotocol/serverInfo]
// (beside any _meta the result already has) and the method's cache hint (none for an
// input_required result). A hot answer is one shared string of kilobytes that many requests
// return, so the form does not copy it: `head` holds the new members, which go in front of the
// result's own after its opening brace. A result with members of its own to merge (_meta) is
// rewritten whole into `body`, with an empty head.
struct ModernForm {
  std::string head;
  std::shared_ptr<const std::string> body;
  std::optional<CacheHint> hint;
  std::string etag;  // of a result with a hint: a weak HTTP entity tag, W/"<hex>"
};
ModernForm modern_form(const std::shared_ptr<const std::string>& result, std::string_view method, const json::object& server_info,
                       bool pinned);
// The form as one string, and as the response {"jsonrpc":"2.0","id":...,"result":...}.
std::string modern_result(const ModernForm& form);
std::string encode_modern_result(const json::value& id, const ModernForm& form);

}  // namespace varlet::mcp
