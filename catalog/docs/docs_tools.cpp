#include "catalog/docs/docs_tools.hpp"

#include "catalog/search/search_tools.hpp"

namespace varlet::catalog::docs {

std::vector<ToolDefinition> docs_tools(const DocsToolsOptions& options) {
  return {component_examples_tool(),
          component_docs_tool(options),
          list_guides_tool(),
          get_guide_tool(options),
          installation_guide_tool(),
          release_notes_tool(options),
          diff_versions_tool(),
          search::search_tool(options, std::make_shared<search::IndexCache>()),
          search::find_components_tool()};
}

}  // namespace varlet::catalog::docs
