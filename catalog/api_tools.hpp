#pragma once
// The API tools over the model: list_components, get_component_api, get_directive_api, get_theme,
// search_icons, get_exports.
#include "catalog/tool.hpp"

#include <vector>

namespace varlet::catalog {

std::vector<ToolDefinition> api_tools();

}  // namespace varlet::catalog
