#pragma once
// Checks Vue code (a single-file component, a <template> or a fragment) against the real API of one
// Varlet version: unknown components, props, events, slots and directives, static values outside a
// prop's literal union, literals of the wrong kind, and the options and members of function APIs
// (Snackbar, Dialog, ...) called from <script>. It reads the code as text; nothing is executed.
#include "catalog/model.hpp"
#include "catalog/templates/tokenizer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::templates {

enum class Severity { error, warning };
std::string_view to_string(Severity severity);

// What a finding is about; the tests and the structured answer name it.
enum class FindingKind { component, prop, event, slot, value, directive, option, member };
std::string_view to_string(FindingKind kind);

struct Diagnostic {
  Severity severity = Severity::error;
  FindingKind kind = FindingKind::prop;
  Position at;              // of the tag name, the attribute, or the name in the script
  std::string component;    // "var-button" (as the package names it when known), or "Snackbar"
  std::string attribute;    // as written: ":sise", "v-model"; empty when the finding is the tag
  std::string name;         // what is wrong, bare: "sise", "primry", "sucess"
  std::string message;      // for people: `unknown prop "sise"`
  std::string suggestion;   // the closest real name or a fix; empty when none
  std::string history;      // where another release has it: "added in 3.5.0", "removed in 3.12.0"
};

struct CheckReport {
  std::vector<Diagnostic> diagnostics;  // in source order
  std::size_t components = 0;  // Varlet tags and function API uses looked at
  std::size_t attributes = 0;  // their attributes, directives and options looked at
  std::size_t omitted = 0;     // findings beyond max_diagnostics
};

// Past this many findings the rest are only counted: the answer stays readable and bounded.
inline constexpr std::size_t max_diagnostics = 50;

CheckReport check_template(const Model& model, std::string_view code);

// `3:15 error var-button: unknown prop "sise" — did you mean "size"?`
std::string finding_line(const Diagnostic& d);

}  // namespace varlet::catalog::templates
