// The runtime props reader on any module text: every module it asks for is that same text, so
// imports, re-exports, picks and cycles all lead back into the input. It must answer (props, a
// module it needs, or an error) without a crash, a hang or unbounded recursion.
#include "catalog/runtime_props.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace runtime = varlet::catalog::runtime;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto lookup = [&text](const std::string&) {
    return runtime::ModuleText{runtime::ModuleText::State::present, &text};
  };
  (void)runtime::read_runtime_props("es/fuzz/props.mjs", lookup);
  (void)runtime::resolve_module("es/fuzz/props.mjs", text);
  return 0;
}
