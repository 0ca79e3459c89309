#pragma once
// The prompts: component usage, layout design, migration from another UI library,
// troubleshooting, performance, project set-up and template validation, each a pure function from
// its arguments and the model to the prompts/get result: messages that tell the model which tools
// to call, with the relevant component APIs embedded as resources (varlet://components/<name>).
#include "catalog/model.hpp"
#include "catalog/tool.hpp"
#include "mcp/specs.hpp"

#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace varlet::catalog::docs {

using PromptArguments = std::map<std::string, std::string>;
// {description, messages} for prompts/get, or why the arguments cannot be used (an invalid-params
// error for the caller).
using PromptResult = std::variant<json::object, std::string>;

struct PromptDefinition {
  mcp::PromptSpec spec;
  bool needs_model = true;
  std::function<PromptResult(const PromptArguments& arguments, const ToolInputs& inputs)> get;
};

std::vector<PromptDefinition> docs_prompts();

// Other Vue UI libraries a migration may start from, with the prefix of their tags.
struct UiLibrary {
  std::string_view name;
  std::string_view tag_prefix;
};
const std::vector<UiLibrary>& migration_sources();

}  // namespace varlet::catalog::docs
