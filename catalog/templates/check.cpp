#include "catalog/templates/check.hpp"

#include "catalog/names.hpp"
#include "catalog/resolve.hpp"
#include "catalog/templates/findings.hpp"
#include "catalog/templates/prop_values.hpp"
#include "catalog/templates/script_check.hpp"
#include "catalog/templates/vue_syntax.hpp"
#include "mcp/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::catalog::templates {
namespace {

// An end tag closes the open element of its name at most this far up; past it, it is a stray.
constexpr std::size_t max_close_search = 256;

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; });
}

std::string quoted(std::string_view s) {
  std::string out(1, '"');
  out.append(s).push_back('"');
  return out;
}

const Prop* find_prop(const Component& c, std::string_view written) {
  auto key = vue_key(written);
  for (const auto& p : c.props)
    if (vue_key(p.name) == key) return &p;
  return nullptr;
}

const Event* find_event(const Component& c, std::string_view written) {
  auto key = vue_key(written);
  for (const auto& e : c.events)
    if (vue_key(e.name) == key) return &e;
  return nullptr;
}

std::string kinds_text(const ValueKinds& k) {
  std::string out;
  for (auto [on, name] : {std::pair{k.string, "string"}, {k.number, "number"}, {k.boolean, "boolean"}})
    if (on) out += (out.empty() ? "" : " | ") + std::string(name);
  return out;
}

// The kinds a prop takes when its type is fully understood; nothing when any kind may be right.
std::optional<ValueKinds> certain_kinds(const Component& c, const Prop& p) {
  auto k = accepted_kinds(c, p);
  if (k.other || !(k.string || k.number || k.boolean)) return std::nullopt;
  return k;
}

class TemplateChecker {
 public:
  TemplateChecker(const Model& model, std::string_view code) : model_(model), code_(code), findings_(code, report_) {}

  CheckReport run() {
    for (const auto& t : tokenize(code_)) {
      if (t.kind == TokenKind::start_tag) start_tag(t);
      if (t.kind == TokenKind::end_tag) end_tag(t);
      if (t.kind == TokenKind::raw_text && !open_.empty() && same_tag_name(open_.back().name, "script"))
        check_script(model_, t.text, t.offset, findings_);
    }
    return std::move(report_);
  }

 private:
  struct Open {
    std::string_view name;
    const Component* component = nullptr;
  };

  void start_tag(const Token& t) {
    const Component* parent = open_.empty() ? nullptr : open_.back().component;
    const Component* c = nullptr;
    if (auto tag = varlet_tag(t.name)) {
      ++report_.components;
      c = model_.component(*tag);
      if (!c) unknown_component(t);
    }
    bool slot_of_parent = parent && same_tag_name(t.name, "template");
    for (const auto& a : t.attributes) {
      auto b = parse_binding(a.name);
      if (b.kind == BindingKind::directive) {
        directive(t, a, b);
      } else if (c) {
        ++report_.attributes;
        attribute(*c, a, b);
      } else if (slot_of_parent && b.kind == BindingKind::slot) {
        ++report_.attributes;
        slot(*parent, a, b);
      }
    }
    if (!t.self_closing && !is_void_element(t.name)) open_.push_back({t.name, c});
  }

  void end_tag(const Token& t) {
    for (std::size_t up = 0; up < open_.size() && up < max_close_search; ++up) {
      if (same_tag_name(open_[open_.size() - 1 - up].name, t.name)) {
        open_.resize(open_.size() - 1 - up);
        return;
      }
    }
  }

  void unknown_component(const Token& t) {
    auto found = find_component(model_, t.name);
    std::string suggestion = found.found                ? found.found->tag
                             : found.suggestions.empty() ? ""
                                                         : found.suggestions.front();
    if (has_upper(t.name.substr(0, 1))) suggestion = pascal_case(suggestion);  // VarButon -> VarButton
    add(t.name_offset, Severity::error, FindingKind::component, std::string(t.name), {}, std::string(t.name),
        found.note.empty() ? "unknown component" : "unknown component; " + found.note, suggestion);
  }

  void attribute(const Component& c, const Attribute& a, const Binding& b) {
    switch (b.kind) {
      case BindingKind::attribute:
      case BindingKind::bind: {
        if (b.argument.empty() || b.dynamic_argument) return;  // v-bind="object", :[name]
        if (const auto* p = find_prop(c, b.argument)) {
          if (!is_public(*p)) disputed(c, *p, a);
          if (!a.value) return;
          if (b.kind == BindingKind::attribute)
            static_value(c, *p, a);
          else
            bound_value(c, *p, a);
        } else if (!is_global_attribute(b.argument)) {
          unknown_prop(c, a, b.argument, false);
        }
        return;
      }
      case BindingKind::on:
        if (!b.argument.empty() && !b.dynamic_argument) event(c, a, b.argument);
        return;
      case BindingKind::model:
        model(c, a, b);
        return;
      case BindingKind::slot:
        slot(c, a, b);
        return;
      case BindingKind::directive:
        return;
    }
  }

  void unknown_prop(const Component& c, const Attribute& a, std::string_view name, bool certain,
                    std::string_view suggestion_prefix = {}) {
    std::vector<std::string> names;
    for (const auto& p : c.props) names.push_back(p.name);
    auto suggestion = closest(kebab_case(name), names);
    auto shown = has_upper(name) ? camel_case(suggestion.name) : suggestion.name;
    if (!shown.empty()) shown = std::string(suggestion_prefix) + shown;
    bool error = certain || suggestion.typo;
    add(a.offset, error ? Severity::error : Severity::warning, FindingKind::prop, c.tag, std::string(a.name),
        std::string(name),
        "unknown prop " + quoted(name) + (error ? "" : " (passed to the root element as an attribute)"), shown);
  }

  // A prop the package disagrees about (declared to no effect, internal, undeclared): it says how,
  // and names the prop the component does accept when one is close.
  void disputed(const Component& c, const Prop& p, const Attribute& a) {
    std::vector<std::string> accepted;
    for (const auto& other : c.props)
      if (other.name != p.name && has_source(other.source, from_runtime)) accepted.push_back(other.name);
    auto suggestion = closest(p.name, accepted);
    add(a.offset, Severity::warning, FindingKind::prop, c.tag, std::string(a.name), p.name,
        quoted(p.name) + " is " + p.disagreement, suggestion.typo ? suggestion.name : std::string());
  }

  void event(const Component& c, const Attribute& a, std::string_view name) {
    if (find_event(c, name) || is_dom_event(name) || is_vue_event(name)) return;
    std::vector<std::string> names;
    for (const auto& e : c.events) names.push_back(e.name);
    add(a.offset, Severity::error, FindingKind::event, c.tag, std::string(a.name), std::string(name),
        "unknown event " + quoted(name), closest(name, names).name);
  }

  void model(const Component& c, const Attribute& a, const Binding& b) {
    if (b.dynamic_argument) return;
    if (!b.argument.empty()) {
      if (!find_prop(c, b.argument)) unknown_prop(c, a, b.argument, true, "v-model:");
      return;
    }
    if (find_prop(c, "model-value")) return;
    // A prop the component updates itself (`update:show`) is what v-model:<prop> binds.
    std::string suggestion;
    for (const auto& p : c.props)
      if (suggestion.empty() && find_event(c, "update:" + p.name)) suggestion = "v-model:" + p.name;
    add(a.offset, Severity::error, FindingKind::prop, c.tag, std::string(a.name), "modelValue",
        "no modelValue prop: v-model binds nothing", suggestion);
  }

  void slot(const Component& c, const Attribute& a, const Binding& b) {
    if (b.dynamic_argument) return;
    std::string name = b.argument.empty() ? "default" : std::string(b.argument);
    std::vector<std::string> names;
    for (const auto& s : c.slots) {
      if (s.name == name) return;
      names.push_back(s.name);
    }
    add(a.offset, Severity::error, FindingKind::slot, c.tag, std::string(a.name), name,
        "unknown slot " + quoted(name) + (names.empty() ? " (it has no slots)" : ""), closest(name, names).name);
  }

  // A value outside the prop's literal union; true when one was reported. `value` views into the
  // attribute's value, which places the finding on it.
  bool outside_union(const Component& c, const Prop& p, const Attribute& a, std::string_view value) {
    auto allowed = allowed_values(c, p);
    if (allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return false;
    auto suggestion = closest(value, allowed);
    auto offset = a.value_offset + static_cast<std::size_t>(value.data() - a.value->data());
    add(offset, Severity::error, FindingKind::value, c.tag, std::string(a.name), std::string(value),
        quoted(p.name) + " has no value " + quoted(value) +
            (suggestion.name.empty() ? " (" + some_of(allowed) + ")" : ""),
        suggestion.name);
    return true;
  }

  void static_value(const Component& c, const Prop& p, const Attribute& a) {
    auto value = *a.value;
    if (outside_union(c, p, a, value)) return;
    auto kinds = certain_kinds(c, p);
    if (!kinds || kinds->string) return;
    // Vue turns `disabled=""` and `disabled="disabled"` into true for a boolean prop; any other
    // text stays a string, which a prop of booleans or numbers does not take.
    if (kinds->boolean && (value.empty() || value == p.name)) return;
    auto literal = literal_of(value);
    bool fits = (literal.kind == LiteralKind::number && kinds->number) ||
                (literal.kind == LiteralKind::boolean && kinds->boolean);
    add(a.offset, Severity::warning, FindingKind::value, c.tag, std::string(a.name), std::string(value),
        quoted(value) + " is a string; " + quoted(p.name) + " takes " + kinds_text(*kinds),
        fits ? std::string(1, ':').append(a.name).append("=").append(quoted(value)) : std::string());
  }

  void bound_value(const Component& c, const Prop& p, const Attribute& a) {
    auto literal = literal_of(*a.value);
    if (literal.kind == LiteralKind::none) return;
    if (literal.kind == LiteralKind::string && outside_union(c, p, a, literal.text)) return;
    auto kinds = certain_kinds(c, p);
    if (!kinds) return;
    bool fits = (literal.kind == LiteralKind::string && kinds->string) ||
                (literal.kind == LiteralKind::number && kinds->number) ||
                (literal.kind == LiteralKind::boolean && kinds->boolean);
    if (fits) return;
    auto what = literal.kind == LiteralKind::string   ? "a string"
                : literal.kind == LiteralKind::number ? "a number"
                                                      : "a boolean";
    add(a.offset, Severity::warning, FindingKind::value, c.tag, std::string(a.name), std::string(*a.value),
        quoted(*a.value) + " is " + what + "; " + quoted(p.name) + " takes " + kinds_text(*kinds), {});
  }

  void directive(const Token& t, const Attribute& a, const Binding& b) {
    if (is_builtin_directive(b.directive)) return;
    ++report_.attributes;
    const auto* d = model_.directive(b.directive);
    if (!d) {
      // Apps register directives of their own: only a near miss of a Varlet one is reported.
      std::vector<std::string> names;
      for (const auto& known : model_.directives) names.push_back(known.name);
      auto suggestion = closest(b.directive, names);
      if (!suggestion.typo) return;
      add(a.offset, Severity::warning, FindingKind::directive, std::string(t.name), std::string(a.name),
          std::string(b.directive), "unknown directive \"v-" + std::string(b.directive) + "\"", "v-" + suggestion.name);
      return;
    }
    // The package declares what the value takes, not arguments or modifiers: an object value's
    // keys are checked, nothing else.
    if (d->options.empty() || !a.value) return;
    auto value = *a.value;
    auto open = value.find_first_not_of(" \t\r\n");
    if (open == std::string_view::npos || value[open] != '{') return;
    check_object_keys(value.substr(open), a.value_offset + open, option_names(d->options), "v-" + d->name,
                      std::string(a.name), findings_);
  }

  void add(std::size_t offset, Severity severity, FindingKind kind, std::string component, std::string attribute,
           std::string name, std::string message, std::string suggestion) {
    findings_.add(offset, {severity, kind, {}, std::move(component), std::move(attribute), std::move(name),
                           std::move(message), std::move(suggestion)});
  }

  const Model& model_;
  std::string_view code_;
  CheckReport report_;
  Findings findings_;
  std::vector<Open> open_;
};

}  // namespace

std::string_view to_string(Severity severity) { return severity == Severity::error ? "error" : "warning"; }

std::string_view to_string(FindingKind kind) {
  switch (kind) {
    case FindingKind::component: return "component";
    case FindingKind::prop: return "prop";
    case FindingKind::event: return "event";
    case FindingKind::slot: return "slot";
    case FindingKind::value: return "value";
    case FindingKind::directive: return "directive";
    case FindingKind::option: return "option";
    case FindingKind::member: return "member";
  }
  return "prop";
}

CheckReport check_template(const Model& model, std::string_view code) { return TemplateChecker(model, code).run(); }

std::string finding_line(const Diagnostic& d) {
  std::string line = std::to_string(d.at.line) + ":" + std::to_string(d.at.column) + " " +
                     std::string(to_string(d.severity)) + " " + d.component + ": " + d.message;
  if (!d.suggestion.empty()) {
    bool has_quotes = d.suggestion.find('"') != std::string::npos;
    line += " — did you mean " + (has_quotes ? d.suggestion : quoted(d.suggestion)) + "?";
  }
  if (!d.history.empty()) line += " (" + d.history + ")";
  return line;
}

}  // namespace varlet::catalog::templates
