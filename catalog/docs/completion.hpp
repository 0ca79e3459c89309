#pragma once
// completion/complete values for prompt arguments and resource template variables, by argument
// name: components, versions, locales, guides, platforms and the libraries a migration starts from.
#include "catalog/docs/site_menu.hpp"
#include "catalog/model.hpp"
#include "mcp/json.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::docs {

struct CompletionSources {
  const Model* model = nullptr;          // component names
  std::vector<std::string> versions;     // known versions and tags, newest first
  const SiteMenu* menu = nullptr;        // guide names
};

// {completion: {values, total, hasMore}}: the values of `argument` that start with `typed` (case
// ignored), then those that contain it; at most 100. An argument this does not know gets none.
json::object complete(std::string_view argument, std::string_view typed, const CompletionSources& sources);

}  // namespace varlet::catalog::docs
