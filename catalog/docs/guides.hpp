#pragma once
// The guides the docs site lists: every page of a menu group that holds at least one guide page
// (so the theme page, listed as a component page inside the developer guide, counts too).
#include "catalog/docs/site_menu.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::docs {

std::vector<const MenuItem*> guides(const SiteMenu& menu);

// A guide by page name or by its title in any locale, compared loosely ("import-on-demand",
// "Import On Demand", "importOnDemand" and "按需引入" all find importOnDemand).
const MenuItem* find_guide(const SiteMenu& menu, std::string_view name);

// Where the page's markdown may live, most likely first: guide pages under packages/varlet-ui/docs,
// component pages under packages/varlet-ui/src/<doc>/docs (some guides live there too).
std::vector<std::string> page_candidates(const MenuItem& item, std::string_view locale);

}  // namespace varlet::catalog::docs
