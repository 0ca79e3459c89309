#include "mcp/modern_result.hpp"

#include "mcp/base64.hpp"
#include "mcp/era.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace varlet::mcp {
namespace {

constexpr std::string_view blanks = " \t\r\n";

// The index of the quote that closes the string whose opening quote is at `at`.
std::size_t string_end(std::string_view text, std::size_t at) {
  for (auto i = at + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i;
  }
  return text.size();
}

// Where the JSON value that starts at `at` ends (one past it). A scan of nesting and strings, not
// a parse: the text is JSON this server serialized.
std::size_t value_end(std::string_view text, std::size_t at) {
  int depth = 0;
  for (auto i = at; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      i = string_end(text, i);
      if (depth == 0) return i + 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // a scalar ends at its parent's closing bracket
      if (--depth == 0) return i + 1;
    } else if (c == ',' && depth == 0) {
      return i;
    }
  }
  return text.size();
}

// Calls visit(name, value_begin, value_end) for each top-level member of a serialized object.
template <class Visit>
void each_member(std::string_view object, Visit&& visit) {
  std::size_t i = 1;
  while (true) {
    i = object.find_first_not_of(" \t\r\n,", i);
    if (i == std::string_view::npos || object[i] != '"') return;
    auto close = string_end(object, i);
    auto name = object.substr(i + 1, close - i - 1);
    auto colon = object.find_first_not_of(blanks, close + 1);
    if (colon == std::string_view::npos || object[colon] != ':') return;
    auto value = object.find_first_not_of(blanks, colon + 1);
    if (value == std::string_view::npos) return;
    i = value_end(object, value);
    visit(name, value, i);
  }
}

// A minified object this server serialized: "{}" or "{\"...".
bool minified_object(std::string_view text) {
  return text.size() >= 2 && text.front() == '{' && (text[1] == '"' || text == "{}");
}

// Where the modern members can go in a result without parsing it: in front of its own members,
// and the server's identity first inside its own _meta. Results that already have a member the
// form adds, or a _meta that is not a minified object, are not spliceable.
struct Layout {
  bool spliceable = false;
  std::size_t meta_at = std::string::npos;
};

Layout layout_of(std::string_view result) {
  Layout layout;
  if (!minified_object(result)) return layout;
  layout.spliceable = true;
  each_member(result, [&](std::string_view name, std::size_t begin, std::size_t end) {
    if (name == "resultType" || name == "ttlMs" || name == "cacheScope") {
      layout.spliceable = false;
    } else if (name == "_meta") {
      auto meta = result.substr(begin, end - begin);
      bool object = minified_object(meta), names_server = false;
      if (object)
        each_member(meta, [&](std::string_view key, std::size_t, std::size_t) { names_server |= key == meta_key::server_info; });
      if (!object || names_server || layout.meta_at != std::string::npos) layout.spliceable = false;
      else layout.meta_at = begin + 1;
    }
  });
  if (!layout.spliceable) layout.meta_at = std::string::npos;
  return layout;
}

// What layout_of() said of results seen lately, so a hot answer is scanned once and not on every
// request. One table per thread, so the hot path takes no lock and writes no shared cache line
// (not even a reference count: an entry is the result itself when it shares the result's control
// block, which cannot be reused while the caller holds the result). Direct-mapped: a result whose
// slot another took is scanned again.
class SpliceMemo {
public:
  std::optional<Layout> find(const std::shared_ptr<const std::string>& result) const {
    const auto& entry = entries_[slot(result.get())];
    bool same = entry.text == result.get() && !entry.source.owner_before(result) && !result.owner_before(entry.source);
    return same ? std::optional<Layout>(entry.layout) : std::nullopt;
  }
  void remember(const std::shared_ptr<const std::string>& result, Layout layout) {
    entries_[slot(result.get())] = {result.get(), result, layout};
  }

private:
  static constexpr std::size_t slots = 512;
  // Heap blocks are 16-byte aligned: the bits below carry nothing.
  static std::size_t slot(const std::string* text) { return (reinterpret_cast<std::uintptr_t>(text) >> 4) % slots; }
  struct Entry {
    const std::string* text = nullptr;
    std::weak_ptr<const std::string> source;
    Layout layout;
  };
  std::array<Entry, slots> entries_;
};

SpliceMemo& splice_memo() {
  thread_local SpliceMemo memo;
  return memo;
}

std::string head_of(const ServerIdentity& server, bool own_meta, const std::optional<CacheHint>& hint) {
  std::string head = "\"resultType\":\"complete\"";
  if (!own_meta) head += ",\"_meta\":{" + server.meta_member + '}';
  if (hint) {
    head += ",\"ttlMs\":" + std::to_string(hint->ttl_ms);
    head += ",\"cacheScope\":" + json::serialize(json::string(hint->scope));
  }
  return head;
}

// The result rewritten whole: its own _meta and the server's merged.
std::string rewritten(std::string_view result_json, const ServerIdentity& server, std::optional<CacheHint>& hint) {
  auto parsed = json::parse(result_json);
  auto& result = parsed.as_object();
  // An input_required result keeps its type and gets no cache hints: it is not an answer.
  bool complete = !result.contains("resultType");
  if (complete) result["resultType"] = "complete";
  auto& meta = result["_meta"];
  if (!meta.is_object()) meta = json::object{};
  meta.get_object()[meta_key::server_info] = server.info;
  if (!complete) hint.reset();
  if (hint) {
    result["ttlMs"] = hint->ttl_ms;
    result["cacheScope"] = hint->scope;
  }
  return json::serialize(parsed);
}

// Calls emit(piece) for each piece of the form's result in order: '{' head [','] rest-of-body,
// with the server's identity spliced into the body's own _meta; or the rewritten body.
template <class Emit>
void each_piece(const ModernForm& form, Emit&& emit) {
  std::string_view body = *form.body;
  if (form.head.empty()) return emit(body);
  emit("{");
  emit(form.head);
  std::string_view rest = body.substr(1);
  if (form.meta_at != std::string::npos) {
    emit(",");
    emit(body.substr(1, form.meta_at - 1));
    emit(form.server->meta_member);
    rest = body.substr(form.meta_at);
  }
  if (rest.front() != '}') emit(",");
  emit(rest);
}

std::size_t result_size(const ModernForm& form) {
  std::size_t size = 0;
  each_piece(form, [&](std::string_view piece) { size += piece.size(); });
  return size;
}

void append_result(std::string& out, const ModernForm& form) {
  each_piece(form, [&](std::string_view piece) { out += piece; });
}

// Weak: the HTTP body around the result carries the request's id, so equal tags mean an equal
// result, not equal bytes. Hashed in place, piece by piece, with no copy of the answer.
std::string entity_tag(const ModernForm& form) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  each_piece(form, [&](std::string_view piece) { ok = ok && EVP_DigestUpdate(ctx.get(), piece.data(), piece.size()); });
  ok = ok && EVP_DigestFinal_ex(ctx.get(), digest, &length);
  if (!ok) return {};
  return "W/\"" + lowercase_hex(std::string_view(reinterpret_cast<const char*>(digest), std::min(length, 16u))) + "\"";
}

Layout remembered_layout(const std::shared_ptr<const std::string>& result) {
  auto layout = splice_memo().find(result);
  if (!layout) {
    layout = layout_of(*result);
    splice_memo().remember(result, *layout);
  }
  return *layout;
}

}  // namespace

ServerIdentity::ServerIdentity(json::object server_info) : info(std::move(server_info)) {
  meta_member = json::serialize(json::string(meta_key::server_info)) + ':' + json::serialize(info);
}

std::optional<CacheHint> cache_hint(std::string_view method, std::optional<std::int64_t> ttl_ms) {
  if (method == "resources/read") {
    if (!ttl_ms) return changing_answer_hint;
    return CacheHint{std::max<std::int64_t>(*ttl_ms, 0), pinned_answer_hint.scope};
  }
  if (method == "server/discover" || method == "tools/list" || method == "prompts/list" ||
      method == "resources/list" || method == "resources/templates/list")
    return changing_answer_hint;
  return std::nullopt;
}

std::vector<std::size_t> splice_points(const std::shared_ptr<const std::string>& result) {
  auto layout = remembered_layout(result);
  if (!layout.spliceable) return {};
  if (layout.meta_at == std::string::npos) return {1};
  return {1, layout.meta_at};
}

ModernForm modern_form(const std::shared_ptr<const std::string>& result, std::string_view method,
                       std::shared_ptr<const ServerIdentity> server, std::optional<std::int64_t> ttl_ms) {
  ModernForm form;
  form.hint = cache_hint(method, ttl_ms);
  form.server = std::move(server);
  auto layout = remembered_layout(result);
  if (layout.spliceable) {
    form.meta_at = layout.meta_at;
    form.head = head_of(*form.server, form.meta_at != std::string::npos, form.hint);
    form.body = result;
  } else {
    form.body = std::make_shared<const std::string>(rewritten(*result, *form.server, form.hint));
  }
  if (form.hint) form.etag = entity_tag(form);
  return form;
}

std::string modern_result(const ModernForm& form) {
  std::string out;
  out.reserve(result_size(form));
  append_result(out, form);
  return out;
}

std::string encode_modern_result(const json::value& id, const ModernForm& form, std::vector<compression::Span>* spans) {
  std::string out;
  out.reserve(result_size(form) + 64);
  out += R"({"jsonrpc":"2.0","id":)";
  out += json::serialize(id);
  out += R"(,"result":)";
  std::string_view body = *form.body;
  each_piece(form, [&](std::string_view piece) {
    // A piece of the body is a view into it; the head, commas and the server's identity are not.
    bool from_body = piece.data() >= body.data() && piece.data() < body.data() + body.size();
    if (spans && from_body && !piece.empty()) {
      auto begin = static_cast<std::size_t>(piece.data() - body.data());
      spans->push_back({out.size(), begin, begin + piece.size()});
    }
    out += piece;
  });
  out += '}';
  return out;
}

}  // namespace varlet::mcp
