// The .d.ts scanner and the helpers that pick types apart: any text is scanned without a crash,
// and every `<Name>Props` interface in it is merged with a web-types row as a component's would be.
#include "catalog/assemble.hpp"
#include "catalog/dts.hpp"
#include "catalog/names.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace dts = varlet::catalog::dts;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = dts::scan(text);
  for (const auto& declaration : file.declarations) {
    (void)file.find(declaration.name);
    for (const auto& member : declaration.members) {
      if (member.callable) (void)dts::split_params(member.params);
      (void)dts::function_params(member.type);
      (void)dts::object_members(member.type);
    }
    (void)dts::function_params(declaration.type);
    auto name = std::string_view(declaration.name);
    if (declaration.kind == dts::Kind::interface && name.size() > 5 && name.ends_with("Props")) {
      varlet::catalog::WebTypesTag tag{"var-" + varlet::catalog::kebab_case(name.substr(0, name.size() - 5)),
                                       {{"size", "number", "", "", ""}},
                                       {{"click", "", {}}},
                                       {}};
      (void)varlet::catalog::assemble_component({&tag, &file, "types/fuzz.d.ts", nullptr, "", "web-types.json"});
    }
  }
  // The helpers also see the raw text, as the builder hands them types straight from members.
  (void)dts::split_params(text);
  (void)dts::split_top_level(text, '|');
  (void)dts::compact(text);
  (void)dts::function_params(text);
  (void)dts::object_members(text);
  return 0;
}
