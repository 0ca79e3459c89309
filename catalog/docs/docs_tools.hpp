#pragma once
// The docs, guides, release-notes and search tools as pure code over the repository files and the
// model the dispatcher gathers (catalog/tool.hpp).
#include "catalog/docs/tool_support.hpp"
#include "catalog/tool.hpp"

#include <string_view>
#include <vector>

namespace varlet::catalog::docs {

ToolDefinition list_guides_tool();
ToolDefinition get_guide_tool(const DocsToolsOptions& options);
ToolDefinition installation_guide_tool();
ToolDefinition release_notes_tool(const DocsToolsOptions& options);
ToolDefinition component_examples_tool();
ToolDefinition component_docs_tool(const DocsToolsOptions& options);
ToolDefinition diff_versions_tool();

// The platforms get_installation_guide knows: vite, webpack, vue-cli, nuxt, cdn, auto-import.
std::vector<std::string_view> installation_platforms();

// Every tool above, plus search and find_components (catalog/search/search_tools.hpp).
std::vector<ToolDefinition> docs_tools(const DocsToolsOptions& options = {});

}  // namespace varlet::catalog::docs
