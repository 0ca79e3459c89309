#pragma once
// Names as the package writes them and as people type them: case conversions between tags,
// component names and TypeScript members, and resolution of a typed name ("Button", "VarButton",
// "<var-button />", "button_group") to a component, directive or theme of a model, with the
// closest real names when nothing matches.
#include "catalog/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog {

std::string kebab_to_pascal(std::string_view kebab);  // "button-group" -> "ButtonGroup"
std::string kebab_to_camel(std::string_view kebab);   // "native-type" -> "nativeType"
std::string to_kebab(std::string_view name);          // "ButtonGroup", "md3Light" -> "button-group", "md3-light"

// What was typed reduced to a lower-case kebab key: spaces, "<", "/>" and attributes dropped,
// camel and Pascal case split, "_" and spaces made "-". "<VarButton type='x'/>" -> "var-button".
std::string name_key(std::string_view typed);

template <class T>
struct Resolved {
  const T* item = nullptr;
  std::vector<std::string> suggestions;  // closest real names when item is null, best first
};

// A component by tag, kebab name, component name or function API name, with or without the
// "var-"/"Var" prefix. Suggestions are tags: "var-button-group".
Resolved<Component> resolve_component(const Model& model, std::string_view typed);
// A directive by name, export name, "v-" form or tag: "ripple", "Ripple", "v-ripple", "var-ripple".
Resolved<Directive> resolve_directive(const Model& model, std::string_view typed);
// A theme by folder or export name: "md3-dark", "md3Dark", "MD3 dark".
Resolved<Theme> resolve_theme(const Model& model, std::string_view typed);

// "Unknown component \"butn\" in @varlet/ui 3.20.6. Did you mean var-button, var-button-group?"
// followed by how to list them all.
std::string unknown_name_message(std::string_view what, std::string_view typed, const Model& model,
                                 const std::vector<std::string>& suggestions, std::string_view list_hint);

}  // namespace varlet::catalog
