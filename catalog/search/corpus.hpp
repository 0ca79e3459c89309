#pragma once
// What the search index is built from: the package models (one per locale, so a question in
// either language finds its component) and, when fetched, the docs site menu and pages.
#include "catalog/docs/site_menu.hpp"
#include "catalog/model.hpp"
#include "catalog/search/index.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::search {

struct SearchSources {
  // The models of one version, the first in the locale results are shown in; components are
  // matched across them by tag.
  std::vector<const Model*> models;
  // Docs, all optional: the site menu gives component and guide titles in every locale; pages are
  // markdown by docs page name (component pages: "button"; guide pages: "quickstart").
  const docs::SiteMenu* menu = nullptr;
  std::map<std::string, std::string_view> component_pages;
  std::map<std::string, std::string_view> guide_pages;
};

Index build_index(const SearchSources& sources);

// The tags a code sample uses: "<var-button" -> "button".
std::vector<std::string> components_in_code(std::string_view code);

}  // namespace varlet::catalog::search
