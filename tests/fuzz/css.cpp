// The style and asset readers: CSS custom properties, theme token objects, module imports, icon names.
#include "catalog/styles.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace catalog = varlet::catalog;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)catalog::parse_css_vars(text);
  (void)catalog::parse_token_object(text);
  (void)catalog::module_imports(text);
  (void)catalog::parse_icon_names(text);
  return 0;
}
