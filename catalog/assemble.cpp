#include "catalog/assemble.hpp"

#include "catalog/names.hpp"
#include "catalog/styles.hpp"

#include <algorithm>
#include <unordered_map>

namespace varlet::catalog {
namespace {

std::string interface_text(const dts::Declaration& d) {
  std::string out = "{ ";
  for (const auto& m : d.members) {
    if (m.callable) out += signature_of(m);
    else out += m.name + (m.optional ? "?" : "") + ": " + m.type;
    out += "; ";
  }
  out += "}";
  return out;
}

// A member's type as a property: a method as its function type.
std::string member_type(const dts::Member& m) { return m.callable ? "(" + m.params + ") => " + m.type : m.type; }

// The fields a slot or function receives: an interface of the file expanded, an inline object
// split, anything else as the parameter itself.
std::vector<Param> expand(const dts::File& file, const Param& param) {
  auto type = param.type;
  if (auto* decl = file.find(type); decl && decl->kind == dts::Kind::interface) {
    std::vector<Param> out;
    for (const auto& m : decl->members) out.push_back({m.name + (m.optional ? "?" : ""), member_type(m)});
    return out;
  }
  if (auto members = dts::object_members(type); !members.empty()) {
    std::vector<Param> out;
    for (const auto& m : members) out.push_back({m.name + (m.optional ? "?" : ""), member_type(m)});
    return out;
  }
  return {param};
}

// The members of the <Name>Props interface complete the web-types props and events they declare
// too, and add those web-types lacks after them, in declaration order: listeners ("onChange") as
// events, the rest as props named as templates write them. Call and index signatures name no prop,
// and a member declared twice counts once. Items are found by name through an index, so an
// interface of any length costs one lookup per member.
void merge_props_interface(const dts::Declaration& props, Component& c) {
  std::unordered_map<std::string, std::size_t> prop_at, event_at;
  for (std::size_t i = 0; i < c.props.size(); ++i) {
    prop_at.emplace(camel_case(c.props[i].name), i);
    prop_at.emplace(c.props[i].name, i);
  }
  for (std::size_t i = 0; i < c.events.size(); ++i) event_at.emplace(c.events[i].name, i);
  for (const auto& m : props.members) {
    if (m.name.empty() || m.name.front() == '[') continue;
    if (auto name = event_of_listener(m.name)) {
      auto arguments = dts::function_params(m.type).value_or(std::vector<Param>{});
      auto [at, added] = event_at.emplace(*name, c.events.size());
      if (added) {
        c.events.push_back({*name, "", std::move(arguments), std::string(from_types)});
        continue;
      }
      auto& event = c.events[at->second];
      if (event.source != from_web_types) continue;
      event.source = from_both;
      if (event.arguments.empty()) event.arguments = std::move(arguments);
      continue;
    }
    auto type = member_type(m);
    auto [at, added] = prop_at.emplace(m.name, c.props.size());
    if (added) {
      c.props.push_back({kebab_case(m.name), type, "", "", type, std::string(from_types)});
      continue;
    }
    auto& prop = c.props[at->second];
    if (prop.source != from_web_types) continue;
    prop.source = from_both;
    prop.ts_type = std::move(type);
  }
}

const dts::Declaration* component_class(const dts::File& file, const std::string& pascal) {
  const dts::Declaration* fallback = nullptr;
  for (const auto& d : file.declarations) {
    if (d.kind != dts::Kind::class_) continue;
    bool has_props = std::any_of(d.members.begin(), d.members.end(), [](const dts::Member& m) { return m.name == "$props"; });
    if (!has_props) continue;
    if (d.name == pascal || d.name == pascal + "Component") return &d;
    if (!fallback && d.name.rfind('_', 0) != 0) fallback = &d;
  }
  return fallback;
}

void add_slot_props(const dts::File& file, const dts::Declaration& cls, std::vector<Slot>& slots) {
  for (const auto& member : cls.members) {
    if (member.name != "$slots") continue;
    for (const auto& slot_member : dts::object_members(member.type)) {
      auto slot = std::find_if(slots.begin(), slots.end(), [&](const Slot& s) { return s.name == slot_member.name; });
      if (slot == slots.end() || !slot->props.empty()) continue;
      for (const auto& param : dts::split_params(slot_member.params))
        for (auto& field : expand(file, param)) slot->props.push_back(std::move(field));
    }
  }
}

std::optional<FunctionApi> function_api_of(const dts::File& file, const std::string& pascal) {
  auto* constant = file.find(pascal);
  if (!constant || constant->kind != dts::Kind::constant) return std::nullopt;
  auto* iface = file.find(constant->type);
  if (!iface || iface->kind != dts::Kind::interface || !imperative_interface(*iface)) return std::nullopt;
  FunctionApi api;
  api.name = pascal;
  for (const auto& m : iface->members) {
    if (m.callable && m.name.empty()) api.calls.push_back("(" + m.params + "): " + m.type);
    else if (m.callable) api.members.push_back({m.name, signature_of(m), ""});
    else api.members.push_back({m.name, m.name + ": " + m.type, ""});
  }
  // The options type: the first named interface among the parameter types of the first call, or
  // else of setDefaultOptions.
  for (const auto& m : iface->members) {
    if (!m.callable || !(m.name.empty() || (api.calls.empty() && m.name == "setDefaultOptions"))) continue;
    auto params = dts::split_params(m.params);
    if (params.empty()) break;
    for (auto& alternative : dts::split_top_level(params.front().type, '|')) {
      auto* decl = file.find(alternative);
      if (!decl || decl->kind != dts::Kind::interface) continue;
      api.options_type = alternative;
      api.options = expand(file, {params.front().name, alternative});
      break;
    }
    break;
  }
  return api;
}

std::vector<TypeDecl> exported_types(const dts::File& file, const std::string& pascal) {
  std::vector<TypeDecl> out;
  for (const auto& d : file.declarations) {
    if (!d.exported || d.name.rfind('_', 0) == 0) continue;
    if (d.name == pascal + "Props" || d.name == "I" + pascal) continue;
    if (d.kind == dts::Kind::type_alias) out.push_back({d.name, "type", d.type});
    else if (d.kind == dts::Kind::interface) out.push_back({d.name, "interface", interface_text(d)});
  }
  // Re-exported aliases ("export { ButtonType }") name types of another file; list their names.
  for (const auto& [local, exported] : file.named_exports)
    if (!file.find(exported)) out.push_back({exported, "type", local == exported ? "" : local});
  return out;
}

}  // namespace

bool imperative_interface(const dts::Declaration& iface) {
  return std::any_of(iface.members.begin(), iface.members.end(),
                     [](const dts::Member& m) { return m.callable && m.name != "install"; });
}

std::optional<std::string> event_of_listener(std::string_view member) {
  if (member.size() < 3 || member.substr(0, 2) != "on" || !std::isupper(static_cast<unsigned char>(member[2])))
    return std::nullopt;
  auto rest = member.substr(2);
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) return kebab_case(rest);
  return kebab_case(rest.substr(0, colon)) + ":" + std::string(rest.substr(colon + 1));
}

std::string signature_of(const dts::Member& member) {
  return member.name + member.generics + "(" + member.params + ")" + (member.type.empty() ? "" : ": " + member.type);
}

Component assemble_component(const ComponentSources& s) {
  Component c;
  c.tag = s.tag->name;
  c.kebab = std::string(strip_tag_prefix(c.tag));
  c.name = pascal_case(c.kebab);
  c.props = s.tag->props;
  c.events = s.tag->events;
  for (auto& p : c.props) p.source = from_web_types;
  for (auto& e : c.events) e.source = from_web_types;
  c.slots = s.tag->slots;
  c.artifacts.push_back(s.web_types_path);
  if (s.types) {
    const auto& file = *s.types;
    c.artifacts.push_back(s.types_path);
    if (auto* props = file.find(c.name + "Props"); props && props->kind == dts::Kind::interface)
      merge_props_interface(*props, c);
    if (auto* cls = component_class(file, c.name)) {
      add_slot_props(file, *cls, c.slots);
      for (const auto& m : cls->members)
        if (m.callable && !m.is_static && !m.name.empty() && m.name[0] != '$')
          c.methods.push_back({m.name, signature_of(m), ""});
    }
    c.function_api = function_api_of(file, c.name);
    c.types = exported_types(file, c.name);
  }
  if (s.css) {
    c.artifacts.push_back(s.css_path);
    for (auto& [name, value] : parse_css_vars(*s.css)) c.css_vars.push_back({name, value, ""});
  }
  return c;
}

}  // namespace varlet::catalog
