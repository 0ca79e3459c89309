#pragma once
// A tools/call result as the unit tests read it, and the schema checks every tool run in a test
// goes through.
#include "catalog/tool.hpp"
#include "mcp/schema.hpp"

#include <gtest/gtest.h>

#include <string>

namespace varlet::testing {

inline bool is_error(const json::object& result) { return result.contains("isError") && result.at("isError") == true; }

inline std::string text_of(const json::object& result) {
  return std::string(result.at("content").as_array().at(0).as_object().at("text").as_string());
}

inline const json::object& structured(const json::object& result) { return result.at("structuredContent").as_object(); }

inline void expect_valid_arguments(const catalog::ToolDefinition& tool, const json::object& args) {
  if (auto violation = mcp::validate(args, tool.spec.input_schema)) ADD_FAILURE() << violation->message();
}

// A successful result carries structuredContent that fits the tool's output schema.
inline void expect_valid_output(const catalog::ToolDefinition& tool, const json::object& result) {
  if (is_error(result)) return;
  if (!result.contains("structuredContent"))
    ADD_FAILURE() << tool.spec.name << ": no structuredContent: " << json::serialize(result);
  else if (auto violation = mcp::validate(result.at("structuredContent"), tool.spec.output_schema))
    ADD_FAILURE() << tool.spec.name << " output: " << violation->message();
}

}  // namespace varlet::testing
