#include "catalog/api_tools.hpp"

#include "catalog/docs/api_merge.hpp"
#include "catalog/docs/site_menu.hpp"
#include "catalog/docs/tool_support.hpp"
#include "catalog/model.hpp"
#include "catalog/names.hpp"
#include "catalog/render.hpp"
#include "catalog/resolve.hpp"
#include "catalog/templates/check_tool.hpp"
#include "mcp/engine.hpp"

#include <algorithm>

namespace varlet::catalog {
namespace {

using docs::input_schema;
using docs::locale_property;
using docs::output_schema;
using docs::version_property;

json::object str(std::string description = {}) {
  json::object o{{"type", "string"}};
  if (!description.empty()) o["description"] = std::move(description);
  return o;
}
json::object list_of(json::value item) { return {{"type", "array"}, {"items", std::move(item)}}; }

json::object result(std::string text, json::object structured, json::object meta) {
  auto r = mcp::tool_result(std::move(text), json::value(std::move(structured)));
  r["_meta"] = std::move(meta);
  return r;
}

json::object failure(std::string text) { return mcp::tool_result(std::move(text), std::nullopt, true); }

std::string web_types_path(const Model& m) { return "highlight/web-types." + m.locale + ".json"; }

ToolDefinition make(std::string name, std::string title, std::string description, json::object input,
                    json::object output, std::function<json::object(const json::object&, const ToolInputs&)> run) {
  ToolDefinition t;
  t.spec.name = std::move(name);
  t.spec.title = std::move(title);
  t.spec.description = std::move(description);
  t.spec.input_schema = std::move(input);
  t.spec.output_schema = std::move(output);
  t.needs_model = true;
  t.run = std::move(run);
  return t;
}

json::object list_components(const json::object&, const ToolInputs& in) {
  const auto& m = *in.model;
  json::array items;
  std::string text = "Varlet " + m.version + " (" + m.locale + "): " + std::to_string(m.components.size()) +
                     " components. tag | props/events/slots | description\n";
  for (const auto& c : m.components) {
    json::object item{{"name", c.name},
                      {"tag", c.tag},
                      {"description", c.description},
                      {"props", public_count(c.props)},
                      {"events", public_count(c.events)},
                      {"slots", c.slots.size()}};
    items.push_back(std::move(item));
    text += c.tag + " | " + std::to_string(public_count(c.props)) + "/" + std::to_string(public_count(c.events)) + "/" +
            std::to_string(c.slots.size());
    if (!c.description.empty()) text += " | " + c.description;
    text += "\n";
  }
  return result(std::move(text), {{"version", m.version}, {"locale", m.locale}, {"components", std::move(items)}},
                provenance(m, {web_types_path(m)}));
}

json::object get_component_api(const json::object& args, const ToolInputs& in) {
  const auto& m = *in.model;
  auto name = get_string(args, "name").value_or("");
  auto found = find_component(m, name);
  if (!found.found) return failure(not_found_message("component", name, found.suggestions, "list_components", found.note));
  std::set<std::string> wanted;
  if (auto* s = args.if_contains("sections"); s && s->is_array())
    for (auto& v : s->get_array())
      if (v.is_string()) wanted.insert(std::string(v.get_string()));
  const Component* component = found.found;
  auto artifacts = component->artifacts;
  json::object structured;
  std::string notes;
  // With its docs page at hand, the API is completed from it and disagreements are reported.
  std::optional<docs::MergedApi> merged;
  auto page = docs::paths::component_page(component->kebab, m.locale);
  if (auto it = in.docs.find(page); it != in.docs.end() && it->second) {
    merged = docs::merge_docs(*component, docs::parse_component_doc(**it->second));
    component = &merged->component;
    artifacts.push_back("github:varletjs/varlet@v" + m.version + "/" + page);
    json::array listed;
    for (const auto& d : merged->disagreements) {
      listed.emplace_back(d);
      notes += "- " + d + "\n";
    }
    structured["docsDisagreements"] = std::move(listed);
    if (!notes.empty()) notes = "\n## Package and docs disagree (the package is the truth)\n" + notes;
  }
  auto sections = present_sections(*component, wanted);
  structured["component"] = component_json(m, *component, sections);
  return result(component_markdown(m, *component, sections) + notes, std::move(structured),
                provenance(m, artifacts));
}

// The component's own docs page, when the API is completed from the docs.
std::vector<std::string> component_page_needed(const json::object& args, const ToolInputs& in) {
  if (!in.model) return {};
  auto found = find_component(*in.model, get_string(args, "name").value_or(""));
  if (!found.found) return {};
  auto page = docs::paths::component_page(found.found->kebab, in.model->locale);
  if (in.docs.count(page)) return {};
  return {page};
}

json::object get_directive_api(const json::object& args, const ToolInputs& in) {
  const auto& m = *in.model;
  auto name = get_string(args, "name").value_or("");
  auto found = find_directive(m, name);
  if (!found.found) {
    std::vector<std::string> names;
    for (const auto& d : m.directives) names.push_back("v-" + d.name);
    auto message = not_found_message("directive", name, found.suggestions, "get_exports");
    std::string known;
    for (auto& n : names) known += (known.empty() ? "" : ", ") + n;
    return failure(message + " Directives of Varlet " + m.version + ": " + known + ".");
  }
  const auto& d = *found.found;
  json::array options;
  std::string text = "# v-" + d.name + " (`" + d.export_name + "`, Varlet " + m.version + ")\n" +
                     "Register: `app.use(" + d.export_name + ")` or `app.directive('" + d.name + "', " + d.export_name +
                     ")`; use `v-" + d.name + "=\"value\"`.\nValue type: `" + d.value_type + "`\n";
  for (const auto& o : d.options) {
    options.push_back({{"name", o.name}, {"type", o.type}});
    text += "- `" + o.name + "`: " + o.type + "\n";
  }
  return result(std::move(text),
                {{"directive",
                  {{"name", d.name},
                   {"exportName", d.export_name},
                   {"valueType", d.value_type},
                   {"options", std::move(options)},
                   {"version", m.version}}}},
                provenance(m, {d.artifact}));
}

json::object tokens_json(const std::vector<std::pair<std::string, std::string>>& tokens) {
  json::array out;
  for (auto& [name, value] : tokens) out.push_back({{"name", name}, {"value", value}});
  return {{"tokens", std::move(out)}};
}

json::object get_theme(const json::object& args, const ToolInputs& in) {
  const auto& m = *in.model;
  auto theme_name = get_string(args, "name");
  auto component_name = get_string(args, "component");
  const Component* component = nullptr;
  if (component_name) {
    auto found = find_component(m, *component_name);
    if (!found.found) return failure(not_found_message("component", *component_name, found.suggestions, "list_components", found.note));
    component = found.found;
  }
  if (!theme_name && component) {
    // The CSS variables a component reads, with their defaults.
    json::array vars;
    std::string text = "CSS variables of " + component->tag + " (Varlet " + m.version + "), with defaults:\n";
    for (const auto& v : component->css_vars) {
      vars.push_back({{"name", v.name}, {"value", v.default_value}});
      text += v.name + ": " + v.default_value + "\n";
    }
    if (component->css_vars.empty()) text += "(none: this component declares no CSS variables)\n";
    text += "Themes (" + std::to_string(m.themes.size()) + "): pass name to see one's values.\n";
    return result(std::move(text), {{"component", component->tag}, {"version", m.version}, {"tokens", std::move(vars)}},
                  provenance(m, component->artifacts));
  }
  if (!theme_name) {
    json::array names;
    std::string text = "Themes of Varlet " + m.version + ": ";
    for (const auto& t : m.themes) {
      names.push_back(json::string(t.name));
      text += t.name + " (StyleProvider(Themes." + t.export_name + ")) ";
    }
    return result(text + "\nPass name (and optionally component) to see tokens.",
                  {{"version", m.version}, {"themes", std::move(names)}}, provenance(m, {"es/themes/index.mjs"}));
  }
  auto found = find_theme(m, *theme_name);
  if (!found.found) return failure(not_found_message("theme", *theme_name, found.suggestions, "get_theme"));
  const auto& t = *found.found;
  const auto* tokens = &t.tokens;
  std::string scope = "base tokens";
  if (component) {
    auto it = t.component_tokens.find(component->kebab);
    if (it == t.component_tokens.end())
      return failure("Theme " + t.name + " sets no variables for " + component->tag + "; it uses the defaults.");
    tokens = &it->second;
    scope = component->tag;
  }
  std::string text = "Theme " + t.name + " (Varlet " + m.version + "), " + scope +
                     ". Apply: `StyleProvider(Themes." + t.export_name + ")`.\n";
  for (auto& [name, value] : *tokens) text += name + ": " + value + "\n";
  if (!component) {
    text += "Components with their own tokens: ";
    for (auto& [kebab, _] : t.component_tokens) text += kebab + " ";
    text += "\n";
  }
  auto structured = tokens_json(*tokens);
  structured["theme"] = t.name;
  structured["version"] = m.version;
  if (component) structured["component"] = component->tag;
  return result(std::move(text), std::move(structured), provenance(m, {"es/themes/" + t.name + "/index.mjs"}));
}

json::object search_icons(const json::object& args, const ToolInputs& in) {
  const auto& m = *in.model;
  if (m.icons.empty())
    return failure("No icon names are available for Varlet " + m.version +
                   ": the @varlet/icons package of that release could not be read.");
  auto query = kebab_case(get_string(args, "query").value_or(""));
  std::size_t limit = 20;
  if (auto* l = args.if_contains("limit"); l && l->is_int64()) limit = static_cast<std::size_t>(l->get_int64());
  // Best first: exact, prefix, whole word, substring; then shorter names.
  std::vector<std::pair<int, std::string>> scored;
  for (const auto& icon : m.icons) {
    int score = icon == query                                               ? 0
                : icon.rfind(query, 0) == 0                                 ? 1
                : ("-" + icon + "-").find("-" + query + "-") != std::string::npos ? 2
                : icon.find(query) != std::string::npos                     ? 3
                                                                            : -1;
    if (score >= 0) scored.emplace_back(score * 1000 + static_cast<int>(icon.size()), icon);
  }
  std::sort(scored.begin(), scored.end());
  json::array names;
  std::string text;
  for (std::size_t i = 0; i < scored.size() && i < limit; ++i) {
    names.push_back(json::string(scored[i].second));
    text += scored[i].second + "\n";
  }
  if (scored.empty()) text = "No icon matches \"" + query + "\" among " + std::to_string(m.icons.size()) + " icons.\n";
  text += "Use: <var-icon name=\"NAME\" />";
  return result(std::move(text),
                {{"query", query}, {"total", scored.size()}, {"icons", std::move(names)}, {"iconsVersion", m.icons_version}},
                provenance(m, {"@varlet/icons@" + m.icons_version + "/dist/index.js"}));
}

json::object get_exports(const json::object&, const ToolInputs& in) {
  const auto& m = *in.model;
  auto list = [](const std::vector<std::string>& names) {
    json::array out;
    for (const auto& n : names) out.push_back(json::string(n));
    return out;
  };
  auto join = [](const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  };
  std::string text = "import { ... } from '@varlet/ui' (" + m.version + ")\nComponents: " + join(m.exports.components) +
                     "\nFunction APIs and directives: " + join(m.exports.functions) +
                     "\nTypes: " + std::to_string(m.exports.types.size()) + " (in structuredContent)" +
                     "\nOther values: " + join(m.exports.values) + "\n";
  return result(std::move(text),
                {{"version", m.version},
                 {"components", list(m.exports.components)},
                 {"functions", list(m.exports.functions)},
                 {"types", list(m.exports.types)},
                 {"values", list(m.exports.values)}},
                provenance(m, {"types/index.d.ts"}));
}

json::object name_property(std::string what) {
  return str(what + " as people write it: Button, button, var-button, VarButton, <var-button>");
}

}  // namespace

std::vector<ToolDefinition> api_tools(const ApiToolsOptions& options) {
  json::array sections;
  for (const auto& s : api_sections()) sections.push_back(json::string(s));
  auto component_row = json::object{{"type", "object"},
                                    {"properties",
                                     {{"name", str()},
                                      {"tag", str()},
                                      {"description", str()},
                                      {"props", {{"type", "integer"}}},
                                      {"events", {{"type", "integer"}}},
                                      {"slots", {{"type", "integer"}}}}}};
  auto token = json::object{{"type", "object"}, {"properties", {{"name", str()}, {"value", str()}}}};
  std::vector<ToolDefinition> tools;
  tools.push_back(make("list_components", "List Varlet components",
                       "Every Varlet component of a version: name, tag, one-line description and how many props, "
                       "events and slots it has. Start here to see what exists; then get_component_api for one.",
                       input_schema({{"version", version_property()}, {"locale", locale_property()}}),
                       output_schema({{"version", str()}, {"locale", str()}, {"components", list_of(component_row)}},
                                     {"version", "components"}),
                       list_components));
  tools.push_back(make(
      "get_component_api", "Get a Varlet component's API",
      "The exact API of one Varlet component from the package itself: props (type, default, description), events "
      "(arguments), slots (slot props), methods on its ref, CSS variables with defaults, its function API (e.g. "
      "Snackbar()) and types. Use it before writing a Varlet tag so no prop or event is invented; `sections` narrows "
      "the answer.",
      input_schema({{"name", name_property("The component")},
                    {"sections", {{"type", "array"},
                                  {"items", {{"type", "string"}, {"enum", sections}}},
                                  {"description", "Only these parts; default: all that exist"}}},
                    {"version", version_property()},
                    {"locale", locale_property()}},
                   {"name"}),
      output_schema({{"component", component_schema()},
                     {"docsDisagreements",
                      {{"type", "array"},
                       {"items", {{"type", "string"}}},
                       {"description", "Where the docs page and the package disagree; present when the docs were read"}}}},
                    {"component"}),
      get_component_api));
  if (options.merge_docs) {
    tools.back().docs_needed = component_page_needed;
    tools.back().docs_optional = true;
  }
  tools.push_back(make("get_directive_api", "Get a Varlet directive's API",
                       "A Varlet directive (v-ripple, v-lazy, v-hover, v-drag, ...): how to register it and the "
                       "value and options it takes.",
                       input_schema({{"name", name_property("The directive (ripple, v-ripple, Ripple)")},
                                     {"version", version_property()},
                                     {"locale", locale_property()}},
                                    {"name"}),
                       output_schema({{"directive",
                                       {{"type", "object"},
                                        {"properties",
                                         {{"name", str()},
                                          {"exportName", str()},
                                          {"valueType", str()},
                                          {"version", str()},
                                          {"options", list_of({{"type", "object"},
                                                               {"properties", {{"name", str()}, {"type", str()}}}})}}}}}},
                                     {"directive"}),
                       get_directive_api));
  tools.push_back(make("get_theme", "Get Varlet theme tokens",
                       "Theme tokens: with `name`, a theme's values (md3-light, md3-dark, dark); with `component`, "
                       "the CSS variables that component reads (and, with both, the theme's values for it); with "
                       "neither, the theme names.",
                       input_schema({{"name", str("Theme name: md3-light, md3-dark, dark")},
                                     {"component", name_property("A component")},
                                     {"version", version_property()}}),
                       output_schema({{"theme", str()},
                                      {"component", str()},
                                      {"version", str()},
                                      {"themes", list_of(str())},
                                      {"tokens", list_of(token)}},
                                     {"version"}),
                       get_theme));
  tools.push_back(make("search_icons", "Search Varlet icon names",
                       "Icon names of @varlet/icons matching a word (\"arrow\", \"close\"), best first, for "
                       "<var-icon name=\"...\" />.",
                       input_schema({{"query", str("A word of the icon name, e.g. arrow, close, heart")},
                                     {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 200},
                                                {"description", "Most names to return; default 20"}}},
                                     {"version", version_property()}},
                                    {"query"}),
                       output_schema({{"query", str()},
                                      {"total", {{"type", "integer"}}},
                                      {"icons", list_of(str())},
                                      {"iconsVersion", str()}},
                                     {"icons"}),
                       search_icons));
  tools.push_back(make("get_exports", "List what @varlet/ui exports",
                       "What `import { ... } from '@varlet/ui'` can name: components, function APIs and directives, "
                       "types and other values.",
                       input_schema({{"version", version_property()}}),
                       output_schema({{"version", str()},
                                      {"components", list_of(str())},
                                      {"functions", list_of(str())},
                                      {"types", list_of(str())},
                                      {"values", list_of(str())}},
                                     {"components"}),
                       get_exports));
  tools.push_back(templates::check_template_tool());
  return tools;
}

}  // namespace varlet::catalog
