#pragma once
// A component's API as the structured object tools and resources return, and as compact
// markdown for a model's context window.
#include "catalog/model.hpp"

#include <set>
#include <string>
#include <vector>

namespace varlet::catalog {

// The section names get_component_api accepts, in the order they are shown.
const std::vector<std::string>& api_sections();

// The sections that exist for a component (have content), among `wanted` (empty: all).
std::set<std::string> present_sections(const Component& component, const std::set<std::string>& wanted);

json::object component_json(const Model& model, const Component& component, const std::set<std::string>& sections);
std::string component_markdown(const Model& model, const Component& component, const std::set<std::string>& sections);

// {"varlet": {package, version, locale, artifacts}} for a result's _meta.
json::object provenance(const Model& model, const std::vector<std::string>& artifacts);

// JSON Schema of component_json's object (for outputSchema).
json::object component_schema();

}  // namespace varlet::catalog
