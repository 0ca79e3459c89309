// varlet.config.mjs: the site menu is read from a JavaScript object literal by a small parser.
#include "catalog/docs/site_menu.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace docs = varlet::catalog::docs;
  auto parsed = docs::parse_site_menu(std::string_view(reinterpret_cast<const char*>(data), size));
  if (auto* menu = std::get_if<docs::SiteMenu>(&parsed))
    for (const auto& item : menu->items) {
      (void)item.title("zh-CN");
      (void)menu->find(item.doc);
    }
  return 0;
}
