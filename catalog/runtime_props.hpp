#pragma once
// The props object a component is built from at run time (es/<name>/props.mjs), read from the
// package's compiled modules without executing them. It understands what the package's bundler
// writes: object literals, `__spreadValues`/`__spreadProps` merges, `pickProps(source, key)` and
// `pickProps(source, [keys])`, `defineListenerProp()`, and bindings imported from other modules of
// the package, which it follows on demand. Anything else is kept as text.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::runtime {

struct RuntimeProp {
  std::string name;                // as declared: "modelValue", "onUpdate:modelValue"
  std::vector<std::string> types;  // Vue's runtime types: "String", "Number"; empty when any
  std::string default_value;       // the default expression as written, compacted; empty when none
  bool required = false;
  bool listener = false;  // declared with defineListenerProp(): an event
};

// A module of the package by path ("es/icon/index.mjs"): not fetched yet, known not to exist, or
// its text.
struct ModuleText {
  enum class State { not_fetched, missing, present } state = State::not_fetched;
  const std::string* text = nullptr;
};
using ModuleLookup = std::function<ModuleText(const std::string& path)>;

struct RuntimeProps {
  std::vector<RuntimeProp> props;   // in declaration order, later declarations of a name replacing earlier ones
  std::vector<std::string> needed;  // modules to fetch before the answer is complete
  std::string error;                // why the props could not be read (the module is missing or unreadable)
};

// The `props` export of the module at `path`, following the package modules it imports.
RuntimeProps read_runtime_props(const std::string& path, const ModuleLookup& lookup);

// "es/rate/props.mjs" + "../icon/index.mjs" -> "es/icon/index.mjs"; nothing when the specifier is
// not relative or leaves the package.
std::optional<std::string> resolve_module(std::string_view from, std::string_view specifier);

}  // namespace varlet::catalog::runtime
