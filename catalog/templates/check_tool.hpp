#pragma once
// The check_template tool: Vue code in, every place where it does not match the API of the version
// out, one compact line each.
#include "catalog/tool.hpp"

#include <cstddef>

namespace varlet::catalog::templates {

// The most code one call checks, in bytes.
inline constexpr std::size_t max_code_bytes = 256 * 1024;

ToolDefinition check_template_tool();

}  // namespace varlet::catalog::templates
