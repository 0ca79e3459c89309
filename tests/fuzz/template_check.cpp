// check_template's tokenizer and checker on any text: no crash, no hang (deep nesting, huge
// attributes, NUL bytes, unterminated quotes, comments and scripts), and every finding placed
// inside the code. The model is a small stand-in with each kind of API the checker reads.
#include "catalog/model.hpp"
#include "catalog/templates/check.hpp"
#include "catalog/templates/tokenizer.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using namespace varlet::catalog;

Model stand_in_model() {
  Model m;
  m.version = "0.0.0";
  m.locale = "en-US";
  Component button;
  button.name = "Button";
  button.tag = "var-button";
  button.kebab = "button";
  button.props = {{"type", "string", "", "", "ButtonType", ""},
                  {"loading", "boolean", "", "", "boolean", ""},
                  {"size", "string | number", "", "", "", ""},
                  {"model-value", "string", "", "", "", ""},
                  {"show", "boolean", "", "", "", ""}};
  button.events = {{"click", "", {}, ""}, {"update:show", "", {}, ""}};
  button.slots = {{"default", "", {}}, {"icon", "", {}}};
  button.types = {{"ButtonType", "type", "'default' | 'primary' | ButtonType | (Inner)"},
                  {"Inner", "type", "'a' | undefined"}};
  FunctionApi api;
  api.name = "Snackbar";
  api.calls = {"(options?: SnackbarOptions | string): SnackbarHandel"};
  api.members = {{"success", "success(options: SnackbarOptions | string): SnackbarHandel", ""}};
  api.options_type = "SnackbarOptions";
  api.options = {{"content?", "string"}, {"duration?", "number"}};
  button.function_api = api;
  Component bar = button;
  bar.name = "LoadingBar";
  bar.tag = "var-loading-bar";
  bar.kebab = "loading-bar";
  bar.function_api->name = "LoadingBar";
  bar.function_api->calls.clear();
  m.components = {button, bar};
  m.directives = {{"ripple", "Ripple", "RippleValue", {{"color?", "string"}}, "types/ripple.d.ts"},
                  {"lazy", "Lazy", "string", {}, "types/lazy.d.ts"}};
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace templates = varlet::catalog::templates;
  static const Model model = stand_in_model();
  std::string_view code(reinterpret_cast<const char*>(data), size);
  for (const auto& token : templates::tokenize(code)) {
    if (token.offset > code.size() || token.text.size() > code.size()) std::abort();
    for (const auto& a : token.attributes)
      if (a.offset + a.name.size() > code.size() || (a.value && a.value_offset + a.value->size() > code.size()))
        std::abort();
  }
  auto report = templates::check_template(model, code);
  if (report.diagnostics.size() > templates::max_diagnostics) std::abort();
  auto lines = static_cast<std::size_t>(std::count(code.begin(), code.end(), '\n')) + 1;
  for (const auto& d : report.diagnostics)
    if (d.at.line < 1 || d.at.line > lines || d.at.column < 1 || d.at.column > code.size() + 1) std::abort();
  return 0;
}
