#include "catalog/names.hpp"

#include "mcp/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::catalog {
namespace {

bool upper(char c) { return std::isupper(static_cast<unsigned char>(c)); }
bool lower_or_digit(char c) {
  return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
}
char lowered(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string without_dashes(std::string_view key) {
  std::string out;
  for (char c : key)
    if (c != '-') out += c;
  return out;
}

std::string strip_prefix(std::string key, std::string_view prefix) {
  if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0) key.erase(0, prefix.size());
  return key;
}

// The first item whose keys contain `key`, comparing exactly and then without dashes.
template <class T, class Keys>
const T* find_by_keys(const std::vector<T>& items, const std::string& key, Keys keys_of) {
  for (const auto& item : items)
    for (const auto& k : keys_of(item))
      if (k == key) return &item;
  auto loose = without_dashes(key);
  for (const auto& item : items)
    for (const auto& k : keys_of(item))
      if (without_dashes(k) == loose) return &item;
  return nullptr;
}

}  // namespace

std::string kebab_to_pascal(std::string_view kebab) {
  std::string out;
  bool next_upper = true;
  for (char c : kebab) {
    if (c == '-' || c == '_' || c == ' ') {
      next_upper = true;
      continue;
    }
    out += next_upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    next_upper = false;
  }
  return out;
}

std::string kebab_to_camel(std::string_view kebab) {
  auto out = kebab_to_pascal(kebab);
  if (!out.empty()) out[0] = lowered(out[0]);
  return out;
}

std::string to_kebab(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool boundary = upper(c) && i > 0 &&
                    (lower_or_digit(name[i - 1]) || (upper(name[i - 1]) && i + 1 < name.size() &&
                                                     std::islower(static_cast<unsigned char>(name[i + 1]))));
    if (boundary && !out.empty() && out.back() != '-') out += '-';
    if (c == '_' || c == ' ' || c == '-') {
      if (!out.empty() && out.back() != '-') out += '-';
      continue;
    }
    out += lowered(c);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string name_key(std::string_view typed) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)); };
  while (!typed.empty() && (is_space(typed.front()) || typed.front() == '<')) typed.remove_prefix(1);
  while (!typed.empty() && (is_space(typed.back()) || typed.back() == '>' || typed.back() == '/')) typed.remove_suffix(1);
  // "<var-button type="primary">": the tag is the first word.
  auto word_end = std::find_if(typed.begin(), typed.end(), is_space);
  auto word = typed.substr(0, static_cast<std::size_t>(word_end - typed.begin()));
  bool spaced_words = word_end != typed.end() && typed.find('=') == std::string_view::npos;
  return to_kebab(spaced_words ? typed : word);
}

Resolved<Component> resolve_component(const Model& model, std::string_view typed) {
  auto key = strip_prefix(name_key(typed), "var-");
  Resolved<Component> r;
  r.item = find_by_keys(model.components, key, [](const Component& c) {
    std::vector<std::string> keys{c.kebab};
    if (c.function_api) keys.push_back(to_kebab(c.function_api->name));
    return keys;
  });
  if (r.item || key.empty()) return r;
  std::vector<std::string> kebabs;
  for (const auto& c : model.components) kebabs.push_back(c.kebab);
  for (auto& k : mcp::closest_matches(key, kebabs)) r.suggestions.push_back("var-" + k);
  return r;
}

Resolved<Directive> resolve_directive(const Model& model, std::string_view typed) {
  auto key = strip_prefix(strip_prefix(name_key(typed), "var-"), "v-");
  Resolved<Directive> r;
  r.item = find_by_keys(model.directives, key, [](const Directive& d) {
    return std::vector<std::string>{d.name, to_kebab(d.export_name)};
  });
  if (r.item || key.empty()) return r;
  std::vector<std::string> names;
  for (const auto& d : model.directives) names.push_back(d.name);
  r.suggestions = mcp::closest_matches(key, names);
  return r;
}

Resolved<Theme> resolve_theme(const Model& model, std::string_view typed) {
  auto key = name_key(typed);
  Resolved<Theme> r;
  r.item = find_by_keys(model.themes, key, [](const Theme& t) {
    return std::vector<std::string>{t.name, to_kebab(t.export_name)};
  });
  if (r.item || key.empty()) return r;
  std::vector<std::string> names;
  for (const auto& t : model.themes) names.push_back(t.name);
  r.suggestions = mcp::closest_matches(key, names);
  return r;
}

std::string unknown_name_message(std::string_view what, std::string_view typed, const Model& model,
                                 const std::vector<std::string>& suggestions, std::string_view list_hint) {
  std::string text = "Unknown " + std::string(what) + " \"" + std::string(typed) + "\" in @varlet/ui " + model.version + ".";
  if (!suggestions.empty()) {
    text += " Did you mean ";
    for (std::size_t i = 0; i < suggestions.size(); ++i)
      text += (i ? (i + 1 == suggestions.size() ? " or " : ", ") : "") + suggestions[i];
    text += "?";
  }
  text += " " + std::string(list_hint);
  return text;
}

}  // namespace varlet::catalog
