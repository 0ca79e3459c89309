#include "catalog/resolve.hpp"

#include "catalog/names.hpp"
#include "catalog/search/vocabulary.hpp"
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
  auto lookup = find_in(model.components, typed, [](const Component& c) { return std::pair{c.kebab, c.tag}; });
  if (lookup.found) return lookup;
  auto rows = search::aliases_named(typed);
  std::erase_if(rows, [&](const search::Alias* alias) { return !model.component(alias->component); });
  if (rows.empty()) return lookup;
  std::vector<std::string> tags;
  for (const auto* alias : rows)
    if (std::find(tags.begin(), tags.end(), alias->component) == tags.end()) tags.push_back(alias->component);
  std::erase_if(lookup.suggestions, [&](const std::string& s) { return std::find(tags.begin(), tags.end(), s) != tags.end(); });
  lookup.suggestions.insert(lookup.suggestions.begin(), tags.begin(), tags.end());
  auto who = search::used_by(rows, tags.front());
  lookup.note = tags.front() + " is Varlet's " + rows.front()->term + " (" +
                (who.libraries.empty() ? "" : "so called in " + who.libraries) +
                (who.common ? std::string(who.libraries.empty() ? "" : "; ") + "a common UI name" : "") + ")";
  return lookup;
}

Lookup<Directive> find_directive(const Model& model, std::string_view typed) {
  return find_in(model.directives, typed, [](const Directive& d) { return std::pair{d.name, "v-" + d.name}; });
}

Lookup<Theme> find_theme(const Model& model, std::string_view typed) {
  return find_in(model.themes, typed, [](const Theme& t) { return std::pair{t.name, t.name}; });
}

std::string not_found_message(std::string_view what, std::string_view typed, const std::vector<std::string>& suggestions,
                              std::string_view list_tool, std::string_view note) {
  std::string out = "Unknown " + std::string(what) + " \"" + std::string(typed) + "\".";
  if (!suggestions.empty()) {
    out += " Did you mean ";
    for (std::size_t i = 0; i < suggestions.size(); ++i) out += (i ? ", " : "") + suggestions[i];
    out += "?";
  } else {
    out += " Call " + std::string(list_tool) + " to see every name.";
  }
  if (!note.empty()) out += " There is no such Varlet component; " + std::string(note) + ".";
  return out;
}

}  // namespace varlet::catalog
