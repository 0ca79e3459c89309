#pragma once
// The Varlet knowledge of one (version, locale), built from the package's own artifacts and shared
// read-only by every call: components, directives, themes, icons and exports.
#include "mcp/json.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace varlet::catalog {

// The version of Model's shape and of what is rendered from it. The catalog and rendered cache keys
// carry it, so what an older binary left in L2 is never served to this one: bump it with any change
// to either.
inline constexpr std::string_view model_format = "m3";

// "3.20.6/en-US/m2"; and back to (version, locale), nothing when the key is of another format.
std::string catalog_key(std::string_view version, std::string_view locale);
std::optional<std::pair<std::string, std::string>> parse_catalog_key(std::string_view key);
// "<tool>\n<version>\n<locale>\nm2\n<canonical arguments>"
std::string rendered_key(std::string_view tool, std::string_view version, std::string_view locale,
                         std::string_view arguments);

// Where the package states a prop or event: its web-types row, the types/<name>.d.ts props
// interface, the runtime props object es/<name>/props.mjs. An item's source names each that has it,
// joined in this order: "web-types+types+runtime".
inline constexpr std::string_view from_web_types = "web-types", from_types = "types", from_runtime = "runtime";
bool has_source(std::string_view sources, std::string_view source);
void add_source(std::string& sources, std::string_view source);

struct Prop {
  std::string name;           // kebab case, as written in templates: "native-type"
  std::string type;           // as web-types gives it: "string", "boolean", "Actions"; else as declared
  std::string default_value;  // as web-types gives it; "-" or empty when none
  std::string description;    // in the model's locale
  std::string ts_type;        // the TypeScript type from the .d.ts props interface, when declared
  std::string runtime_type;   // Vue's runtime types from props.mjs: "String | Number"; empty when any or not there
  bool required = false;      // at run time
  std::string source;         // see from_web_types
  // Empty for the public API (what the component accepts at run time and its types declare); else
  // how the package disagrees with itself about this prop, for people.
  std::string disagreement;
};

struct Param {
  std::string name;
  std::string type;
};

struct Event {
  std::string name;  // "click", "update:show"
  std::string description;
  std::vector<Param> arguments;  // from the .d.ts listener prop ("onClick")
  std::string source;            // see from_web_types
  std::string disagreement;      // as for props
};

struct Slot {
  std::string name;
  std::string description;
  std::vector<Param> props;  // slot props, from the .d.ts $slots signature
};

struct Method {
  std::string name;
  std::string signature;  // "validate(): Promise<boolean>"
  std::string description;
};

struct CssVar {
  std::string name;  // "--button-default-color"
  std::string default_value;
  std::string description;
};

struct TypeDecl {
  std::string name;        // "ButtonType", "SnackbarOptions"
  std::string kind;        // "type", "interface", "class"
  std::string definition;  // compact TypeScript, e.g. "'top' | 'center' | 'bottom'" or "{ type?: SnackbarType; ... }"
  std::vector<std::string> values;  // the strings of a union of string literals only: "top", "center", "bottom"
};

// An imperative API such as Snackbar('text') or Dialog({...}).
struct FunctionApi {
  std::string name;                   // "Snackbar"
  std::vector<std::string> calls;     // call signatures: "(options?: SnackbarOptions | string): SnackbarHandel"
  std::vector<Method> members;        // "success(options: SnackbarOptions | string): SnackbarHandel"
  std::string options_type;           // "SnackbarOptions"
  std::vector<Param> options;         // its fields
};

struct Component {
  std::string name;         // PascalCase: "ButtonGroup"
  std::string tag;          // "var-button-group"
  std::string kebab;        // "button-group"
  std::string description;  // one line; empty when the package says none
  std::vector<Prop> props;
  std::vector<Event> events;
  std::vector<Slot> slots;
  std::vector<Method> methods;
  std::vector<CssVar> css_vars;
  std::optional<FunctionApi> function_api;
  std::vector<TypeDecl> types;
  std::vector<std::string> related;  // tags
  std::vector<std::string> artifacts;  // package paths this component was read from
};

// Whether a prop or event is public API (it has no disagreement), and how many of a list are.
template <class Item>
bool is_public(const Item& item) {
  return item.disagreement.empty();
}
template <class Item>
std::size_t public_count(const std::vector<Item>& items) {
  std::size_t n = 0;
  for (const auto& item : items) n += is_public(item);
  return n;
}

struct Directive {
  std::string name;        // "ripple"
  std::string export_name;  // "Ripple"
  std::string value_type;  // "RippleValue" or "string"
  std::vector<Param> options;  // fields of the value type, when it is an interface
  std::string artifact;
};

struct Theme {
  std::string name;  // folder name: "md3-light", "md3-dark", "dark"
  std::string export_name;  // "md3Light"
  std::vector<std::pair<std::string, std::string>> tokens;  // base tokens ("--color-primary", value)
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> component_tokens;  // kebab component -> tokens
};

struct Exports {
  std::vector<std::string> components;  // "Button"
  std::vector<std::string> functions;   // imperative APIs and directives: "Snackbar", "Ripple"
  std::vector<std::string> types;       // exported types: "ButtonType"
  std::vector<std::string> values;      // other values: "version", "install"
};

struct Model {
  std::string version;
  std::string locale;
  std::string icons_version;  // empty when the icons package was not available
  std::vector<Component> components;  // sorted by tag
  std::vector<Directive> directives;
  std::vector<Theme> themes;
  std::vector<std::string> icons;
  Exports exports;
  std::vector<std::string> warnings;  // what could not be read, for provenance

  const Component* component(std::string_view tag) const;
  const Directive* directive(std::string_view name) const;
  const Theme* theme(std::string_view name) const;
};

// The model as JSON (what L2 stores) and back; nothing when the JSON is not a model.
json::value model_to_json(const Model& model);
std::shared_ptr<const Model> model_from_json(const json::value& value);

}  // namespace varlet::catalog
