#include "catalog/assemble.hpp"

#include "catalog/names.hpp"
#include "catalog/styles.hpp"
#include "catalog/text.hpp"

#include <algorithm>
#include <cctype>
#include <set>
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

// A prop's name as templates write it, the way Vue turns camelCase into kebab case: "nativeType" ->
// "native-type"; "_update" stays "_update".
std::string hyphenate(std::string_view declared) {
  std::string out;
  for (std::size_t i = 0; i < declared.size(); ++i) {
    auto c = static_cast<unsigned char>(declared[i]);
    if (std::isupper(c) && i > 0 && identifier_char(declared[i - 1]) && declared[i - 1] != '$') out += '-';
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

// Props and events by name, so a source of any size costs one lookup per item.
class ItemIndex {
 public:
  explicit ItemIndex(Component& c) : c_(c) {
    for (std::size_t i = 0; i < c.props.size(); ++i) {
      prop_at_.emplace(camel_case(c.props[i].name), i);
      prop_at_.emplace(c.props[i].name, i);
    }
    for (std::size_t i = 0; i < c.events.size(); ++i) event_at_.emplace(c.events[i].name, i);
  }
  // The prop of that name (as declared: camelCase or kebab), added when new; and whether it was.
  std::pair<Prop&, bool> prop(const std::string& declared) {
    auto [at, added] = prop_at_.emplace(declared, c_.props.size());
    if (added) {
      c_.props.push_back({});
      c_.props.back().name = hyphenate(declared);
      prop_at_.emplace(c_.props.back().name, at->second);
      prop_at_.emplace(camel_case(c_.props.back().name), at->second);
    }
    return {c_.props[at->second], added};
  }
  std::pair<Event&, bool> event(const std::string& name) {
    auto [at, added] = event_at_.emplace(name, c_.events.size());
    if (added) {
      c_.events.push_back({});
      c_.events.back().name = name;
    }
    return {c_.events[at->second], added};
  }

 private:
  Component& c_;
  std::unordered_map<std::string, std::size_t> prop_at_, event_at_;
};

// The members of the <Name>Props interface complete the web-types props and events they declare
// too, and add those web-types lacks after them, in declaration order: listeners ("onChange") as
// events, the rest as props named as templates write them. Call and index signatures name no prop,
// and a member declared twice counts once.
void merge_props_interface(const dts::Declaration& props, ItemIndex& index) {
  for (const auto& m : props.members) {
    if (m.name.empty() || m.name.front() == '[') continue;
    if (auto name = event_of_listener(m.name)) {
      auto [event, added] = index.event(*name);
      if (has_source(event.source, from_types)) continue;
      add_source(event.source, from_types);
      if (event.arguments.empty()) event.arguments = dts::function_params(m.type).value_or(std::vector<Param>{});
      continue;
    }
    auto [prop, added] = index.prop(m.name);
    if (has_source(prop.source, from_types)) continue;
    add_source(prop.source, from_types);
    prop.ts_type = member_type(m);
    if (added) prop.type = prop.ts_type;
  }
}

// The runtime props object completes them the same way: listener props as events, the rest as
// props with Vue's runtime types, default and whether they are required.
void merge_runtime_props(const runtime::RuntimeProps& runtime, ItemIndex& index) {
  for (const auto& r : runtime.props) {
    if (auto name = event_of_listener(r.name); r.listener && name) {
      add_source(index.event(*name).first.source, from_runtime);
      continue;
    }
    auto [prop, added] = index.prop(r.name);
    add_source(prop.source, from_runtime);
    prop.runtime_type.clear();
    for (const auto& t : r.types) prop.runtime_type.append(prop.runtime_type.empty() ? "" : " | ").append(t);
    prop.required = r.required;
    if (added) prop.type = prop.runtime_type;
    if ((prop.default_value.empty() || prop.default_value == "-") && !r.default_value.empty()) prop.default_value = r.default_value;
  }
}

// The public API is what the component accepts at run time and its types declare; where the
// package has only one of them, that one; where neither, web-types. Anything else is a
// disagreement of the package, said in words that tell what using it does.
template <class Item>
void mark_disagreements(std::vector<Item>& items, const std::string& interface_name, bool has_types,
                        const std::string& runtime_path, bool has_runtime) {
  for (auto& item : items) {
    bool typed = has_source(item.source, from_types), accepted = has_source(item.source, from_runtime);
    bool documented = has_source(item.source, from_web_types);
    if ((typed || !has_types) && (accepted || !has_runtime)) continue;
    if (typed) {
      item.disagreement = "declared in " + interface_name + ", but " + runtime_path + " does not accept it: it has no effect";
    } else if (accepted) {
      item.disagreement = documented ? "accepted at run time and documented, but " + interface_name +
                                           " does not declare it: type-checked templates reject it"
                                     : "accepted at run time, but neither declared in " + interface_name +
                                           " nor documented: internal";
    } else {
      item.disagreement = "only in web-types: " +
                          (has_types && has_runtime ? "neither " + interface_name + " nor " + runtime_path + " has it"
                           : has_types             ? interface_name + " does not declare it"
                                                   : runtime_path + " does not accept it");
    }
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

std::optional<TypeDecl> type_decl(const dts::Declaration& d) {
  if (d.kind == dts::Kind::type_alias) return TypeDecl{d.name, "type", d.type, {}};
  if (d.kind == dts::Kind::interface) return TypeDecl{d.name, "interface", interface_text(d), {}};
  return std::nullopt;
}

std::vector<TypeDecl> exported_types(const dts::File& file, const std::string& pascal) {
  std::vector<TypeDecl> out;
  for (const auto& d : file.declarations) {
    if (!d.exported || d.name.rfind('_', 0) == 0) continue;
    if (d.name == pascal + "Props" || d.name == "I" + pascal) continue;
    if (auto decl = type_decl(d)) out.push_back(std::move(*decl));
  }
  // Re-exported aliases ("export { ButtonType }") name types of another file; expand_referenced_types
  // completes them.
  for (const auto& [local, exported] : file.named_exports)
    if (!file.find(exported)) out.push_back({exported, "type", local == exported ? "" : local, {}});
  return out;
}

// The capitalized names a type text refers to, outside string literals: "Array<RateRule> | X" -> Array, RateRule, X.
std::vector<std::string> named_types(std::string_view type) {
  std::vector<std::string> out;
  char quote = 0;
  for (std::size_t i = 0; i < type.size(); ++i) {
    char c = type[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (std::isupper(static_cast<unsigned char>(c)) && (i == 0 || !identifier_char(type[i - 1]))) {
      auto end = i;
      while (end < type.size() && identifier_char(type[end])) ++end;
      out.emplace_back(type.substr(i, end - i));
      i = end - 1;
    }
  }
  return out;
}

struct Found {
  const dts::Declaration* declaration = nullptr;
  const dts::File* file = nullptr;  // where it is, for the names it uses in turn
};

// Where a name used in `file` is declared: the file itself or the package module it imports it from.
Found declaration_of(const std::string& name, const dts::File& file, const std::map<std::string, dts::File>* files) {
  if (auto* own = file.find(name)) return {own, &file};
  auto import = file.imports.find(name);
  if (!files || import == file.imports.end()) return {};
  auto module = dts::local_module(import->second);
  auto other = module ? files->find(*module) : files->end();
  if (other == files->end()) return {};
  auto alias = file.imported_as.find(name);
  return {other->second.find(alias == file.imported_as.end() ? name : alias->second), &other->second};
}

// "'a' | 'b'" -> {a, b}; nothing unless every alternative is a string literal (undefined aside).
std::vector<std::string> literal_values(std::string_view definition) {
  std::vector<std::string> values;
  for (auto& alternative : dts::split_top_level(definition, '|')) {
    if (alternative == "undefined") continue;
    if (alternative.size() < 2 || (alternative.front() != '\'' && alternative.front() != '"') ||
        alternative.back() != alternative.front())
      return {};
    values.push_back(alternative.substr(1, alternative.size() - 2));
  }
  return values;
}

// The types the props and events name, with the types those name in turn, as the package defines
// them, so `ButtonType` is shown as `'default' | 'primary' | ...`; a literal union also lists its values.
void expand_referenced_types(Component& c, const dts::File& file, const std::map<std::string, dts::File>* files) {
  constexpr std::size_t max_types = 64;  // a component's own types and what they refer to, at most
  std::unordered_map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < c.types.size(); ++i) at.emplace(c.types[i].name, i);
  std::vector<std::pair<std::string, const dts::File*>> pending;
  auto refer = [&pending](std::string_view type, const dts::File* in) {
    for (auto& name : named_types(type)) pending.emplace_back(std::move(name), in);
  };
  for (const auto& p : c.props) refer(p.ts_type, &file);
  for (const auto& e : c.events)
    for (const auto& a : e.arguments) refer(a.type, &file);
  for (const auto& t : c.types) refer(t.definition.empty() ? t.name : t.definition, &file);
  std::set<std::pair<std::string, const dts::File*>> seen;
  for (std::size_t next = 0; next < pending.size() && c.types.size() < max_types; ++next) {
    auto [name, in] = pending[next];
    if (!seen.insert(pending[next]).second || name == c.name + "Props") continue;
    auto found = declaration_of(name, *in, files);
    auto decl = found.declaration ? type_decl(*found.declaration) : std::nullopt;
    if (!decl) continue;
    decl->name = name;  // as this file calls it: ButtonType, not varComponent's Type
    refer(decl->definition, found.file);
    if (auto known = at.find(name); known != at.end()) {
      if (c.types[known->second].definition.empty()) c.types[known->second] = std::move(*decl);
      continue;
    }
    at.emplace(name, c.types.size());
    c.types.push_back(std::move(*decl));
  }
  for (auto& t : c.types) t.values = literal_values(t.definition);
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
  ItemIndex index(c);
  bool has_types = false;
  if (s.types) {
    const auto& file = *s.types;
    c.artifacts.push_back(s.types_path);
    if (auto* props = file.find(c.name + "Props"); props && props->kind == dts::Kind::interface) {
      merge_props_interface(*props, index);
      has_types = true;
    }
    if (auto* cls = component_class(file, c.name)) {
      add_slot_props(file, *cls, c.slots);
      for (const auto& m : cls->members)
        if (m.callable && !m.is_static && !m.name.empty() && m.name[0] != '$')
          c.methods.push_back({m.name, signature_of(m), ""});
    }
    c.function_api = function_api_of(file, c.name);
    c.types = exported_types(file, c.name);
  }
  bool has_runtime = s.runtime && s.runtime->error.empty() && s.runtime->needed.empty();
  if (has_runtime) {
    c.artifacts.push_back(s.runtime_path);
    merge_runtime_props(*s.runtime, index);
  }
  mark_disagreements(c.props, c.name + "Props", has_types, s.runtime_path, has_runtime);
  mark_disagreements(c.events, c.name + "Props", has_types, s.runtime_path, has_runtime);
  if (s.types) expand_referenced_types(c, *s.types, s.type_files);
  if (s.css) {
    c.artifacts.push_back(s.css_path);
    for (auto& [name, value] : parse_css_vars(*s.css)) c.css_vars.push_back({name, value, ""});
  }
  return c;
}

}  // namespace varlet::catalog
