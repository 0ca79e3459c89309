#include "catalog/search/corpus.hpp"

#include "catalog/docs/component_doc.hpp"
#include "catalog/docs/guides.hpp"
#include "catalog/search/tokenize.hpp"
#include "catalog/text.hpp"
#include "catalog/search/vocabulary.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace varlet::catalog::search {
namespace {

// Field weights: what names a thing counts most, what merely mentions it least.
constexpr float name_weight = 4;
constexpr float title_weight = 3;
constexpr float summary_weight = 2;
constexpr float text_weight = 1;
constexpr float owner_weight = 1.5;
// What other libraries and everyday UI language call the component: as good as its own title.
constexpr float alias_weight = 3;
constexpr float purpose_weight = 2;

std::string without_links(std::string_view text) {
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    auto link = text.find("http", at);
    out.append(text.substr(at, link == std::string_view::npos ? std::string_view::npos : link - at));
    if (link == std::string_view::npos) break;
    at = text.find(' ', link);
    if (at == std::string_view::npos) break;
  }
  return std::string(trim(out));
}

template <class Member>
const Member* same_member(const std::vector<Member>& members, const std::string& name) {
  for (const auto& m : members)
    if (m.name == name) return &m;
  return nullptr;
}

template <class Member>
void add_members(Index& index, Kind kind, const Component& c, const std::vector<const Component*>& versions,
                 const std::vector<Member> Component::*list) {
  for (const auto& member : c.*list) {
    if constexpr (requires { member.disagreement; })
      if (!is_public(member)) continue;  // internal, or declared to no effect: no answer to a search
    Document d{kind, c.kebab, member.name, c.tag + " " + std::string(to_string(kind)) + " " + member.name, {}};
    d.fields.push_back({member.name, name_weight, true});
    d.fields.push_back({c.kebab, owner_weight});
    for (const auto* other : versions)
      if (const auto* m = same_member(other->*list, member.name); m && !m->description.empty())
        d.fields.push_back({m->description, text_weight});
    index.add(std::move(d));
  }
}

void add_titles(Document& d, const docs::MenuItem* item) {
  if (!item) return;
  for (const auto& [locale, title] : item->titles) d.fields.push_back({title, title_weight});
}

}  // namespace

std::vector<std::string> components_in_code(std::string_view code) {
  std::vector<std::string> found;
  for (auto pos = code.find("<var-"); pos != std::string_view::npos; pos = code.find("<var-", pos + 1)) {
    auto end = code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-", pos + 5);
    auto name = std::string(code.substr(pos + 5, (end == std::string_view::npos ? code.size() : end) - pos - 5));
    if (!name.empty() && std::find(found.begin(), found.end(), name) == found.end()) found.push_back(name);
  }
  return found;
}

Index build_index(const SearchSources& sources) {
  Index index;
  if (sources.models.empty() || !sources.models.front()) return index;
  const Model& primary = *sources.models.front();
  std::map<std::string, std::vector<const Component*>> by_tag;  // each component in every model
  for (const auto* m : sources.models)
    if (m)
      for (const auto& c : m->components) by_tag[c.tag].push_back(&c);
  std::map<std::string, docs::ComponentDoc> pages;
  for (const auto& [doc, markdown] : sources.component_pages) pages.emplace(doc, docs::parse_component_doc(markdown));

  for (const auto& c : primary.components) {
    const auto& versions = by_tag[c.tag];

    Document d{Kind::component, c.kebab, c.kebab, c.tag + " (" + c.name + ")", {}};
    d.fields.push_back({c.kebab, name_weight, true});
    for (const auto* v : versions) {
      if (!v->description.empty()) d.fields.push_back({v->description, summary_weight});
      for (const auto& p : v->props) d.fields.push_back({p.description, text_weight});
      for (const auto& e : v->events) d.fields.push_back({e.description, text_weight});
      for (const auto& s : v->slots) d.fields.push_back({s.description, text_weight});
    }
    // A term several libraries share counts once: the table says who uses it, not how much. Terms
    // are the same when they are the same words ("Radio Group", "radio-group"; not "BackTop" and
    // "Backtop", which a question may write either way).
    std::map<std::string, std::size_t> at;  // whole-name key -> its field
    for (const auto& alias : vocabulary()) {
      if (alias.component != c.tag) continue;
      auto [it, added] = at.emplace(name_key(alias.term), d.fields.size());
      if (added) d.fields.push_back({alias.term, alias_weight, true, alias.source});
      else if (auto& used_by = d.fields[it->second].used_by; used_by.find(alias.source) == std::string::npos)
        used_by += ", " + alias.source;
    }
    // What a common name's row says the thing is for ("repeated faint text or logo over content")
    // is everyday language too; the links it cites are not.
    std::set<std::string> purposes;
    for (const auto& alias : vocabulary())
      if (alias.component == c.tag && alias.source == "common")
        if (auto purpose = without_links(alias.reference); !purpose.empty() && purposes.insert(purpose).second)
          d.fields.push_back({purpose, purpose_weight});
    if (sources.menu) add_titles(d, sources.menu->find(c.kebab));
    if (auto page = pages.find(c.kebab); page != pages.end()) {
      if (!page->second.intro.empty()) d.fields.push_back({page->second.intro, summary_weight});
      for (const auto& example : page->second.examples) d.fields.push_back({example.title, text_weight});
    }
    index.add(std::move(d));

    add_members(index, Kind::prop, c, versions, &Component::props);
    add_members(index, Kind::event, c, versions, &Component::events);
    add_members(index, Kind::slot, c, versions, &Component::slots);
  }

  for (const auto& [doc, parsed] : pages) {
    // A component's page owns its examples, even those that only call its function API from a
    // <var-button> (Snackbar, Dialog); a page that is no component (themes) lends them to the
    // first component their code uses.
    // `doc` is captured by name: clang 14 cannot capture a structured binding.
    bool page_is_component = std::any_of(primary.components.begin(), primary.components.end(),
                                         [&doc = doc](const Component& c) { return c.kebab == doc; });
    for (const auto& example : parsed.examples) {
      std::string owner = doc;
      if (!page_is_component)
        for (const auto& code : example.code)
          if (auto used = components_in_code(code.code); !used.empty()) {
            owner = used.front();
            break;
          }
      Document d{Kind::example, owner, example.title, owner + ": " + example.title, {}};
      d.fields.push_back({example.title, title_weight});
      d.fields.push_back({owner, owner_weight});
      if (!example.group.empty()) d.fields.push_back({example.group, text_weight});
      if (!example.description.empty()) d.fields.push_back({example.description, text_weight});
      index.add(std::move(d));
    }
  }

  if (sources.menu) {
    for (const auto* item : docs::guides(*sources.menu)) {
      Document d{Kind::guide, {}, item->doc, item->title(primary.locale), {}};
      d.fields.push_back({item->doc, title_weight, true});
      add_titles(d, item);
      if (auto page = sources.guide_pages.find(item->doc); page != sources.guide_pages.end()) {
        auto parsed = docs::parse_document(page->second);
        for (const auto& section : parsed.sections) d.fields.push_back({section.title, summary_weight});
        auto text = docs::prose(page->second, parsed, 0, parsed.blocks.size());
        if (!text.empty()) d.fields.push_back({std::move(text), text_weight});
      }
      index.add(std::move(d));
    }
  }
  // Another library's name in a question asks for the Varlet component of the same thing.
  std::set<std::string> library_words{"antd", "el", "van"};
  for (const auto& alias : vocabulary())
    if (alias.source != "common")
      for (auto& term : terms(alias.source)) library_words.insert(std::move(term));
  index.set_component_words(std::move(library_words));
  index.build();
  return index;
}

}  // namespace varlet::catalog::search
