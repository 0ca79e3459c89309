#include "catalog/resolve.hpp"

#include "catalog/names.hpp"
#include "mcp/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::catalog {

std::string normalize_name(std::string_view typed) {
  std::string_view s = typed;
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && (is_space(s.front()) || s.front() == '<' || s.front() == '/')) s.remove_prefix(1);
  // The first word of "<var-button type="primary">" is the name.
  std::size_t end = 0;
  while (end < s.size() && !is_space(s[end]) && s[end] != '/' && s[end] != '>') ++end;
  auto name = kebab_case(s.substr(0, end));
  for (std::string_view prefix : {"var-", "v-"})
    if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
  return name;
}

namespace {

template <class T, class Names>
Lookup<T> find_in(const std::vector<T>& items, std::string_view typed, Names names) {
  auto wanted = normalize_name(typed);
  std::vector<std::string> candidates;
  for (const auto& item : items) {
    auto [key, shown] = names(item);
    if (key == wanted) return {&item, {}};
    candidates.push_back(shown);
  }
  // Without word breaks ("buttongroup", "BUTTONGROUP") a name is found when only one fits.
  auto joined = [](std::string s) {
    std::erase(s, '-');
    return s;
  };
  const T* only = nullptr;
  for (const auto& item : items) {
    if (wanted.empty() || joined(names(item).first) != joined(wanted)) continue;
    if (only) {
      only = nullptr;
      break;
    }
    only = &item;
  }
  if (only) return {only, {}};
  // Suggestions compare the bare names, so "buton" finds "var-button".
  std::vector<std::string> bare;
  for (auto& c : candidates) bare.push_back(normalize_name(c));
  Lookup<T> out;
  // Closest spelling first: "button-grup" is a typo of button-group, though it contains "button".
  auto close = mcp::closest_matches(wanted, bare, 5);
  std::stable_sort(close.begin(), close.end(), [&](const std::string& a, const std::string& b) {
    return mcp::edit_distance(wanted, a) < mcp::edit_distance(wanted, b);
  });
  for (auto& match : close)
    for (std::size_t i = 0; i < bare.size(); ++i)
      if (bare[i] == match) out.suggestions.push_back(candidates[i]);
  return out;
}

}  // namespace

Lookup<Component> find_component(const Model& model, std::string_view typed) {
  return find_in(model.components, typed, [](const Component& c) { return std::pair{c.kebab, c.tag}; });
}

Lookup<Directive> find_directive(const Model& model, std::string_view typed) {
  return find_in(model.directives, typed, [](const Directive& d) { return std::pair{d.name, "v-" + d.name}; });
}

Lookup<Theme> find_theme(const Model& model, std::string_view typed) {
  return find_in(model.themes, typed, [](const Theme& t) { return std::pair{t.name, t.name}; });
}

std::string not_found_message(std::string_view what, std::string_view typed, const std::vector<std::string>& suggestions,
                              std::string_view list_tool) {
  std::string out = "Unknown " + std::string(what) + " \"" + std::string(typed) + "\".";
  if (!suggestions.empty()) {
    out += " Did you mean ";
    for (std::size_t i = 0; i < suggestions.size(); ++i) out += (i ? ", " : "") + suggestions[i];
    out += "?";
  } else {
    out += " Call " + std::string(list_tool) + " to see every name.";
  }
  return out;
}

}  // namespace varlet::catalog
