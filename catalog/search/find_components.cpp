// find_components: which components have a prop, an event or a slot of a given name, or go by a
// name of another library or of everyday UI language.
#include "catalog/names.hpp"
#include "catalog/search/search_tools.hpp"
#include "catalog/search/vocabulary.hpp"
#include "mcp/suggest.hpp"

#include <set>

namespace varlet::catalog::search {
namespace {

using docs::input_schema;
using docs::output_schema;

// Names as templates write them: "v-model" is the `model-value` prop, "v-model:show" the `show`
// prop, "@click" and "onClick" the `click` event, "#header" the `header` slot.
std::string prop_key(std::string_view name) {
  if (name == "v-model") return "model-value";
  if (name.substr(0, 8) == "v-model:") name.remove_prefix(8);
  if (!name.empty() && (name.front() == ':' || name.front() == '.')) name.remove_prefix(1);
  return kebab_case(name);
}

std::string event_key(std::string_view name) {
  if (!name.empty() && name.front() == '@') name.remove_prefix(1);
  if (name.size() > 2 && name.substr(0, 2) == "on" && std::isupper(static_cast<unsigned char>(name[2])))
    name.remove_prefix(2);
  auto colon = name.find(':');
  if (colon == std::string_view::npos) return kebab_case(name);
  return kebab_case(name.substr(0, colon)) + ":" + kebab_case(name.substr(colon + 1));
}

std::string slot_key(std::string_view name) {
  if (!name.empty() && name.front() == '#') name.remove_prefix(1);
  if (name.substr(0, 7) == "v-slot:") name.remove_prefix(7);
  return kebab_case(name);
}

struct Criterion {
  std::string_view kind;
  std::string wanted;  // normalised
  std::string typed;
};

json::object match_json(std::string_view kind, const std::string& name, const std::string& description) {
  return {{"kind", kind}, {"name", name}, {"description", description}};
}

// "the name in vant, element-plus; a common UI name"
std::string called_by(const std::vector<const Alias*>& rows, const std::string& tag) {
  auto who = used_by(rows, tag);
  std::string out = who.libraries.empty() ? "" : "the name in " + who.libraries;
  if (who.common) out += (out.empty() ? "" : "; ") + std::string("a common UI name");
  return out;
}

}  // namespace

ToolDefinition find_components_tool() {
  ToolDefinition tool;
  tool.spec.name = "find_components";
  tool.spec.title = "Find components by prop, event or slot";
  tool.spec.description =
      "Lists the Varlet components that have a prop, an event and/or a slot of the given name (all given must "
      "match), e.g. which components have a `loading` prop or emit `close`. Names may be written as in templates: "
      "v-model, v-model:show, @click, onClick, #header. `called` finds a component by the name another library or "
      "everyday UI language gives it (toast, el-drawer, bottom sheet, 轻提示).";
  json::object name{{"type", "string"}, {"minLength", 1}};
  json::object called = name;
  called["description"] = "What another UI library or everyday UI language calls the component: toast, van-toast, el-drawer, 抽屉";
  tool.spec.input_schema = input_schema({{"called", called},
                                         {"prop", name},
                                         {"event", name},
                                         {"slot", name},
                                         {"version", docs::version_property()},
                                         {"locale", docs::locale_property()}});
  json::object match = output_schema({{"kind", {{"type", "string"}, {"enum", {"alias", "prop", "event", "slot"}}}},
                                      {"name", {{"type", "string"}}},
                                      {"description", {{"type", "string"}}},
                                      {"type", {{"type", "string"}}},
                                      {"default", {{"type", "string"}}}},
                                     {"kind", "name", "description"});
  json::object component = output_schema({{"name", {{"type", "string"}}},
                                          {"tag", {{"type", "string"}}},
                                          {"uri", {{"type", "string"}}},
                                          {"matches", {{"type", "array"}, {"items", match}}}},
                                         {"name", "tag", "matches"});
  tool.spec.output_schema = output_schema({{"version", {{"type", "string"}}},
                                           {"locale", {{"type", "string"}}},
                                           {"criteria", {{"type", "object"}}},
                                           {"components", {{"type", "array"}, {"items", component}}},
                                           {"count", {{"type", "integer"}}}},
                                          {"version", "locale", "criteria", "components", "count"});
  tool.run = [](const json::object& args, const ToolInputs& inputs) -> json::object {
    if (!inputs.model) return docs::error_result("The Varlet " + inputs.version + " catalog is not available.");
    std::vector<Criterion> criteria;
    json::object criteria_json;
    if (auto v = get_string(args, "called")) criteria.push_back({"called", std::string(*v), std::string(*v)});
    if (auto v = get_string(args, "prop")) criteria.push_back({"prop", prop_key(*v), std::string(*v)});
    if (auto v = get_string(args, "event")) criteria.push_back({"event", event_key(*v), std::string(*v)});
    if (auto v = get_string(args, "slot")) criteria.push_back({"slot", slot_key(*v), std::string(*v)});
    if (criteria.empty()) return docs::error_result("Give at least one of `called`, `prop`, `event` or `slot`.");
    std::vector<const Alias*> aliases;
    const Component* own = nullptr;  // `called` may be Varlet's own name
    if (auto v = get_string(args, "called")) {
      aliases = aliases_named(*v);
      for (const auto& c : inputs.model->components)
        if (!own && is_named(c.kebab, *v)) own = &c;
    }
    for (const auto& c : criteria) criteria_json[c.kind] = c.wanted;

    json::array found;
    std::set<std::string> artifacts;
    std::string text;
    for (const auto& c : inputs.model->components) {
      json::array matches;
      for (const auto& want : criteria) {
        std::size_t before = matches.size();
        if (want.kind == "called") {
          if (&c == own) matches.push_back(match_json("alias", c.name, "Varlet's own name"));
          else
            for (const auto* alias : aliases)
              if (alias->component == c.tag) {
                matches.push_back(match_json("alias", alias->term, called_by(aliases, c.tag)));
                break;
              }
        } else if (want.kind == "prop") {
          for (const auto& p : c.props)
            if (p.name == want.wanted && is_public(p)) {
              auto m = match_json("prop", p.name, p.description);
              if (!p.type.empty()) m["type"] = p.type;
              if (!p.default_value.empty() && p.default_value != "-") m["default"] = p.default_value;
              matches.push_back(std::move(m));
            }
        } else if (want.kind == "event") {
          for (const auto& e : c.events)
            if (event_key(e.name) == want.wanted && is_public(e)) matches.push_back(match_json("event", e.name, e.description));
        } else {
          for (const auto& s : c.slots)
            if (s.name == want.wanted) matches.push_back(match_json("slot", s.name, s.description));
        }
        if (matches.size() == before) {
          matches.clear();
          break;
        }
      }
      if (matches.empty()) continue;
      artifacts.insert(c.artifacts.begin(), c.artifacts.end());
      text += "- " + c.tag + " (" + c.name + ")";
      for (const auto& m : matches) {
        text += " — " + std::string(m.at("kind").as_string()) + " `" + std::string(m.at("name").as_string()) + "`";
        if (auto& d = m.at("description").as_string(); !d.empty()) text += ": " + std::string(d);
      }
      text += "\n";
      found.push_back({{"name", c.name}, {"tag", c.tag}, {"uri", "varlet://components/" + c.kebab}, {"matches", std::move(matches)}});
    }

    if (found.empty()) {
      text = "No Varlet " + inputs.version + " component has";
      for (std::size_t i = 0; i < criteria.size(); ++i)
        text += (i ? " and" : "") + (criteria[i].kind == "called" ? std::string(" the name `")
                                                                    : " a " + std::string(criteria[i].kind) + " `") +
                criteria[i].wanted + "`";
      text += ".";
      for (const auto& want : criteria) {
        if (want.kind == "called") {
          if (aliases.empty() && !own)
            text += " Neither Varlet nor a library in the vocabulary calls a component `" + want.typed +
                    "`; try search with words that say what it does.";
          continue;
        }
        std::set<std::string> names;
        for (const auto& c : inputs.model->components) {
          if (want.kind == "prop")
            for (const auto& p : c.props)
              if (is_public(p)) names.insert(p.name);
          if (want.kind == "event")
            for (const auto& e : c.events)
              if (is_public(e)) names.insert(event_key(e.name));
          if (want.kind == "slot") for (const auto& s : c.slots) names.insert(s.name);
        }
        auto close = mcp::closest_matches(want.wanted, {names.begin(), names.end()});
        if (!close.empty()) {
          text += " Existing " + std::string(want.kind) + " names close to `" + want.wanted + "`:";
          for (const auto& n : close) text += " " + n;
          text += ".";
        }
      }
    } else {
      text = std::to_string(found.size()) + (found.size() == 1 ? " component:\n" : " components:\n") + text;
    }
    auto count = found.size();
    return docs::docs_result(std::move(text),
                             {{"version", inputs.version},
                              {"locale", docs::locale_of(inputs)},
                              {"criteria", std::move(criteria_json)},
                              {"components", std::move(found)},
                              {"count", count}},
                             inputs, {}, {artifacts.begin(), artifacts.end()});
  };
  return tool;
}

}  // namespace varlet::catalog::search
