#include "catalog/docs/api_merge.hpp"

#include <algorithm>
#include <set>

namespace varlet::catalog::docs {
namespace {

// How a docs cell and a package value compare: without markup, quotes and surrounding space.
std::string plain(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != '`' && c != '\'' && c != '"' && c != '_' && c != '*') out += c;
  auto first = out.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  out = out.substr(first, out.find_last_not_of(" \t") - first + 1);
  return out == "-" ? std::string() : out;
}

void add_since(std::string& description, const std::string& since) {
  if (since.empty() || description.find(since) != std::string::npos) return;
  description += (description.empty() ? "" : " ") + std::string("(since ") + since + ")";
}

void complete_description(std::string& description, const ApiEntry& entry) {
  if (description.empty()) description = entry.description;
  add_since(description, entry.since);
}

// The entries of every table of `kind` for this component, by name; later tables do not override.
std::vector<const ApiEntry*> entries(const ComponentDoc& doc, ApiKind kind, const std::string& subject) {
  std::vector<const ApiEntry*> out;
  std::set<std::string> seen;
  for (const auto* table : doc.tables(kind, subject))
    for (const auto& entry : table->entries)
      if (!entry.name.empty() && seen.insert(entry.name).second) out.push_back(&entry);
  return out;
}

// Slots have no disagreements: every one the package names is public.
template <class Item>
bool public_item(const Item& item) {
  if constexpr (requires { item.disagreement; }) return is_public(item);
  else return true;
}

// Matches package items to docs entries by name, completes the matched ones, reports the rest.
template <class Item, class Complete>
void merge_list(std::vector<Item>& items, const std::vector<const ApiEntry*>& documented, std::string_view what,
                std::vector<std::string>& disagreements, Complete complete) {
  std::set<std::string> matched;
  for (const auto* entry : documented) {
    auto it = std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.name == entry->name; });
    if (it == items.end()) {
      disagreements.push_back("the docs list " + std::string(what) + " `" + entry->name +
                              "`, which the package does not declare");
      continue;
    }
    matched.insert(entry->name);
    complete(*it, *entry);
  }
  if (documented.empty()) return;  // a page without this table says nothing about it
  for (const auto& item : items)
    if (!matched.count(item.name) && public_item(item))
      disagreements.push_back("the package declares " + std::string(what) + " `" + item.name +
                              "`, which the docs do not list");
}

}  // namespace

MergedApi merge_docs(const Component& package, const ComponentDoc& doc) {
  MergedApi merged{package, {}};
  auto& c = merged.component;
  auto& notes = merged.disagreements;
  merge_list(c.props, entries(doc, ApiKind::props, c.name), "prop", notes, [&](Prop& p, const ApiEntry& e) {
    complete_description(p.description, e);
    auto documented = plain(e.default_value), declared = plain(p.default_value);
    if (!documented.empty() && !declared.empty() && documented != declared)
      notes.push_back("prop `" + p.name + "` defaults to `" + declared + "` in the package, `" + documented +
                      "` in the docs");
  });
  merge_list(c.events, entries(doc, ApiKind::events, c.name), "event", notes,
             [](Event& ev, const ApiEntry& e) { complete_description(ev.description, e); });
  merge_list(c.slots, entries(doc, ApiKind::slots, c.name), "slot", notes,
             [](Slot& s, const ApiEntry& e) { complete_description(s.description, e); });
  // Methods the package's types do not declare come from the docs, signature and all.
  for (const auto* entry : entries(doc, ApiKind::methods, c.name)) {
    auto it = std::find_if(c.methods.begin(), c.methods.end(), [&](const Method& m) { return m.name == entry->name; });
    if (it != c.methods.end()) {
      complete_description(it->description, *entry);
      continue;
    }
    auto args = plain(entry->arguments), returns = plain(entry->returns);
    Method m{entry->name, entry->name + "(" + args + ")" + (returns.empty() ? "" : ": " + returns), entry->description};
    add_since(m.description, entry->since);
    c.methods.push_back(std::move(m));
    notes.push_back("method `" + entry->name + "` is documented but not declared in the package's types");
  }
  return merged;
}

}  // namespace varlet::catalog::docs
