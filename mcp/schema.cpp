#include "mcp/schema.hpp"

#include "mcp/errors.hpp"
#include "mcp/suggest.hpp"

#include <algorithm>
#include <cmath>
#include <regex>
#include <vector>

namespace varlet::mcp {
namespace {

std::string short_json(const json::value& v) {
  if (v.is_string()) return json::serialize(json::string(excerpt(v.get_string(), 77)));
  return excerpt(json::serialize(v), 77);
}

// JSON Schema lengths count characters (code points), not bytes.
std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// std::regex recurses once per character: a pattern is only tried on strings this short.
constexpr std::size_t max_pattern_subject = 4096;

std::string type_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "value";
}

bool has_type(const json::value& v, std::string_view type) {
  if (type == "integer") {
    // 3e91 is a whole number too; converting it to an integer type would be undefined.
    if (v.is_double()) return std::isfinite(v.get_double()) && std::trunc(v.get_double()) == v.get_double();
    return v.is_int64() || v.is_uint64();
  }
  if (type == "number") return v.is_number();
  return type_of(v) == type;
}

double as_double(const json::value& v) { return v.to_number<double>(); }

std::string join_path(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

class Validator {
public:
  explicit Validator(const json::object& root) : root_(root) {}

  std::optional<SchemaViolation> check(const json::value& v, const json::object& schema, const std::string& path) {
    if (auto* ref = schema.if_contains("$ref"); ref && ref->is_string()) {
      if (auto* target = resolve(ref->get_string())) return check(v, *target, path);
    }
    if (auto* t = schema.if_contains("type")) {
      std::vector<std::string> types;
      if (t->is_string()) types.emplace_back(t->get_string());
      if (auto* arr = t->if_array())
        for (auto& x : *arr)
          if (x.is_string()) types.emplace_back(x.get_string());
      bool ok = types.empty();
      for (auto& ty : types) ok = ok || has_type(v, ty);
      if (!ok) {
        std::string expected;
        for (auto& ty : types) expected += (expected.empty() ? "" : " or ") + ty;
        return violation(path, expected, v, hint_for_type(v, types));
      }
    }
    if (auto* e = schema.if_contains("enum"); e && e->is_array()) {
      bool found = false;
      std::vector<std::string> names;
      std::string listed;
      for (auto& option : e->get_array()) {
        found = found || option == v;
        listed += (listed.empty() ? "" : ", ") + json::serialize(option);
        if (option.is_string()) names.emplace_back(option.get_string());
      }
      if (!found) {
        std::string hint;
        if (v.is_string()) {
          auto close = closest_matches(v.get_string(), names, 1);
          if (!close.empty()) hint = "Did you mean \"" + close.front() + "\"?";
        }
        return violation(path, "one of " + listed, v, hint);
      }
    }
    if (auto* c = schema.if_contains("const"); c && *c != v) return violation(path, json::serialize(*c), v, "");
    if (v.is_string()) {
      auto len = characters(v.get_string());
      if (auto* m = schema.if_contains("minLength"); m && m->is_number() && len < as_double(*m))
        return violation(path, "a string of at least " + json::serialize(*m) + " characters", v, "");
      if (auto* m = schema.if_contains("maxLength"); m && m->is_number() && len > as_double(*m))
        return violation(path, "a string of at most " + json::serialize(*m) + " characters", v, "");
      if (auto* p = schema.if_contains("pattern"); p && p->is_string()) {
        if (v.get_string().size() > max_pattern_subject)
          return violation(path, "a string of at most " + std::to_string(max_pattern_subject) + " bytes matching " +
                                     std::string(p->get_string()),
                           v, "");
        try {
          if (!std::regex_search(std::string(v.get_string()), std::regex(std::string(p->get_string()))))
            return violation(path, "a string matching " + std::string(p->get_string()), v, "");
        } catch (const std::regex_error&) {
        }
      }
    }
    if (v.is_number()) {
      double x = as_double(v);
      if (auto* m = schema.if_contains("minimum"); m && m->is_number() && x < as_double(*m))
        return violation(path, "a number >= " + json::serialize(*m), v, "");
      if (auto* m = schema.if_contains("maximum"); m && m->is_number() && x > as_double(*m))
        return violation(path, "a number <= " + json::serialize(*m), v, "");
    }
    if (auto* arr = v.if_array()) {
      if (auto* m = schema.if_contains("minItems"); m && m->is_number() && arr->size() < as_double(*m))
        return violation(path, "an array of at least " + json::serialize(*m) + " items", v, "");
      if (auto* m = schema.if_contains("maxItems"); m && m->is_number() && arr->size() > as_double(*m))
        return violation(path, "an array of at most " + json::serialize(*m) + " items", v, "");
      if (auto* items = schema.if_contains("items"); items && items->is_object())
        for (std::size_t i = 0; i < arr->size(); ++i)
          if (auto bad = check((*arr)[i], items->get_object(), path + "[" + std::to_string(i) + "]")) return bad;
    }
    if (auto* obj = v.if_object())
      if (auto bad = check_object(*obj, schema, path)) return bad;
    return check_composition(v, schema, path);
  }

private:
  // allOf, anyOf, oneOf, not and if/then/else (JSON Schema 2020-12's applicators in place).
  std::optional<SchemaViolation> check_composition(const json::value& v, const json::object& schema,
                                                   const std::string& path) {
    if (auto* all = schema.if_contains("allOf"); all && all->is_array())
      for (auto& sub : all->get_array())
        if (sub.is_object())
          if (auto bad = check(v, sub.get_object(), path)) return bad;
    for (auto key : {"anyOf", "oneOf"}) {
      auto* alts = schema.if_contains(key);
      if (!alts || !alts->is_array()) continue;
      std::optional<SchemaViolation> first;
      std::size_t matched = 0;
      for (auto& alt : alts->get_array()) {
        if (!alt.is_object()) continue;
        auto bad = check(v, alt.get_object(), path);
        if (!bad) ++matched;
        else if (!first) first = bad;
      }
      if (matched == 0 && first) return first;
      if (key == std::string_view("oneOf") && matched > 1)
        return violation(path, "a value that matches exactly one of the choices of " + short_json(*alts), v, "");
    }
    if (auto* n = schema.if_contains("not"); n && n->is_object() && !check(v, n->get_object(), path))
      return violation(path, "a value that does not match " + short_json(*n), v, "");
    if (auto* condition = schema.if_contains("if"); condition && condition->is_object()) {
      auto* branch = schema.if_contains(check(v, condition->get_object(), path) ? "else" : "then");
      if (branch && branch->is_object())
        if (auto bad = check(v, branch->get_object(), path)) return bad;
    }
    return std::nullopt;
  }

  std::optional<SchemaViolation> check_object(const json::object& obj, const json::object& schema,
                                              const std::string& path) {
    const json::object* props = nullptr;
    if (auto* p = schema.if_contains("properties"); p && p->is_object()) props = &p->get_object();
    if (auto* req = schema.if_contains("required"); req && req->is_array()) {
      for (auto& name : req->get_array()) {
        if (!name.is_string() || obj.contains(name.get_string())) continue;
        SchemaViolation bad;
        bad.path = join_path(path, name.get_string());
        bad.expected = "a value (this argument is required)";
        bad.got = "nothing";
        bad.suggestion = describe_property(props, name.get_string());
        return bad;
      }
    }
    std::vector<std::string> known;
    if (props)
      for (auto& kv : *props) known.emplace_back(kv.key());
    for (auto& kv : obj) {
      auto child_path = join_path(path, kv.key());
      if (props) {
        if (auto* sub = props->if_contains(kv.key()); sub && sub->is_object()) {
          if (auto bad = check(kv.value(), sub->get_object(), child_path)) return bad;
          continue;
        }
      }
      auto* extra = schema.if_contains("additionalProperties");
      if (extra && extra->is_bool() && !extra->get_bool()) {
        SchemaViolation bad;
        bad.path = child_path;
        bad.expected = known.empty() ? "no arguments" : "only the arguments " + join(known);
        bad.got = "an unknown argument";
        auto close = closest_matches(kv.key(), known, 1);
        if (!close.empty()) bad.suggestion = "Did you mean `" + close.front() + "`?";
        return bad;
      }
      if (extra && extra->is_object())
        if (auto bad = check(kv.value(), extra->get_object(), child_path)) return bad;
    }
    return std::nullopt;
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (auto& n : names) out += (out.empty() ? "`" : ", `") + n + "`";
    return out;
  }

  static std::string describe_property(const json::object* props, std::string_view name) {
    if (!props) return "";
    auto* p = props->if_contains(name);
    if (!p || !p->is_object()) return "";
    if (auto d = get_string(p->get_object(), "description")) return "Pass `" + std::string(name) + "`: " + std::string(*d);
    return "";
  }

  static std::string hint_for_type(const json::value& v, const std::vector<std::string>& types) {
    bool wants_array = std::find(types.begin(), types.end(), "array") != types.end();
    if (wants_array && !v.is_array()) return "Wrap the value in a list, e.g. [" + short_json(v) + "].";
    bool wants_number = std::find(types.begin(), types.end(), "integer") != types.end() ||
                        std::find(types.begin(), types.end(), "number") != types.end();
    if (wants_number && v.is_string()) return "Send the number without quotes.";
    return "";
  }

  SchemaViolation violation(const std::string& path, std::string expected, const json::value& v, std::string hint) {
    return {path, std::move(expected), type_of(v) + " " + short_json(v), std::move(hint)};
  }

  const json::object* resolve(std::string_view ref) {
    // Local references only: "#/$defs/name" or "#/definitions/name".
    for (std::string_view prefix : {"#/$defs/", "#/definitions/"}) {
      if (ref.substr(0, prefix.size()) != prefix) continue;
      auto section = prefix.substr(2, prefix.size() - 3);
      auto* defs = root_.if_contains(section);
      if (!defs || !defs->is_object()) return nullptr;
      auto* target = defs->get_object().if_contains(ref.substr(prefix.size()));
      return target && target->is_object() ? &target->get_object() : nullptr;
    }
    return nullptr;
  }

  const json::object& root_;
};

}  // namespace

std::string SchemaViolation::message() const {
  std::string out = "Invalid argument";
  if (!path.empty()) out += " `" + path + "`";
  out += ": expected " + expected + ", got " + got + ".";
  if (!suggestion.empty()) out += " " + suggestion;
  return out;
}

std::optional<SchemaViolation> validate(const json::value& instance, const json::object& schema) {
  return Validator(schema).check(instance, schema, "");
}

void bound_input_schema(json::object& schema, std::size_t max_string, std::size_t max_items) {
  auto walk = [&](auto& self, json::value& node) -> void {
    auto* obj = node.if_object();
    if (!obj) return;
    if (auto* t = obj->if_contains("type"); t && t->is_string()) {
      std::string type(t->get_string());  // a copy: adding a key below may rehash obj and free *t
      if (type == "string" && !obj->contains("maxLength") && !obj->contains("enum") && !obj->contains("const"))
        (*obj)["maxLength"] = max_string;
      if (type == "array" && !obj->contains("maxItems")) (*obj)["maxItems"] = max_items;
    }
    for (auto key : {"properties", "$defs", "definitions"})
      if (auto* children = obj->if_contains(key); children && children->is_object())
        for (auto& child : children->get_object()) self(self, child.value());
    for (auto key : {"items", "additionalProperties"})
      if (auto* child = obj->if_contains(key)) self(self, *child);
    for (auto key : {"anyOf", "oneOf", "allOf"})
      if (auto* alts = obj->if_contains(key); alts && alts->is_array())
        for (auto& alt : alts->get_array()) self(self, alt);
    // Not into `not` or `if`: a bound there would let through what it should refuse.
    for (auto key : {"then", "else"})
      if (auto* child = obj->if_contains(key)) self(self, *child);
  };
  json::value root = std::move(schema);
  walk(walk, root);
  schema = std::move(root.get_object());
}

}  // namespace varlet::mcp
