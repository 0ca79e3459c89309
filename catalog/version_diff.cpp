#include "catalog/version_diff.hpp"

#include <cctype>
#include <map>

namespace varlet::catalog {
namespace {

// A member's facets worth comparing, by what they are called in a change.
using Facets = std::vector<std::pair<std::string, std::string>>;

std::string params_text(const std::vector<Param>& params) {
  std::string out;
  for (const auto& p : params) out.append(out.empty() ? "" : ", ").append(p.name).append(p.type.empty() ? "" : ": " + p.type);
  return out;
}

// web-types writes "-" for no default.
std::string default_of(const std::string& d) { return d == "-" ? "" : d; }

// A default as written by people (web-types: `cover`, `{type: "primary"}`) or by the bundler
// (runtime: "cover", () => ({ type: 'primary' })), reduced to compare: no factory arrow, no
// outer quotes or parentheses, one kind of quote, no spaces; undefined is none.
std::string comparable_default(std::string d) {
  auto strip = [&d](std::string_view prefix, std::string_view suffix) {
    if (d.size() < prefix.size() + suffix.size() || !d.starts_with(prefix) || !d.ends_with(suffix)) return false;
    d = d.substr(prefix.size(), d.size() - prefix.size() - suffix.size());
    return true;
  };
  std::string compacted;
  for (char c : d)
    if (!std::isspace(static_cast<unsigned char>(c))) compacted += c == '\'' ? '"' : c;
  d = std::move(compacted);
  strip("()=>", "");
  strip("(", ")");
  strip("\"", "\"");
  return d == "-" || d == "undefined" || d == "void0" ? "" : d;
}

// A Boolean prop without a default is false at run time; web-types writes it either way.
Facets facets(const Prop& p) {
  auto d = default_of(p.default_value);
  if (d.empty() && p.runtime_type == "Boolean") d = "false";
  return {{"type", shown_type(p)}, {"default", d}};
}
Facets facets(const Event& e) { return {{"arguments", params_text(e.arguments)}}; }
Facets facets(const Slot& s) { return {{"props", params_text(s.props)}}; }
Facets facets(const Method& m) { return {{"signature", m.signature}}; }
Facets facets(const CssVar& v) { return {{"default", v.default_value}}; }

template <class Item>
bool counted(const Item& item) {
  if constexpr (requires { item.disagreement; }) return is_public(item);
  else return true;
}

// The first item of each name that counts, by name.
template <class Item>
std::map<std::string, const Item*> by_name(const std::vector<Item>& items) {
  std::map<std::string, const Item*> out;
  for (const auto& item : items)
    if (counted(item)) out.emplace(item.name, &item);
  return out;
}

template <class Item>
MemberDiff diff_members(const std::vector<Item>& before, const std::vector<Item>& after) {
  MemberDiff diff;
  auto old_items = by_name(before), new_items = by_name(after);
  for (const auto& [name, item] : new_items) {
    auto old = old_items.find(name);
    if (old == old_items.end()) {
      diff.added.push_back(name);
      continue;
    }
    auto was = facets(*old->second), is = facets(*item);
    for (std::size_t i = 0; i < was.size(); ++i) {
      if (was[i].first == "default" && comparable_default(was[i].second) == comparable_default(is[i].second)) continue;
      // A facet only one version states (an old web-types row without a type) is no change; a
      // default that appears or goes is one.
      if (was[i].second != is[i].second && (was[i].first == "default" || (!was[i].second.empty() && !is[i].second.empty())))
        diff.changed.push_back({name, was[i].first, was[i].second, is[i].second});
    }
  }
  for (const auto& [name, item] : old_items)
    if (!new_items.count(name)) diff.removed.push_back(name);
  return diff;
}

}  // namespace

std::string shown_type(const Prop& p) { return p.ts_type.empty() ? p.type : p.ts_type; }

VersionDiff diff_models(const Model& from, const Model& to, const std::string& only) {
  VersionDiff diff;
  for (const auto& c : to.components) {
    if (!only.empty() && c.tag != only) continue;
    const auto* old = from.component(c.tag);
    if (!old) {
      diff.added.push_back(c.tag);
      continue;
    }
    ComponentDiff changes{c.tag,
                          diff_members(old->props, c.props),
                          diff_members(old->events, c.events),
                          diff_members(old->slots, c.slots),
                          diff_members(old->methods, c.methods),
                          diff_members(old->css_vars, c.css_vars)};
    if (!changes.empty()) diff.changed.push_back(std::move(changes));
  }
  for (const auto& c : from.components)
    if ((only.empty() || c.tag == only) && !to.component(c.tag)) diff.removed.push_back(c.tag);
  return diff;
}

}  // namespace varlet::catalog
