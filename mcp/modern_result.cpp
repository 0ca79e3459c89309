#include "mcp/modern_result.hpp"

#include "mcp/era.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <initializer_list>
#include <mutex>
#include <unordered_map>

namespace varlet::mcp {
namespace {

// Whether a serialized JSON object has one of `keys` among its own (top-level) members. A scan,
// not a parse: tracks nesting and strings only.
bool has_top_level_key(std::string_view object, std::initializer_list<std::string_view> keys) {
  int depth = 0;
  for (std::size_t i = 0; i < object.size(); ++i) {
    char c = object[i];
    if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') --depth;
    else if (c == '"') {
      auto start = i + 1;
      for (++i; i < object.size() && object[i] != '"'; ++i)
        if (object[i] == '\\') ++i;
      if (depth != 1) continue;
      auto after = object.find_first_not_of(" \t\r\n", i + 1);
      bool is_key = after != std::string_view::npos && object[after] == ':';
      auto name = object.substr(start, i - start);
      if (is_key && std::find(keys.begin(), keys.end(), name) != keys.end()) return true;
    }
  }
  return false;
}

// Results this server serialized (minified: "{}" or "{\"...") with no member to merge get a
// head in front; anything else is parsed.
bool spliceable(std::string_view result) {
  return result.size() >= 2 && result.front() == '{' && (result[1] == '"' || result == "{}") &&
         !has_top_level_key(result, {"_meta", "resultType", "ttlMs", "cacheScope"});
}

// What spliceable() said of the results that live now, so a hot answer is scanned once and not on
// every request. Bounded: past `max_entries` the entries of freed results go, or else all.
class SpliceMemo {
public:
  std::optional<bool> find(const std::shared_ptr<const std::string>& result) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(result.get());
    if (it == entries_.end() || it->second.source.lock() != result) return std::nullopt;
    return it->second.spliceable;
  }
  void remember(const std::shared_ptr<const std::string>& result, bool splice) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries) {
      std::erase_if(entries_, [](const auto& e) { return e.second.source.expired(); });
      if (entries_.size() >= max_entries) entries_.clear();
    }
    entries_[result.get()] = {result, splice};
  }

private:
  static constexpr std::size_t max_entries = 4096;
  struct Entry {
    std::weak_ptr<const std::string> source;
    bool spliceable;
  };
  std::mutex mutex_;
  std::unordered_map<const std::string*, Entry> entries_;
};

SpliceMemo& splice_memo() {
  static SpliceMemo memo;
  return memo;
}

std::string head_of(const json::object& server_info, const std::optional<CacheHint>& hint) {
  std::string head = "\"resultType\":\"complete\",\"_meta\":{";
  head += json::serialize(json::string(meta_key::server_info));
  head += ':';
  head += json::serialize(server_info);
  head += '}';
  if (hint) {
    head += ",\"ttlMs\":" + std::to_string(hint->ttl_ms);
    head += ",\"cacheScope\":" + json::serialize(json::string(hint->scope));
  }
  return head;
}

// The result rewritten whole: its own _meta and the server's merged.
std::string rewritten(std::string_view result_json, const json::object& server_info,
                      std::optional<CacheHint>& hint) {
  auto parsed = json::parse(result_json);
  auto& result = parsed.as_object();
  // An input_required result keeps its type and gets no cache hints: it is not an answer.
  bool complete = !result.contains("resultType");
  if (complete) result["resultType"] = "complete";
  auto& meta = result["_meta"];
  if (!meta.is_object()) meta = json::object{};
  meta.get_object()[meta_key::server_info] = server_info;
  if (!complete) hint.reset();
  if (hint) {
    result["ttlMs"] = hint->ttl_ms;
    result["cacheScope"] = hint->scope;
  }
  return json::serialize(parsed);
}

// Writes the form's result: '{' head [','] rest-of-body, or the rewritten body.
void append_result(std::string& out, const ModernForm& form) {
  const auto& body = *form.body;
  if (form.head.empty()) {
    out += body;
    return;
  }
  out += '{';
  out += form.head;
  if (body[1] != '}') out += ',';
  out.append(body, 1);
}

// Weak: the HTTP body around the result carries the request's id, so equal tags mean an equal
// result, not equal bytes. Hashed in place, head then body, with no copy of the answer.
std::string entity_tag(const ModernForm& form) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) &&
            EVP_DigestUpdate(ctx.get(), form.head.data(), form.head.size()) &&
            EVP_DigestUpdate(ctx.get(), form.body->data(), form.body->size()) &&
            EVP_DigestFinal_ex(ctx.get(), digest, &length);
  if (!ok) return {};
  static constexpr char hex[] = "0123456789abcdef";
  std::string tag = "W/\"";
  for (unsigned int i = 0; i < 16 && i < length; ++i) tag += {hex[digest[i] >> 4], hex[digest[i] & 0xF]};
  return tag + "\"";
}

}  // namespace

std::optional<CacheHint> cache_hint(std::string_view method, bool pinned) {
  if (method == "resources/read") return pinned ? pinned_answer_hint : changing_answer_hint;
  if (method == "server/discover" || method == "tools/list" || method == "prompts/list" ||
      method == "resources/list" || method == "resources/templates/list")
    return changing_answer_hint;
  return std::nullopt;
}

ModernForm modern_form(const std::shared_ptr<const std::string>& result, std::string_view method,
                       const json::object& server_info, bool pinned) {
  ModernForm form;
  form.hint = cache_hint(method, pinned);
  auto splice = splice_memo().find(result);
  if (!splice) {
    splice = spliceable(*result);
    splice_memo().remember(result, *splice);
  }
  if (*splice) {
    form.head = head_of(server_info, form.hint);
    form.body = result;
  } else {
    form.body = std::make_shared<const std::string>(rewritten(*result, server_info, form.hint));
  }
  if (form.hint) form.etag = entity_tag(form);
  return form;
}

std::string modern_result(const ModernForm& form) {
  std::string out;
  out.reserve(form.head.size() + form.body->size() + 2);
  append_result(out, form);
  return out;
}

std::string encode_modern_result(const json::value& id, const ModernForm& form) {
  std::string out;
  out.reserve(form.head.size() + form.body->size() + 64);
  out += R"({"jsonrpc":"2.0","id":)";
  out += json::serialize(id);
  out += R"(,"result":)";
  append_result(out, form);
  out += '}';
  return out;
}

}  // namespace varlet::mcp
