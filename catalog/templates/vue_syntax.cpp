#include "catalog/templates/vue_syntax.hpp"

#include "catalog/docs/markdown.hpp"
#include "catalog/names.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace varlet::catalog::templates {
namespace {

bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

template <std::size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Vue's argument syntax: a dynamic `[...]` argument, else everything up to the first `.`.
std::size_t argument_end(std::string_view rest) {
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    return close == std::string_view::npos ? rest.size() : close + 1;
  }
  return std::min(rest.find('.'), rest.size());
}

}  // namespace

std::string camelize(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '-' && i + 1 < name.size() && std::isalnum(static_cast<unsigned char>(name[i + 1]))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(name[++i])));
    } else {
      out += name[i];
    }
  }
  return out;
}

std::string vue_key(std::string_view name) {
  auto out = camelize(name);
  if (!out.empty()) out[0] = lower(out[0]);
  return out;
}

std::optional<std::string> varlet_tag(std::string_view tag) {
  auto pascal = camelize(tag);
  if (!pascal.empty()) pascal[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(pascal[0])));
  if (pascal.size() < 4 || pascal.substr(0, 3) != "Var" || !is_upper(pascal[3])) return std::nullopt;
  return kebab_case(pascal);
}

Binding parse_binding(std::string_view name) {
  Binding b;
  std::string_view rest;
  if (starts_with(name, "v-")) {
    auto end = name.find_first_of(":.", 2);
    if (end == std::string_view::npos) end = name.size();
    auto directive = name.substr(2, end - 2);
    b.kind = directive == "bind"    ? BindingKind::bind
             : directive == "on"    ? BindingKind::on
             : directive == "model" ? BindingKind::model
             : directive == "slot"  ? BindingKind::slot
                                    : BindingKind::directive;
    b.directive = directive;
    rest = name.substr(end);
    if (!rest.empty() && rest.front() == ':') {
      rest.remove_prefix(1);
      auto arg_end = argument_end(rest);
      b.argument = rest.substr(0, arg_end);
      rest.remove_prefix(arg_end);
    }
  } else if (!name.empty() && std::string_view(":.@#").find(name.front()) != std::string_view::npos) {
    b.kind = name.front() == '@' ? BindingKind::on : name.front() == '#' ? BindingKind::slot : BindingKind::bind;
    rest = name.substr(1);
    auto arg_end = argument_end(rest);
    b.argument = rest.substr(0, arg_end);
    rest.remove_prefix(arg_end);
  } else {
    b.argument = name;
    return b;
  }
  b.dynamic_argument = !b.argument.empty() && b.argument.front() == '[';
  // Slot names may hold dots (Vue keeps them whole for libraries that rely on it).
  if (b.kind == BindingKind::slot && !b.dynamic_argument && !rest.empty() && !b.argument.empty()) {
    b.argument = std::string_view(b.argument.data(), b.argument.size() + rest.size());
    return b;
  }
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the `.`
    auto end = std::min(rest.find('.'), rest.size());
    if (end > 0) b.modifiers.push_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  return b;
}

Literal literal_of(std::string_view e) {
  while (!e.empty() && std::isspace(static_cast<unsigned char>(e.front()))) e.remove_prefix(1);
  while (!e.empty() && std::isspace(static_cast<unsigned char>(e.back()))) e.remove_suffix(1);
  if (e == "true" || e == "false") return {LiteralKind::boolean, e};
  if (e.size() >= 2 && (e.front() == '\'' || e.front() == '"' || e.front() == '`') && e.back() == e.front()) {
    auto inside = e.substr(1, e.size() - 2);
    // One literal only: no quote of its kind inside (that would be 'a' + 'b'), no interpolation.
    if (inside.find(e.front()) != std::string_view::npos || inside.find('\\') != std::string_view::npos ||
        (e.front() == '`' && inside.find("${") != std::string_view::npos))
      return {};
    return {LiteralKind::string, inside};
  }
  auto digits = e;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 32) return {};
  bool dot = false;
  for (char c : digits) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return {};
    }
  }
  return {LiteralKind::number, e};
}

bool is_global_attribute(std::string_view name) {
  static constexpr std::array<std::string_view, 27> names{
      "class",     "style",      "id",        "key",        "ref",         "is",        "slot",
      "title",     "role",       "tabindex",  "lang",       "dir",         "hidden",    "draggable",
      "translate", "spellcheck", "accesskey", "autofocus",  "inputmode",   "nonce",     "part",
      "inert",     "popover",    "ref_for",   "ref_key",    "contenteditable", "enterkeyhint"};
  auto l = docs::lowercase(name);
  return starts_with(l, "data-") || starts_with(l, "aria-") || one_of(l, names);
}

bool is_dom_event(std::string_view name) {
  static constexpr std::array<std::string_view, 58> names{
      "click",        "dblclick",      "contextmenu",      "auxclick",       "mousedown",     "mouseup",
      "mousemove",    "mouseenter",    "mouseleave",       "mouseover",      "mouseout",      "wheel",
      "keydown",      "keyup",         "keypress",         "focus",          "blur",          "focusin",
      "focusout",     "input",         "change",           "beforeinput",    "submit",        "reset",
      "invalid",      "select",        "scroll",           "scrollend",      "touchstart",    "touchmove",
      "touchend",     "touchcancel",   "pointerdown",      "pointerup",      "pointermove",   "pointerenter",
      "pointerleave", "pointerover",   "pointerout",       "pointercancel",  "drag",          "dragstart",
      "dragend",      "dragenter",     "dragleave",        "dragover",       "drop",          "copy",
      "cut",          "paste",         "compositionstart", "compositionend", "animationstart", "animationend",
      "transitionend", "transitionstart", "load",          "error"};
  return one_of(docs::lowercase(name), names);
}

bool is_vue_event(std::string_view name) { return starts_with(name, "vue:") || starts_with(name, "vnode"); }

bool is_builtin_directive(std::string_view name) {
  static constexpr std::array<std::string_view, 16> names{"if",   "else", "else-if", "for",   "show", "html",
                                                          "text", "once", "pre",     "memo",  "cloak", "is",
                                                          "bind", "on",   "model",   "slot"};
  return one_of(name, names);
}

bool is_void_element(std::string_view tag) {
  static constexpr std::array<std::string_view, 14> names{"area", "base",  "br",   "col",   "embed",  "hr",    "img",
                                                          "input", "link", "meta", "param", "source", "track", "wbr"};
  return one_of(docs::lowercase(tag), names);
}

}  // namespace varlet::catalog::templates
