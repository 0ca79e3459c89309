#pragma once
// Which docs page shows a component. Most components have a page of their own that the site menu
// lists; others are documented on a sibling's page (radio on radio-group's, tab-item on tabs',
// button-group on button's) and have at most an API-only page of their own.
#include "catalog/docs/component_doc.hpp"
#include "catalog/docs/site_menu.hpp"
#include "catalog/model.hpp"
#include "catalog/tool.hpp"

#include <optional>
#include <string>
#include <vector>

namespace varlet::catalog::docs {

// The component a caller named: its tag, kebab or Pascal name ("var-button", "button", "Button").
const Component* resolve_component(const Model& model, std::string_view name);
// "No component ... Did you mean ...?"
std::string unknown_component(const Model& model, std::string_view name);

// Page names that may show `kebab`: its own, then menu pages of the same family ("radio" ->
// "radio-group", "tab-item" -> "tabs", "button-group" -> "button").
std::vector<std::string> page_names_for(std::string_view kebab, const SiteMenu& menu);

struct ComponentPage {
  std::string name;   // the page name, e.g. "radio-group"
  std::string path;   // its repository path
  std::string_view markdown;
  ComponentDoc doc;
  bool own = false;   // the component's own page
};

// Among the pages the inputs hold, the one that shows `kebab` best: the page whose examples use
// `<var-kebab` most, else its own page, else the first that exists; nothing when none exists.
std::optional<ComponentPage> best_page(std::string_view kebab, const std::vector<std::string>& names,
                                       const ToolInputs& inputs);

// The paths of `names` for docs_needed (only those not fetched yet).
std::vector<std::string> pages_wanted(const std::vector<std::string>& names, const ToolInputs& inputs);

// How many times the example code uses `<var-kebab`.
std::size_t uses(const Example& example, std::string_view kebab);

}  // namespace varlet::catalog::docs
