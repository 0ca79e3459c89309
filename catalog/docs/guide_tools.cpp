// list_guides and get_guide: the guides the docs site lists, read from the repository.
#include "catalog/docs/docs_tools.hpp"
#include "catalog/docs/guides.hpp"
#include "mcp/suggest.hpp"

namespace varlet::catalog::docs {
namespace {

json::object guide_json(const MenuItem& item, std::string_view locale) {
  json::object titles;
  for (const auto& [l, t] : item.titles) titles[l] = t;
  return {{"name", item.doc}, {"title", item.title(locale)}, {"group", item.group}, {"titles", std::move(titles)}};
}

json::object guide_item_schema() {
  return output_schema({{"name", {{"type", "string"}}},
                        {"title", {{"type", "string"}}},
                        {"group", {{"type", "string"}}},
                        {"titles", {{"type", "object"}}}},
                       {"name", "title"});
}

std::string unknown_guide(const SiteMenu& menu, std::string_view name, std::string_view locale) {
  std::vector<std::string> names;
  for (const auto* item : guides(menu)) names.push_back(item->doc);
  std::string text = "No guide named \"" + std::string(name) + "\".";
  if (auto close = mcp::closest_matches(name, names); !close.empty()) text += " Did you mean " + close.front() + "?";
  text += " Guides: ";
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i ? ", " : "") + names[i] + " (" + menu.find(names[i])->title(locale) + ")";
  return text + ".";
}

}  // namespace

ToolDefinition list_guides_tool() {
  ToolDefinition tool;
  tool.spec.name = "list_guides";
  tool.spec.title = "List Varlet guides";
  tool.spec.description =
      "Lists the guides of the Varlet docs site for a version (quick start, import on demand, theming, locale, "
      "server-side rendering, migration, browser adaptation, ...), with their names for get_guide and their titles.";
  tool.spec.input_schema = input_schema({{"version", version_property()}, {"locale", locale_property()}});
  tool.spec.output_schema = output_schema(
      {{"version", {{"type", "string"}}},
       {"locale", {{"type", "string"}}},
       {"guides", {{"type", "array"}, {"items", guide_item_schema()}}}},
      {"version", "locale", "guides"});
  tool.needs_model = false;
  tool.docs_needed = [](const json::object&, const ToolInputs& inputs) {
    return lookup(inputs, {std::string(paths::site_config)}).wanted;
  };
  tool.run = [](const json::object&, const ToolInputs& inputs) -> json::object {
    auto menu = site_menu(inputs);
    if (auto* error = std::get_if<json::object>(&menu)) return *error;
    const auto& m = std::get<SiteMenu>(menu);
    auto locale = locale_of(inputs);
    json::array list;
    std::string text = "Guides of Varlet " + inputs.version + " (" + std::string(locale) + "):\n";
    for (const auto* item : guides(m)) {
      list.push_back(guide_json(*item, locale));
      text += "- " + item->doc + ": " + item->title(locale) + "\n";
    }
    return docs_result(std::move(text),
                       {{"version", inputs.version}, {"locale", locale}, {"guides", std::move(list)}}, inputs,
                       {std::string(paths::site_config)});
  };
  return tool;
}

ToolDefinition get_guide_tool(const DocsToolsOptions& options) {
  ToolDefinition tool;
  tool.spec.name = "get_guide";
  tool.spec.title = "Read a Varlet guide";
  tool.spec.description =
      "Returns a guide of the Varlet docs (markdown) by name or title, as listed by list_guides: e.g. quickstart, "
      "importOnDemand, themes, locale, serverSideRendering, migrationGuide. Long guides come in pages: pass "
      "nextCursor back as cursor for the next one.";
  tool.spec.input_schema = input_schema({{"name", {{"type", "string"}, {"minLength", 1},
                                                   {"description", "Guide name or title, e.g. quickstart"}}},
                                         {"version", version_property()},
                                         {"locale", locale_property()},
                                         {"cursor", cursor_property()}},
                                        {"name"});
  tool.spec.output_schema = output_schema({{"name", {{"type", "string"}}},
                                           {"title", {{"type", "string"}}},
                                           {"version", {{"type", "string"}}},
                                           {"locale", {{"type", "string"}}},
                                           {"source", {{"type", "string"}}},
                                           {"sections", {{"type", "array"}}},
                                           {"page", {{"type", "object"}}},
                                           {"markdown", {{"type", "string"}}}},
                                          {"name", "title", "source", "page", "markdown"});
  tool.needs_model = false;
  tool.docs_needed = [](const json::object& args, const ToolInputs& inputs) {
    auto menu_file = lookup(inputs, {std::string(paths::site_config)});
    if (!menu_file.wanted.empty() || !menu_file.text) return menu_file.wanted;
    auto menu = parse_site_menu(*menu_file.text);
    const auto* m = std::get_if<SiteMenu>(&menu);
    const MenuItem* item = m ? find_guide(*m, get_string(args, "name").value_or("")) : nullptr;
    return item ? lookup(inputs, page_candidates(*item, locale_of(inputs))).wanted : std::vector<std::string>{};
  };
  tool.run = [budget = options.page_bytes](const json::object& args, const ToolInputs& inputs) -> json::object {
    auto menu = site_menu(inputs);
    if (auto* error = std::get_if<json::object>(&menu)) return *error;
    const auto& m = std::get<SiteMenu>(menu);
    auto locale = locale_of(inputs);
    auto name = get_string(args, "name").value_or("");
    const auto* item = find_guide(m, name);
    if (!item) return error_result(unknown_guide(m, name, locale));
    auto file = lookup(inputs, page_candidates(*item, locale));
    if (!file.text) return absent_result(inputs, "page for the guide `" + item->doc + "`", file.path);
    auto scope = "get_guide|" + inputs.version + "|" + std::string(locale) + "|" + item->doc + "|" + std::to_string(budget);
    auto page = page_of(*file.text, scope, get_string(args, "cursor"), budget);
    if (auto* error = std::get_if<json::object>(&page)) return *error;
    auto& p = std::get<PageOfText>(page);
    std::string text = p.text;
    if (!p.next_cursor.empty())
      text += "\n\n(Page " + std::to_string(p.index + 1) + " of " + std::to_string(p.count) +
              "; call get_guide again with cursor \"" + p.next_cursor + "\" for the next page.)";
    json::object structured{{"name", item->doc},
                            {"title", item->title(locale)},
                            {"version", inputs.version},
                            {"locale", locale},
                            {"source", file.path},
                            {"sections", outline(parse_document(*file.text))},
                            {"page", page_json(p)},
                            {"markdown", std::move(p.text)}};
    return docs_result(std::move(text), std::move(structured), inputs, {std::string(paths::site_config), file.path});
  };
  return tool;
}

}  // namespace varlet::catalog::docs
