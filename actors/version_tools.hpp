#pragma once
// list_versions: the versions and tags of @varlet/ui, newest first, optionally within a range.
#include "catalog/tool.hpp"

namespace varlet::actors {

catalog::ToolDefinition list_versions_tool();

}  // namespace varlet::actors
