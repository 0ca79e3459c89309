#include "catalog/templates/check_tool.hpp"

#include "catalog/docs/tool_support.hpp"
#include "catalog/model.hpp"
#include "catalog/render.hpp"
#include "catalog/templates/check.hpp"
#include "catalog/templates/history.hpp"
#include "mcp/engine.hpp"

#include <algorithm>

namespace varlet::catalog::templates {
namespace {

json::object str(std::string description = {}) {
  json::object o{{"type", "string"}};
  if (!description.empty()) o["description"] = std::move(description);
  return o;
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

json::object diagnostic_json(const Diagnostic& d) {
  json::object o{{"severity", to_string(d.severity)},
                 {"kind", to_string(d.kind)},
                 {"line", d.at.line},
                 {"column", d.at.column},
                 {"component", d.component},
                 {"message", d.message}};
  if (!d.attribute.empty()) o["attribute"] = d.attribute;
  if (!d.suggestion.empty()) o["suggestion"] = d.suggestion;
  if (!d.history.empty()) o["history"] = d.history;
  return o;
}

// The package files the findings come from: the web-types, and the .d.ts of each component named.
std::vector<std::string> artifacts_of(const Model& m, const CheckReport& report) {
  std::vector<std::string> out{"highlight/web-types." + m.locale + ".json"};
  for (const auto& d : report.diagnostics) {
    const auto* c = m.component(d.component);
    if (!c)
      for (const auto& candidate : m.components)
        if (candidate.function_api && candidate.function_api->name == d.component) c = &candidate;
    if (!c) continue;
    for (const auto& a : c->artifacts)
      if (a.rfind("types/", 0) == 0 && std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  return out;
}

// The other versions' models the call has, by version, for the history of what it lacks.
ModelOf loaded_models(const ToolInputs& in) {
  return [&in](const std::string& version) -> std::optional<const Model*> {
    auto it = in.other_versions.find(version);
    if (it == in.other_versions.end()) return std::nullopt;
    return it->second.model.get();
  };
}

// Until the history of its findings is traced, the check asks for the releases it needs.
std::vector<std::string> releases_needed(const json::object& args, const ToolInputs& in) {
  auto code = get_string(args, "code").value_or("");
  if (!in.model || in.version_list.empty() || code.size() > max_code_bytes) return {};
  return trace_history(in.version, in.version_list, check_template(*in.model, code), loaded_models(in)).needed;
}

json::object check(const json::object& args, const ToolInputs& in) {
  const auto& m = *in.model;
  auto code = get_string(args, "code").value_or("");
  if (code.size() > max_code_bytes)
    return mcp::tool_result("The code is " + std::to_string(code.size()) + " bytes; check_template reads at most " +
                                std::to_string(max_code_bytes / 1024) + " KiB per call. Check it in parts (one "
                                "component or template at a time).",
                            std::nullopt, true);
  auto report = check_template(m, code);
  if (!in.version_list.empty()) {
    auto traced = trace_history(in.version, in.version_list, report, loaded_models(in));
    for (std::size_t i = 0; i < report.diagnostics.size(); ++i) report.diagnostics[i].history = traced.notes[i];
  }
  std::size_t errors = 0;
  json::array diagnostics;
  std::string lines;
  for (const auto& d : report.diagnostics) {
    errors += d.severity == Severity::error;
    diagnostics.push_back(diagnostic_json(d));
    lines += finding_line(d) + "\n";
  }
  auto found = report.diagnostics.size() + report.omitted;
  auto checked = plural(report.components, "Varlet component") + " and " + plural(report.attributes, "attribute");
  std::string text;
  if (found == 0 && report.components == 0 && report.attributes == 0) {
    text = "Nothing to check against Varlet " + m.version +
           ": no var-* or Var* tag, Varlet directive or function API call (Snackbar(), Dialog(), ...) was found.\n";
  } else if (found == 0) {
    text = "No findings: " + checked + " match the API of Varlet " + m.version + ".\n";
  } else {
    text = "Varlet " + m.version + ": " + plural(found, "finding") + " (" + plural(errors, "error") + ", " +
           plural(report.diagnostics.size() - errors, "warning") + (report.omitted ? " shown" : "") + ") in " +
           checked + ".\n" + lines;
    if (report.omitted) text += "(" + std::to_string(report.omitted) + " more not shown: fix these and check again)\n";
  }
  json::object structured{{"version", m.version},
                          {"diagnostics", std::move(diagnostics)},
                          {"checked", {{"components", report.components}, {"attributes", report.attributes}}}};
  if (report.omitted) structured["omitted"] = report.omitted;
  auto result = mcp::tool_result(std::move(text), json::value(std::move(structured)));
  result["_meta"] = provenance(m, artifacts_of(m, report));
  return result;
}

}  // namespace

ToolDefinition check_template_tool() {
  auto integer = json::object{{"type", "integer"}};
  auto diagnostic = json::object{
      {"type", "object"},
      {"properties",
       {{"severity", {{"type", "string"}, {"enum", {"error", "warning"}}}},
        {"kind",
         {{"type", "string"},
          {"enum", {"component", "prop", "event", "slot", "value", "directive", "option", "member"}}}},
        {"line", integer},
        {"column", integer},
        {"component", str("The tag as the package names it, or the function API (Snackbar)")},
        {"attribute", str("The attribute as written, or the option or member")},
        {"message", str()},
        {"suggestion", str("The closest real name or the fix")},
        {"history", str("Where another release of the major has it: \"added in 3.5.0\" or \"removed in 3.12.0\"")}}},
      {"required", {"severity", "line", "column", "component", "message"}}};
  ToolDefinition t;
  t.spec.name = "check_template";
  t.spec.title = "Check Vue code against the Varlet API";
  t.spec.description =
      "Checks Vue code that uses Varlet (a single-file component, a <template> or a fragment) against the real API "
      "of the version: unknown components, props (every binding form, v-model), events, slots and Varlet "
      "directives, values outside a prop's allowed literals, and the options and members of function APIs "
      "(Snackbar, Dialog, Picker, ...) called in <script>. Each finding gives line:column, severity, the closest "
      "real name, and the release that added or removed the name when another release has it. Run it on every "
      "template you write.";
  t.spec.input_schema = docs::input_schema(
      {{"code",
        {{"type", "string"},
         {"maxLength", max_code_bytes},
         {"description", "The Vue code: an SFC, a <template> or a snippet of tags (at most 256 KiB)"}}},
       {"version", docs::version_property()},
       {"locale", docs::locale_property()}},
      {"code"});
  t.spec.output_schema =
      docs::output_schema({{"version", str()},
                           {"diagnostics", {{"type", "array"}, {"items", diagnostic}}},
                           {"checked",
                            {{"type", "object"},
                             {"properties", {{"components", integer}, {"attributes", integer}}},
                             {"description", "How much was checked: Varlet tags and function API uses, and their "
                                             "attributes and options"}}},
                           {"omitted", {{"type", "integer"}, {"description", "Findings beyond those listed"}}}},
                          {"version", "diagnostics", "checked"});
  // Each answer is as cheap to compute as to look up, and its key would hold the whole code.
  t.cache_answers = false;
  // The version list and other releases' models only add history to the findings.
  t.needs_versions = true;
  t.versions_optional = true;
  t.models_needed = releases_needed;
  t.run = check;
  return t;
}

}  // namespace varlet::catalog::templates
