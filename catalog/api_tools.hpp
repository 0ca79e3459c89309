#pragma once
// The API tools over the model: list_components, get_component_api, get_directive_api, get_theme,
// search_icons, get_exports, and check_template (catalog/templates).
#include "catalog/tool.hpp"

#include <vector>

namespace varlet::catalog {

struct ApiToolsOptions {
  // get_component_api reads the component's docs page (through the GitHub upstream) to complete
  // what the package lacks; without the page it answers from the package alone.
  bool merge_docs = false;
};

std::vector<ToolDefinition> api_tools(const ApiToolsOptions& options = {});

}  // namespace varlet::catalog
