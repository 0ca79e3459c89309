#include "mcp/modern_result.hpp"

#include "mcp/era.hpp"

namespace varlet::mcp {

std::optional<CacheHint> cache_hint(std::string_view method, bool pinned) {
  if (method == "resources/read") return pinned ? pinned_answer_hint : changing_answer_hint;
  if (method == "server/discover" || method == "tools/list" || method == "prompts/list" ||
      method == "resources/list" || method == "resources/templates/list")
    return changing_answer_hint;
  return std::nullopt;
}

std::string modern_result(std::string_view result_json, std::string_view method, const json::object& server_info,
                          bool pinned) {
  auto parsed = json::parse(result_json);
  auto& result = parsed.as_object();
  // An input_required result keeps its type and gets no cache hints: it is not an answer.
  bool complete = !result.contains("resultType");
  if (complete) result["resultType"] = "complete";
  auto& meta = result["_meta"];
  if (!meta.is_object()) meta = json::object{};
  meta.get_object()[meta_key::server_info] = server_info;
  if (auto hint = cache_hint(method, pinned); hint && complete) {
    result["ttlMs"] = hint->ttl_ms;
    result["cacheScope"] = hint->scope;
  }
  return json::serialize(parsed);
}

}  // namespace varlet::mcp
