#pragma once
// The varlet:// resources over the model, and completion of their template variables.
#include "catalog/model.hpp"
#include "mcp/specs.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace varlet::catalog {

std::vector<mcp::ResourceSpec> resource_specs();
std::vector<mcp::ResourceTemplateSpec> resource_template_specs();

// resources/read's result {contents: [...]}; nothing when the URI names nothing in the model.
std::optional<json::object> read_resource(const std::string& uri, const std::map<std::string, std::string>& vars,
                                          const Model& model);

// Whether a URI of a template (varlet://components/{name}, .../api.json, varlet://themes/{name})
// names a component or theme of the model; cheaper than reading it.
bool resource_exists(const std::string& uri, const std::map<std::string, std::string>& vars, const Model& model);

// {completion: {values, total, hasMore}}: the names that fit `value` (prefix matches first, then
// names containing it, then close spellings), at most 100.
json::object completion_result(const std::vector<std::string>& candidates, std::string_view value);

// Completion of a varlet:// template variable; nothing when the ref is not one of ours.
std::optional<json::object> complete_resource(const std::string& uri_template, const std::string& argument,
                                              const std::string& value, const Model& model);

}  // namespace varlet::catalog
