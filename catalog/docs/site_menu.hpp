#pragma once
// The docs site menu from packages/varlet-ui/varlet.config.mjs (`pc.menu`): every page the site
// lists, with its title per locale. A CDN cannot list directories, so this is how guide names and
// the component pages are discovered.
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace varlet::catalog::docs {

enum class MenuItemType { group = 1, component = 2, guide = 3 };

struct MenuItem {
  MenuItemType type = MenuItemType::group;
  std::string doc;                            // page name: "button", "quickstart"; empty for a group
  std::map<std::string, std::string> titles;  // locale -> title
  std::string group;                          // the en-US title of the group above it

  std::string title(std::string_view locale) const;  // falls back to any locale, then to doc
};

struct SiteMenu {
  std::vector<MenuItem> items;

  const MenuItem* find(std::string_view doc) const;
  std::vector<const MenuItem*> of_type(MenuItemType type) const;
};

// The menu, or why it could not be read.
std::variant<SiteMenu, std::string> parse_site_menu(std::string_view config_source);

namespace paths {
inline constexpr std::string_view site_config = "packages/varlet-ui/varlet.config.mjs";
inline constexpr std::string_view changelog = "CHANGELOG.md";
// packages/varlet-ui/src/<doc>/docs/<locale>.md
std::string component_page(std::string_view doc, std::string_view locale);
// packages/varlet-ui/docs/<doc>.<locale>.md
std::string guide_page(std::string_view doc, std::string_view locale);
}  // namespace paths

}  // namespace varlet::catalog::docs
