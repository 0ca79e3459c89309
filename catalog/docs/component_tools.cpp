// get_component_examples and get_component_docs: a component's docs page from the repository.
#include "catalog/docs/component_pages.hpp"
#include "catalog/docs/docs_tools.hpp"
#include "catalog/search/index.hpp"

#include <algorithm>

namespace varlet::catalog::docs {
namespace {

constexpr std::size_t default_examples = 10;
constexpr std::size_t max_examples = 50;

// The page names to look at for the component an argument names; empty until the menu is known.
std::optional<std::vector<std::string>> candidate_pages(const json::object& args, const ToolInputs& inputs) {
  if (!inputs.model) return std::nullopt;
  const auto* component = resolve_component(*inputs.model, get_string(args, "name").value_or(""));
  if (!component) return std::nullopt;
  auto menu_file = lookup(inputs, {std::string(paths::site_config)});
  if (!menu_file.wanted.empty()) return std::nullopt;
  if (!menu_file.text) return std::vector<std::string>{component->kebab};
  auto menu = parse_site_menu(*menu_file.text);
  if (const auto* m = std::get_if<SiteMenu>(&menu)) return page_names_for(component->kebab, *m);
  return std::vector<std::string>{component->kebab};
}

std::vector<std::string> needed(const json::object& args, const ToolInputs& inputs) {
  auto menu = lookup(inputs, {std::string(paths::site_config)});
  if (!menu.wanted.empty()) return menu.wanted;
  auto names = candidate_pages(args, inputs);
  return names ? pages_wanted(*names, inputs) : std::vector<std::string>{};
}

struct Resolved {
  const Component* component = nullptr;
  std::optional<ComponentPage> page;
  std::optional<json::object> error;
};

Resolved resolve(const json::object& args, const ToolInputs& inputs) {
  Resolved r;
  if (!inputs.model) {
    r.error = error_result("The Varlet " + inputs.version + " catalog is not available.");
    return r;
  }
  auto name = get_string(args, "name").value_or("");
  r.component = resolve_component(*inputs.model, name);
  if (!r.component) {
    r.error = error_result(unknown_component(*inputs.model, name));
    return r;
  }
  auto names = candidate_pages(args, inputs).value_or(std::vector<std::string>{r.component->kebab});
  r.page = best_page(r.component->kebab, names, inputs);
  if (!r.page)
    r.error = absent_result(inputs, "docs page for " + r.component->tag,
                            paths::component_page(r.component->kebab, locale_of(inputs)));
  return r;
}

json::object name_property() {
  return {{"type", "string"}, {"minLength", 1}, {"description", "Component: tag, kebab or Pascal name, e.g. var-button"}};
}

std::string fence(const CodeBlock& code) {
  // A fence longer than any backtick run inside the code, so nested fences stay inside.
  std::size_t longest = 0, run = 0;
  for (char c : code.code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string ticks(std::max<std::size_t>(3, longest + 1), '`');
  return ticks + code.language + "\n" + code.code + "\n" + ticks + "\n";
}

json::object example_json(const Example& e) {
  json::array code;
  for (const auto& c : e.code) code.push_back({{"language", c.language}, {"code", c.code}});
  json::object o{{"title", e.title}, {"code", std::move(code)}};
  if (!e.group.empty()) o["group"] = e.group;
  if (!e.description.empty()) o["description"] = e.description;
  return o;
}

// The examples in the order a query wants: best match first (BM25 over title, description and
// code), or page order without a query.
std::vector<const Example*> ranked(const std::vector<const Example*>& examples, std::string_view query) {
  if (query.empty()) return examples;
  search::Index index;
  for (const auto* e : examples) {
    search::Document d{search::Kind::example, {}, e->title, e->title, {}};
    d.fields.push_back({e->title, 3});
    d.fields.push_back({e->group, 1});
    d.fields.push_back({e->description, 2});
    for (const auto& c : e->code) d.fields.push_back({c.code, 0.5f});
    index.add(std::move(d));
  }
  index.build();
  std::vector<const Example*> out;
  std::vector<bool> taken(examples.size());
  for (const auto& hit : index.search(query, examples.size())) {
    auto i = static_cast<std::size_t>(hit.document - index.documents().data());
    taken[i] = true;
    out.push_back(examples[i]);
  }
  for (std::size_t i = 0; i < examples.size(); ++i)
    if (!taken[i]) out.push_back(examples[i]);
  return out;
}

}  // namespace

ToolDefinition component_examples_tool() {
  ToolDefinition tool;
  tool.spec.name = "get_component_examples";
  tool.spec.title = "Varlet component examples";
  tool.spec.description =
      "Complete, titled examples of a Varlet component from its docs page for the version (template and script "
      "together, as the docs show them). With `query` the examples that match it best come first.";
  tool.spec.input_schema = input_schema(
      {{"name", name_property()},
       {"version", version_property()},
       {"locale", locale_property()},
       {"query", {{"type", "string"}, {"description", "What the example should show, e.g. loading state"}}},
       {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", max_examples}, {"description", "Default 10"}}}},
      {"name"});
  json::object code = output_schema({{"language", {{"type", "string"}}}, {"code", {{"type", "string"}}}},
                                    {"language", "code"});
  json::object example = output_schema({{"title", {{"type", "string"}}},
                                        {"group", {{"type", "string"}}},
                                        {"description", {{"type", "string"}}},
                                        {"code", {{"type", "array"}, {"items", code}}}},
                                       {"title", "code"});
  tool.spec.output_schema = output_schema({{"component", {{"type", "string"}}},
                                           {"tag", {{"type", "string"}}},
                                           {"version", {{"type", "string"}}},
                                           {"locale", {{"type", "string"}}},
                                           {"source", {{"type", "string"}}},
                                           {"examples", {{"type", "array"}, {"items", example}}},
                                           {"total", {{"type", "integer"}}}},
                                          {"component", "tag", "version", "locale", "source", "examples", "total"});
  tool.docs_needed = needed;
  tool.run = [](const json::object& args, const ToolInputs& inputs) -> json::object {
    auto r = resolve(args, inputs);
    if (r.error) return *r.error;
    const auto& kebab = r.component->kebab;
    std::vector<const Example*> examples;
    for (const auto& e : r.page->doc.examples)
      if (r.page->own || uses(e, kebab) > 0) examples.push_back(&e);
    auto query = get_string(args, "query").value_or("");
    std::size_t limit = default_examples;
    if (auto* l = args.if_contains("limit"); l && l->is_number())
      limit = std::clamp<std::size_t>(static_cast<std::size_t>(l->to_number<double>()), 1, max_examples);
    auto order = ranked(examples, query);
    if (order.size() > limit) order.resize(limit);

    std::string text = "# " + r.component->tag + " examples (Varlet " + inputs.version + ", from " + r.page->path + ")\n";
    if (examples.empty()) text += "\nThe docs page shows no example of " + r.component->tag + ".\n";
    json::array list;
    for (const auto* e : order) {
      text += "\n## " + (e->group.empty() ? "" : e->group + " / ") + e->title + "\n\n";
      if (!e->description.empty()) text += e->description + "\n\n";
      for (const auto& c : e->code) text += fence(c);
      list.push_back(example_json(*e));
    }
    if (order.size() < examples.size())
      text += "\n(" + std::to_string(examples.size() - order.size()) + " more examples: raise `limit` to see them.)\n";
    return docs_result(std::move(text),
                       {{"component", r.component->name},
                        {"tag", r.component->tag},
                        {"version", inputs.version},
                        {"locale", locale_of(inputs)},
                        {"source", r.page->path},
                        {"examples", std::move(list)},
                        {"total", examples.size()}},
                       inputs, {std::string(paths::site_config), r.page->path});
  };
  return tool;
}

ToolDefinition component_docs_tool(const DocsToolsOptions& options) {
  ToolDefinition tool;
  tool.spec.name = "get_component_docs";
  tool.spec.title = "Varlet component docs page";
  tool.spec.description =
      "The docs page of a Varlet component for the version (markdown: intro, examples, API tables with the "
      "versions that added each prop), or one `section` of it such as \"API\", \"Props\" or \"Style Variables\". "
      "Long pages come in pages that fit a model's context: pass nextCursor back as cursor with the same arguments.";
  tool.spec.input_schema = input_schema(
      {{"name", name_property()},
       {"version", version_property()},
       {"locale", locale_property()},
       {"section", {{"type", "string"}, {"description", "A heading of the page, e.g. API or Props; default: all"}}},
       {"cursor", cursor_property()}},
      {"name"});
  tool.spec.output_schema = output_schema({{"component", {{"type", "string"}}},
                                           {"tag", {{"type", "string"}}},
                                           {"title", {{"type", "string"}}},
                                           {"version", {{"type", "string"}}},
                                           {"locale", {{"type", "string"}}},
                                           {"source", {{"type", "string"}}},
                                           {"section", {{"type", "string"}}},
                                           {"sections", {{"type", "array"}}},
                                           {"page", {{"type", "object"}}},
                                           {"markdown", {{"type", "string"}}}},
                                          {"component", "tag", "version", "locale", "source", "page", "markdown"});
  tool.docs_needed = needed;
  tool.run = [budget = options.page_bytes](const json::object& args, const ToolInputs& inputs) -> json::object {
    auto r = resolve(args, inputs);
    if (r.error) return *r.error;
    const auto& doc = r.page->doc.document;
    std::string_view text = r.page->markdown;
    std::string section_title;
    if (auto wanted = get_string(args, "section"); wanted && !wanted->empty()) {
      auto s = find_section(doc, *wanted);
      if (!s) {
        std::string titles;
        for (const auto& sec : doc.sections) titles.append(titles.empty() ? "" : ", ").append(sec.title);
        return error_result("The " + r.component->tag + " docs page (" + r.page->path + ") has no section \"" +
                            std::string(*wanted) + "\". Its sections: " + titles + ".");
      }
      section_title = doc.sections[*s].title;
      text = text.substr(doc.sections[*s].begin, doc.sections[*s].end - doc.sections[*s].begin);
    }
    auto scope = "get_component_docs|" + inputs.version + "|" + std::string(locale_of(inputs)) + "|" +
                 r.component->kebab + "|" + section_title + "|" + std::to_string(budget);
    auto page = page_of(text, scope, get_string(args, "cursor"), budget);
    if (auto* error = std::get_if<json::object>(&page)) return *error;
    auto& p = std::get<PageOfText>(page);
    std::string content = p.text;
    if (!p.next_cursor.empty())
      content += "\n\n(Page " + std::to_string(p.index + 1) + " of " + std::to_string(p.count) +
                 "; call get_component_docs again with the same arguments and cursor \"" + p.next_cursor +
                 "\" for the next page.)";
    json::object structured{{"component", r.component->name},
                            {"tag", r.component->tag},
                            {"title", doc.title},
                            {"version", inputs.version},
                            {"locale", locale_of(inputs)},
                            {"source", r.page->path},
                            {"sections", outline(doc)},
                            {"page", page_json(p)},
                            {"markdown", std::move(p.text)}};
    if (!section_title.empty()) structured["section"] = section_title;
    return docs_result(std::move(content), std::move(structured), inputs, {std::string(paths::site_config), r.page->path});
  };
  return tool;
}

}  // namespace varlet::catalog::docs
