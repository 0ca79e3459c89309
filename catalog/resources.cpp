#include "catalog/resources.hpp"

#include "catalog/names.hpp"
#include "catalog/render.hpp"
#include "catalog/resolve.hpp"
#include "mcp/suggest.hpp"

#include <algorithm>
#include <set>

namespace varlet::catalog {
namespace {

constexpr std::string_view components_uri = "varlet://components";
constexpr std::string_view icons_uri = "varlet://icons";
constexpr std::string_view themes_uri = "varlet://themes";

json::object contents(const std::string& uri, std::string_view mime, std::string text) {
  return {{"contents", json::array{json::object{{"uri", uri}, {"mimeType", mime}, {"text", std::move(text)}}}}};
}

}  // namespace

std::vector<mcp::ResourceSpec> resource_specs() {
  return {{std::string(components_uri), "components", "Varlet components",
           "Every component of the configured version: name, tag, counts of props, events and slots (JSON)",
           "application/json"},
          {std::string(themes_uri), "themes", "Varlet themes", "The built-in themes and their base tokens (JSON)",
           "application/json"},
          {std::string(icons_uri), "icons", "Varlet icons", "Every icon name of @varlet/icons (JSON)",
           "application/json"}};
}

std::vector<mcp::ResourceTemplateSpec> resource_template_specs() {
  // The more specific template first: resources/read tries them in order.
  return {{"varlet://components/{name}/api.json", "component-api", "Component API (JSON)",
           "The structured API of one component, as get_component_api returns it", "application/json"},
          {"varlet://components/{name}", "component", "Component API (markdown)",
           "Props, events, slots, methods, CSS variables and types of one component", "text/markdown"},
          {"varlet://themes/{name}", "theme", "Theme tokens", "A theme's base and per-component tokens (JSON)",
           "application/json"}};
}

bool resource_exists(const std::string& uri, const std::map<std::string, std::string>& vars, const Model& model) {
  auto name = vars.find("name");
  if (name == vars.end()) return false;
  if (uri.rfind(std::string(themes_uri) + "/", 0) == 0) return find_theme(model, name->second).found != nullptr;
  return find_component(model, name->second).found != nullptr;
}

std::optional<json::object> read_resource(const std::string& uri, const std::map<std::string, std::string>& vars,
                                          const Model& model) {
  if (uri == components_uri) {
    json::array items;
    for (const auto& c : model.components)
      items.push_back({{"name", c.name},
                       {"tag", c.tag},
                       {"uri", std::string(components_uri) + "/" + c.kebab},
                       {"props", public_count(c.props)},
                       {"events", public_count(c.events)},
                       {"slots", c.slots.size()}});
    return contents(uri, "application/json",
                    json::serialize(json::object{{"version", model.version}, {"components", std::move(items)}}));
  }
  if (uri == icons_uri) {
    json::array icons;
    for (const auto& i : model.icons) icons.push_back(json::string(i));
    return contents(uri, "application/json",
                    json::serialize(json::object{{"iconsVersion", model.icons_version}, {"icons", std::move(icons)}}));
  }
  if (uri == themes_uri) {
    json::array themes;
    for (const auto& t : model.themes) themes.push_back({{"name", t.name}, {"uri", std::string(themes_uri) + "/" + t.name}});
    return contents(uri, "application/json", json::serialize(json::object{{"version", model.version}, {"themes", themes}}));
  }
  auto name = vars.find("name");
  if (name == vars.end()) return std::nullopt;
  if (uri.rfind(std::string(themes_uri) + "/", 0) == 0) {
    auto found = find_theme(model, name->second);
    if (!found.found) return std::nullopt;
    json::object components;
    for (auto& [kebab, tokens] : found.found->component_tokens) {
      json::object t;
      for (auto& [k, v] : tokens) t[k] = v;
      components[kebab] = std::move(t);
    }
    json::object base;
    for (auto& [k, v] : found.found->tokens) base[k] = v;
    return contents(uri, "application/json",
                    json::serialize(json::object{{"theme", found.found->name},
                                                 {"version", model.version},
                                                 {"tokens", std::move(base)},
                                                 {"components", std::move(components)}}));
  }
  auto found = find_component(model, name->second);
  if (!found.found) return std::nullopt;
  auto sections = present_sections(*found.found, {});
  bool as_json = uri.size() > 9 && uri.substr(uri.size() - 9) == "/api.json";
  if (as_json)
    return contents(uri, "application/json",
                    json::serialize(json::object{{"component", component_json(model, *found.found, sections)}}));
  return contents(uri, "text/markdown", component_markdown(model, *found.found, sections));
}

json::object completion_result(const std::vector<std::string>& candidates, std::string_view value) {
  auto typed = normalize_name(value);
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& c) {
    if (seen.insert(c).second) out.push_back(c);
  };
  for (const auto& c : candidates)
    if (normalize_name(c).rfind(typed, 0) == 0) add(c);
  for (const auto& c : candidates)
    if (normalize_name(c).find(typed) != std::string::npos) add(c);
  if (!typed.empty())
    for (const auto& c : mcp::closest_matches(typed, candidates, 10)) add(c);
  auto total = out.size();
  if (out.size() > 100) out.resize(100);
  json::array values;
  for (auto& v : out) values.push_back(json::string(v));
  return {{"completion", {{"values", std::move(values)}, {"total", total}, {"hasMore", total > 100}}}};
}

std::optional<json::object> complete_resource(const std::string& uri_template, const std::string& argument,
                                              const std::string& value, const Model& model) {
  if (argument != "name") return std::nullopt;
  std::vector<std::string> names;
  if (uri_template.rfind(std::string(components_uri) + "/", 0) == 0)
    for (const auto& c : model.components) names.push_back(c.kebab);
  else if (uri_template.rfind(std::string(themes_uri) + "/", 0) == 0)
    for (const auto& t : model.themes) names.push_back(t.name);
  else
    return std::nullopt;
  return completion_result(names, value);
}

}  // namespace varlet::catalog
