#include "catalog/docs/guides.hpp"

#include "catalog/docs/tool_support.hpp"

#include <set>

namespace varlet::catalog::docs {

std::vector<const MenuItem*> guides(const SiteMenu& menu) {
  std::set<std::string> guide_groups;
  for (const auto* item : menu.of_type(MenuItemType::guide)) guide_groups.insert(item->group);
  std::vector<const MenuItem*> out;
  for (const auto& item : menu.items)
    if (item.type != MenuItemType::group && guide_groups.count(item.group)) out.push_back(&item);
  return out;
}

const MenuItem* find_guide(const SiteMenu& menu, std::string_view name) {
  auto key = loose_key(name);
  if (key.empty()) return nullptr;
  auto all = guides(menu);
  for (const auto* item : all)
    if (loose_key(item->doc) == key) return item;
  for (const auto* item : all)
    for (const auto& [locale, title] : item->titles)
      if (loose_key(title) == key) return item;
  return nullptr;
}

std::vector<std::string> page_candidates(const MenuItem& item, std::string_view locale) {
  auto guide = paths::guide_page(item.doc, locale);
  auto component = paths::component_page(item.doc, locale);
  if (item.type == MenuItemType::guide) return {guide, component};
  return {component, guide};
}

}  // namespace varlet::catalog::docs
