#include "mcp/modern_result.hpp"

#include "mcp/era.hpp"

#include <openssl/evp.h>

namespace varlet::mcp {

std::optional<CacheHint> cache_hint(std::string_view method, bool pinned) {
  if (method == "resources/read") return pinned ? pinned_answer_hint : changing_answer_hint;
  if (method == "server/discover" || method == "tools/list" || method == "prompts/list" ||
      method == "resources/list" || method == "resources/templates/list")
    return changing_answer_hint;
  return std::nullopt;
}

std::string modern_result(std::string_view result_json, std::string_view method, const json::object& server_info,
                          bool pinned, std::optional<CacheHint>* applied) {
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
    if (applied) *applied = hint;
  }
  return json::serialize(parsed);
}

std::string entity_tag(std::string_view result_json) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(result_json.data(), result_json.size(), digest, &length, EVP_sha256(), nullptr)) return {};
  static constexpr char hex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (unsigned int i = 0; i < 16 && i < length; ++i) tag += {hex[digest[i] >> 4], hex[digest[i] & 0xF]};
  return tag + "\"";
}

}  // namespace varlet::mcp
