#include "catalog/search/search_tools.hpp"

#include "catalog/docs/guides.hpp"

#include <cmath>

namespace varlet::catalog::search {
namespace {

using docs::input_schema;
using docs::output_schema;

constexpr std::size_t default_limit = 10;
constexpr std::size_t max_limit = 50;

// The pages of the menu items the inputs hold, by page name.
std::map<std::string, std::string_view> pages_held(const ToolInputs& inputs, const std::vector<const docs::MenuItem*>& items) {
  std::map<std::string, std::string_view> pages;
  for (const auto* item : items)
    if (auto file = docs::lookup(inputs, docs::page_candidates(*item, docs::locale_of(inputs))); file.text)
      pages.emplace(item->doc, *file.text);
  return pages;
}

std::vector<const docs::MenuItem*> component_items(const docs::SiteMenu& menu) {
  auto guides = docs::guides(menu);
  std::vector<const docs::MenuItem*> out;
  for (const auto* item : menu.of_type(docs::MenuItemType::component))
    if (std::find(guides.begin(), guides.end(), item) == guides.end()) out.push_back(item);
  return out;
}

json::object hit_json(const Hit& hit) {
  const auto& d = *hit.document;
  json::object o{{"kind", to_string(d.kind)},
                 {"name", d.name},
                 {"title", d.title},
                 {"score", std::round(hit.score * 1000) / 1000},
                 {"matched", hit.matched}};
  // Why it matched: the words of the question it holds, and another library's name when that matched.
  json::array words;
  for (const auto& term : hit.terms)
    if (!term.empty() && term.front() != '#' && std::find(words.begin(), words.end(), json::value(term)) == words.end())
      words.emplace_back(term);
  o["words"] = std::move(words);
  if (hit.field && !hit.field->used_by.empty())
    o["alias"] = {{"term", hit.field->text}, {"usedBy", hit.field->used_by}};
  if (!d.component.empty()) {
    o["component"] = d.component;
    o["tag"] = "var-" + d.component;
    o["uri"] = "varlet://components/" + d.component;
  }
  return o;
}

}  // namespace

std::shared_ptr<const Index> IndexCache::get(const std::string& key, const std::function<Index()>& build) {
  {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->first == key) {
        entries_.splice(entries_.begin(), entries_, it);
        return it->second;
      }
  }
  // Built outside the lock: two first calls may both build; either result is the same index.
  auto index = std::make_shared<const Index>(build());
  std::lock_guard lock(mutex_);
  entries_.emplace_front(key, index);
  while (entries_.size() > capacity_) entries_.pop_back();
  return index;
}

ToolDefinition search_tool(const docs::DocsToolsOptions& options, std::shared_ptr<IndexCache> cache) {
  ToolDefinition tool;
  tool.spec.name = "search";
  tool.spec.title = "Search Varlet";
  tool.spec.description =
      "Finds the Varlet components, props, events, slots, guides and examples that match a description in English "
      "or Chinese (\"a pull-down refresh\", \"bottom sheet\", \"下拉刷新\"), ranked by relevance (BM25) with the text "
      "that matched. Use it when you do not know a component's name; then call get_component_api or "
      "get_component_examples on the best match.";
  json::array kinds;
  for (auto k : {Kind::component, Kind::prop, Kind::event, Kind::slot, Kind::guide, Kind::example})
    kinds.emplace_back(to_string(k));
  tool.spec.input_schema = input_schema(
      {{"query", {{"type", "string"}, {"minLength", 1}, {"description", "What you are looking for, in words"}}},
       {"version", docs::version_property()},
       {"locale", docs::locale_property()},
       {"kinds",
        {{"type", "array"},
         {"items", {{"type", "string"}, {"enum", kinds}}},
         {"description", "Only these kinds of results; default: all"}}},
       {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", max_limit}, {"description", "Default 10"}}}},
      {"query"});
  json::object result_schema = output_schema({{"kind", {{"type", "string"}, {"enum", kinds}}},
                                              {"name", {{"type", "string"}}},
                                              {"title", {{"type", "string"}}},
                                              {"component", {{"type", "string"}}},
                                              {"tag", {{"type", "string"}}},
                                              {"uri", {{"type", "string"}}},
                                              {"score", {{"type", "number"}}},
                                              {"matched", {{"type", "string"}}},
                                              {"words", {{"type", "array"}, {"items", {{"type", "string"}}},
                                                         {"description", "the search terms of the question it holds"}}},
                                              {"alias", {{"type", "object"},
                                                         {"properties", {{"term", {{"type", "string"}}}, {"usedBy", {{"type", "string"}}}}},
                                                         {"description", "the other library's or everyday name that matched, and who uses it ('common': everyday UI language)"}}}},
                                             {"kind", "name", "title", "score", "matched"});
  tool.spec.output_schema = output_schema({{"query", {{"type", "string"}}},
                                           {"version", {{"type", "string"}}},
                                           {"locale", {{"type", "string"}}},
                                           {"results", {{"type", "array"}, {"items", result_schema}}},
                                           {"indexed", {{"type", "object"}}}},
                                          {"query", "version", "locale", "results", "indexed"});
  if (options.search_reads_docs)
    tool.docs_needed = [](const json::object&, const ToolInputs& inputs) {
      auto menu_file = docs::lookup(inputs, {std::string(docs::paths::site_config)});
      if (!menu_file.text) return menu_file.wanted;
      auto menu = docs::parse_site_menu(*menu_file.text);
      std::vector<std::string> wanted;
      if (const auto* m = std::get_if<docs::SiteMenu>(&menu))
        for (const auto& item : m->items)
          if (item.type != docs::MenuItemType::group)
            for (auto& path : docs::lookup(inputs, docs::page_candidates(item, docs::locale_of(inputs))).wanted)
              wanted.push_back(std::move(path));
      return wanted;
    };
  tool.needs_both_locales = true;
  tool.run = [cache](const json::object& args, const ToolInputs& inputs) -> json::object {
    if (!inputs.model) return docs::error_result("The Varlet " + inputs.version + " catalog is not available.");
    auto query = std::string(get_string(args, "query").value_or(""));
    std::vector<Kind> kinds;
    if (auto* list = args.if_contains("kinds"); list && list->is_array())
      for (const auto& k : list->get_array())
        if (auto kind = k.is_string() ? kind_from_string(k.get_string()) : std::nullopt) kinds.push_back(*kind);
    std::size_t limit = default_limit;
    if (auto* l = args.if_contains("limit"); l && l->is_number())
      limit = std::clamp<std::size_t>(static_cast<std::size_t>(l->to_number<double>()), 1, max_limit);

    auto locale = std::string(docs::locale_of(inputs));
    SearchSources sources;
    sources.models.push_back(inputs.model.get());
    if (inputs.other_locale_model) sources.models.push_back(inputs.other_locale_model.get());
    std::optional<docs::SiteMenu> menu;
    std::vector<std::string> artifacts;
    if (auto file = docs::lookup(inputs, {std::string(docs::paths::site_config)}); file.text) {
      if (auto parsed = docs::parse_site_menu(*file.text); std::holds_alternative<docs::SiteMenu>(parsed)) {
        menu = std::get<docs::SiteMenu>(std::move(parsed));
        sources.menu = &*menu;
        sources.component_pages = pages_held(inputs, component_items(*menu));
        sources.guide_pages = pages_held(inputs, docs::guides(*menu));
        artifacts.push_back(file.path);
      }
    }
    auto key = inputs.version + "|" + locale + "|" + (inputs.other_locale_model ? "both" : "one") + "|" + std::to_string(artifacts.size()) +
               "|" + std::to_string(sources.component_pages.size()) + "|" + std::to_string(sources.guide_pages.size());
    auto index = cache->get(key, [&] { return build_index(sources); });

    json::array results;
    std::string text;
    for (const auto& hit : index->search(query, limit, kinds)) {
      const auto& d = *hit.document;
      text += std::to_string(results.size() + 1) + ". [" + std::string(to_string(d.kind)) + "] " + d.title + " — " +
              hit.matched;
      if (hit.field && !hit.field->used_by.empty()) text += " (so called in: " + hit.field->used_by + ")";
      text += "\n";
      results.push_back(hit_json(hit));
    }
    if (results.empty())
      text = "Nothing in Varlet " + inputs.version + " matches \"" + query +
             "\". Try other words (English or Chinese), fewer kinds, or list_components.";
    json::object indexed{{"documents", index->size()},
                         {"locales", sources.models.size()},
                         {"docsPages", sources.component_pages.size() + sources.guide_pages.size()}};
    return docs::docs_result(std::move(text),
                             {{"query", query},
                              {"version", inputs.version},
                              {"locale", locale},
                              {"results", std::move(results)},
                              {"indexed", std::move(indexed)}},
                             inputs, artifacts);
  };
  return tool;
}

}  // namespace varlet::catalog::search
