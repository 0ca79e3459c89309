#pragma once
// What Vue's template compiler makes of a tag or an attribute: which tags resolve to a Varlet
// component, what binding an attribute name is (`:size`, `@click.stop`, `v-model:show`, `#header`),
// the literal a bound expression is, and the names Vue and HTML own (global attributes, DOM events,
// built-in directives, void elements), which are never Varlet's to check.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::templates {

// Vue's camelize: "update:model-value" -> "update:modelValue".
std::string camelize(std::string_view name);
// How Vue matches a prop or listener name: camelized, first letter lower case.
std::string vue_key(std::string_view name);

// "var-button", "VarButton", "varButton" -> "var-button": the tag a Varlet component registers as
// when Vue's resolution (camelize, then capitalize) gives "Var" and a capital; nothing otherwise.
std::optional<std::string> varlet_tag(std::string_view tag);

enum class BindingKind { attribute, bind, on, model, slot, directive };

struct Binding {
  BindingKind kind = BindingKind::attribute;
  std::string_view directive;  // the directive's name for BindingKind::directive: "ripple", "if"
  std::string_view argument;   // prop, event or slot name; empty when none (v-bind="obj", v-model)
  bool dynamic_argument = false;  // :[name], #[name]
  std::vector<std::string_view> modifiers;
};

// Splits an attribute name the way Vue's compiler does.
Binding parse_binding(std::string_view attribute);

enum class LiteralKind { none, string, number, boolean };
struct Literal {
  LiteralKind kind = LiteralKind::none;
  std::string_view text;  // a string literal's contents, the number, or true/false
};
// The literal a bound expression is ("'primary'", "3", "true"); LiteralKind::none for anything else.
Literal literal_of(std::string_view expression);

bool is_global_attribute(std::string_view name);   // class, style, id, key, ref, data-*, aria-*, ...
bool is_dom_event(std::string_view name);          // click, input, touchstart, ... (fall through to the root)
bool is_vue_event(std::string_view name);          // vue:mounted, vnode-mounted
bool is_builtin_directive(std::string_view name);  // if, for, show, ...
bool is_void_element(std::string_view tag);        // br, img, input, ...

}  // namespace varlet::catalog::templates
