#include "catalog/templates/prop_values.hpp"

#include "catalog/dts.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::catalog::templates {
namespace {

// Aliases of aliases are followed this deep; a cycle stops here too.
constexpr int max_expansion_depth = 8;

struct Expansion {
  std::vector<std::string> literals;  // string literals, in order
  bool any_string = false;            // `string` itself: the literals are no closed set
  ValueKinds kinds;
};

bool is_number_literal(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  return true;
}

const TypeDecl* alias_named(const Component& component, std::string_view name) {
  for (const auto& t : component.types)
    if (t.name == name && t.kind == "type") return &t;
  return nullptr;
}

void expand(const Component& component, std::string_view type, int depth, Expansion& out) {
  for (const auto& whole : dts::split_top_level(type, '|')) {
    std::string_view part = whole;
    if (part.empty()) continue;  // a leading `|`
    if (part.size() >= 2 && part.front() == '(' && part.back() == ')') {
      expand(component, part.substr(1, part.size() - 2), depth, out);
    } else if (part == "undefined" || part == "null") {
    } else if (part.size() >= 2 && (part.front() == '\'' || part.front() == '"') && part.back() == part.front()) {
      out.kinds.string = true;
      auto literal = part.substr(1, part.size() - 2);
      if (std::find(out.literals.begin(), out.literals.end(), literal) == out.literals.end())
        out.literals.emplace_back(literal);
    } else if (part == "string") {
      out.kinds.string = out.any_string = true;
    } else if (part == "number" || is_number_literal(part)) {
      out.kinds.number = true;
    } else if (part == "boolean" || part == "true" || part == "false") {
      out.kinds.boolean = true;
    } else if (const auto* alias = alias_named(component, part); alias && depth < max_expansion_depth) {
      expand(component, alias->definition, depth + 1, out);
    } else {
      out.kinds.other = true;
    }
  }
}

Expansion expand_prop(const Component& component, const Prop& prop) {
  Expansion out;
  expand(component, prop.ts_type.empty() ? prop.type : prop.ts_type, 0, out);
  return out;
}

}  // namespace

std::vector<std::string> allowed_values(const Component& component, const Prop& prop) {
  auto e = expand_prop(component, prop);
  if (e.any_string || e.kinds.other || e.kinds.number || e.kinds.boolean) return {};
  return e.literals;
}

ValueKinds accepted_kinds(const Component& component, const Prop& prop) { return expand_prop(component, prop).kinds; }

}  // namespace varlet::catalog::templates
