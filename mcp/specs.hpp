#pragma once
// What the server offers, as the list methods describe it: tools, resources, templates, prompts.
#include "mcp/json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace varlet::mcp {

struct ToolAnnotations {
  bool read_only = true;
  bool destructive = false;
  bool idempotent = true;
  bool open_world = false;
};

struct ToolSpec {
  std::string name;
  std::string title;
  std::string description;
  json::object input_schema;   // kept verbatim
  json::object output_schema;  // empty: none
  ToolAnnotations annotations;

  json::object to_json() const;
};

struct ResourceSpec {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;

  json::object to_json() const;
};

struct ResourceTemplateSpec {
  std::string uri_template;  // RFC 6570 level 1
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;

  json::object to_json() const;
};

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
};

struct PromptSpec {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;

  json::object to_json() const;
};

}  // namespace varlet::mcp
