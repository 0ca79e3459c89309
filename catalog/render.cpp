#include "catalog/render.hpp"

#include <algorithm>

namespace varlet::catalog {
namespace {

json::array params_json(const std::vector<Param>& params) {
  json::array out;
  for (const auto& p : params) out.push_back({{"name", p.name}, {"type", p.type}});
  return out;
}

std::string params_text(const std::vector<Param>& params) {
  std::string out;
  for (const auto& p : params) out += (out.empty() ? "" : ", ") + p.name + (p.type.empty() ? "" : ": " + p.type);
  return out;
}

bool has(const std::set<std::string>& sections, const char* name) { return sections.count(name) > 0; }

// Defaults web-types writes as "-" mean "none".
std::string shown_default(const std::string& d) { return d == "-" ? "" : d; }

json::value schema_of(std::initializer_list<std::pair<const char*, json::value>> props) {
  json::object properties;
  for (auto& [k, v] : props) properties[k] = v;
  return json::object{{"type", "object"}, {"properties", std::move(properties)}};
}

// The public items of a section, then those the package disagrees about, each with how.
template <class Item, class Line>
std::string section_items(const std::vector<Item>& items, const Line& line) {
  std::string md, disputed;
  for (const auto& item : items) {
    if (item.disagreement.empty()) md += line(item) + "\n";
    else disputed += line(item) + " — " + item.disagreement + "\n";
  }
  if (!disputed.empty()) md += "Where the package disagrees with itself:\n" + disputed;
  return md;
}

template <class Item>
void add_source_fields(json::object& o, const Item& item) {
  o["source"] = item.source;
  o["public"] = item.disagreement.empty();
  if (!item.disagreement.empty()) o["disagreement"] = item.disagreement;
}

json::value str() { return json::object{{"type", "string"}}; }
json::value list_of(json::value item) { return json::object{{"type", "array"}, {"items", std::move(item)}}; }
json::value param_schema() { return schema_of({{"name", str()}, {"type", str()}}); }

}  // namespace

const std::vector<std::string>& api_sections() {
  static const std::vector<std::string> sections{"props", "events", "slots", "methods", "cssVars", "functionApi", "types"};
  return sections;
}

std::set<std::string> present_sections(const Component& c, const std::set<std::string>& wanted) {
  std::set<std::string> out;
  auto want = [&](const char* s, bool present) {
    if (present && (wanted.empty() || wanted.count(s))) out.insert(s);
  };
  want("props", !c.props.empty());
  want("events", !c.events.empty());
  want("slots", !c.slots.empty());
  want("methods", !c.methods.empty());
  want("cssVars", !c.css_vars.empty());
  want("functionApi", c.function_api.has_value());
  want("types", !c.types.empty());
  return out;
}

json::object component_json(const Model& model, const Component& c, const std::set<std::string>& sections) {
  json::object o{{"name", c.name}, {"tag", c.tag}, {"version", model.version}, {"locale", model.locale}};
  if (!c.description.empty()) o["description"] = c.description;
  if (has(sections, "props")) {
    json::array props;
    for (const auto& p : c.props) {
      json::object po{{"name", p.name}, {"type", p.type}, {"default", p.default_value}, {"description", p.description}};
      if (!p.ts_type.empty()) po["tsType"] = p.ts_type;
      if (!p.runtime_type.empty()) po["runtimeType"] = p.runtime_type;
      if (p.required) po["required"] = true;
      add_source_fields(po, p);
      props.push_back(std::move(po));
    }
    o["props"] = std::move(props);
  }
  if (has(sections, "events")) {
    json::array events;
    for (const auto& e : c.events) {
      json::object eo{{"name", e.name}, {"description", e.description}, {"arguments", params_json(e.arguments)}};
      add_source_fields(eo, e);
      events.push_back(std::move(eo));
    }
    o["events"] = std::move(events);
  }
  if (has(sections, "slots")) {
    json::array slots;
    for (const auto& s : c.slots)
      slots.push_back({{"name", s.name}, {"description", s.description}, {"props", params_json(s.props)}});
    o["slots"] = std::move(slots);
  }
  if (has(sections, "methods")) {
    json::array methods;
    for (const auto& m : c.methods)
      methods.push_back({{"name", m.name}, {"signature", m.signature}, {"description", m.description}});
    o["methods"] = std::move(methods);
  }
  if (has(sections, "cssVars")) {
    json::array vars;
    for (const auto& v : c.css_vars) {
      json::object vo{{"name", v.name}, {"default", v.default_value}};
      if (!v.description.empty()) vo["description"] = v.description;
      vars.push_back(std::move(vo));
    }
    o["cssVars"] = std::move(vars);
  }
  if (has(sections, "functionApi") && c.function_api) {
    const auto& f = *c.function_api;
    json::array members;
    for (const auto& m : f.members) members.push_back({{"name", m.name}, {"signature", m.signature}});
    json::array calls;
    for (const auto& call : f.calls) calls.push_back(json::string(call));
    o["functionApi"] = {{"name", f.name},
                        {"calls", std::move(calls)},
                        {"members", std::move(members)},
                        {"optionsType", f.options_type},
                        {"options", params_json(f.options)}};
  }
  if (has(sections, "types")) {
    json::array types;
    for (const auto& t : c.types) {
      json::object to{{"name", t.name}, {"kind", t.kind}, {"definition", t.definition}};
      if (!t.values.empty()) to["values"] = json::value_from(t.values);
      types.push_back(std::move(to));
    }
    o["types"] = std::move(types);
  }
  json::array related;
  for (const auto& r : c.related) related.push_back(json::string(r));
  o["related"] = std::move(related);
  return o;
}

std::string component_markdown(const Model& model, const Component& c, const std::set<std::string>& sections) {
  std::string md = "# " + c.name + " `<" + c.tag + ">` (Varlet " + model.version + ", " + model.locale + ")\n";
  if (!c.description.empty()) md += c.description + "\n";
  if (has(sections, "props")) {
    md += "\n## Props (name: type = default — description)\n";
    md += section_items(c.props, [](const Prop& p) {
      std::string line = "- `" + p.name + "`: " + (p.ts_type.empty() ? p.type : p.ts_type);
      if (p.required) line += " (required)";
      if (auto d = shown_default(p.default_value); !d.empty()) line += " = `" + d + "`";
      if (!p.description.empty()) line += " — " + p.description;
      return line;
    });
  }
  if (has(sections, "events")) {
    md += "\n## Events\n";
    md += section_items(c.events, [](const Event& e) {
      std::string line = "- `" + e.name + "(" + params_text(e.arguments) + ")`";
      if (!e.description.empty()) line += " — " + e.description;
      return line;
    });
  }
  if (has(sections, "slots")) {
    md += "\n## Slots\n";
    for (const auto& s : c.slots) {
      md += "- `" + s.name + "`";
      if (!s.props.empty()) md += " { " + params_text(s.props) + " }";
      if (!s.description.empty()) md += " — " + s.description;
      md += "\n";
    }
  }
  if (has(sections, "methods")) {
    md += "\n## Methods (on the component ref)\n";
    for (const auto& m : c.methods) {
      md += "- `" + m.signature + "`";
      if (!m.description.empty()) md += " — " + m.description;
      md += "\n";
    }
  }
  if (has(sections, "functionApi") && c.function_api) {
    const auto& f = *c.function_api;
    md += "\n## Function API `" + f.name + "`\n";
    for (const auto& call : f.calls) md += "- `" + f.name + call + "`\n";
    for (const auto& m : f.members) md += "- `" + f.name + "." + m.signature + "`\n";
    if (!f.options.empty()) md += "- `" + f.options_type + "`: { " + params_text(f.options) + " }\n";
  }
  if (has(sections, "cssVars")) {
    md += "\n## CSS variables (default)\n";
    for (const auto& v : c.css_vars) md += "`" + v.name + "`: " + v.default_value + "; ";
    md += "\n";
  }
  if (has(sections, "types")) {
    md += "\n## Types\n";
    for (const auto& t : c.types)
      md += "- `" + t.name + "`" + (t.definition.empty() ? "" : " = `" + t.definition + "`") + "\n";
  }
  if (!c.related.empty()) {
    md += "\nRelated: ";
    for (std::size_t i = 0; i < c.related.size(); ++i) md += (i ? ", " : "") + c.related[i];
    md += "\n";
  }
  return md;
}

json::object provenance(const Model& model, const std::vector<std::string>& artifacts) {
  json::array paths;
  for (const auto& a : artifacts) paths.push_back(json::string(a));
  return {{"varlet",
           {{"package", "@varlet/ui"}, {"version", model.version}, {"locale", model.locale}, {"artifacts", paths}}}};
}

json::object component_schema() {
  auto source = json::object{
      {"type", "string"},
      {"pattern", "^(web-types|types|runtime)(\\+(types|runtime))*$"},
      {"description", "where the package states it, joined by +: web-types, the types/*.d.ts props interface, "
                      "the runtime props object es/<name>/props.mjs"}};
  auto boolean = json::object{{"type", "boolean"}};
  auto prop = schema_of({{"name", str()},
                         {"type", str()},
                         {"default", str()},
                         {"description", str()},
                         {"tsType", str()},
                         {"runtimeType", str()},
                         {"required", boolean},
                         {"source", source},
                         {"public", boolean},
                         {"disagreement", str()}});
  auto event = schema_of({{"name", str()},
                          {"description", str()},
                          {"arguments", list_of(param_schema())},
                          {"source", source},
                          {"public", boolean},
                          {"disagreement", str()}});
  auto slot = schema_of({{"name", str()}, {"description", str()}, {"props", list_of(param_schema())}});
  auto method = schema_of({{"name", str()}, {"signature", str()}, {"description", str()}});
  auto css = schema_of({{"name", str()}, {"default", str()}, {"description", str()}});
  auto fn = schema_of({{"name", str()},
                       {"calls", list_of(str())},
                       {"members", list_of(schema_of({{"name", str()}, {"signature", str()}}))},
                       {"optionsType", str()},
                       {"options", list_of(param_schema())}});
  auto type = schema_of({{"name", str()}, {"kind", str()}, {"definition", str()}, {"values", list_of(str())}});
  auto schema = schema_of({{"name", str()},
                           {"tag", str()},
                           {"version", str()},
                           {"locale", str()},
                           {"description", str()},
                           {"props", list_of(prop)},
                           {"events", list_of(event)},
                           {"slots", list_of(slot)},
                           {"methods", list_of(method)},
                           {"cssVars", list_of(css)},
                           {"functionApi", fn},
                           {"types", list_of(type)},
                           {"related", list_of(str())}});
  schema.as_object()["required"] = json::array{"name", "tag", "version", "locale"};
  return schema.as_object();
}

}  // namespace varlet::catalog
