// highlight/web-types.<locale>.json: any bytes give tags, warnings or an error, never a crash.
#include "catalog/web_types.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = varlet::catalog::parse_web_types(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)parsed;
  return 0;
}
