#pragma once
// What the dispatcher serves beyond the protocol itself: the Varlet tools, resources, prompts and
// completions as pure functions, and the settings that shape a call. Built once at start-up.
#include "actors/project_version.hpp"
#include "catalog/docs/prompts.hpp"
#include "catalog/tool.hpp"
#include "mcp/engine.hpp"
#include "mcp/registry.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace varlet::actors {

using Vars = std::map<std::string, std::string>;

using PromptService = catalog::docs::PromptDefinition;

struct Services {
  mcp::ServerInfo info;
  std::shared_ptr<const mcp::Registry> registry;
  std::map<std::string, catalog::ToolDefinition, std::less<>> tools;
  std::map<std::string, PromptService, std::less<>> prompts;
  // resources/read of a varlet:// URI over the default version's model; nothing: no such resource.
  std::function<std::optional<json::object>(const std::string& uri, const Vars& vars, const catalog::Model& model)>
      read_resource;
  // Whether a varlet:// URI that matched a template names something in the model.
  std::function<bool(const std::string& uri, const Vars& vars, const catalog::Model& model)> resource_exists;
  // completion/complete values ({completion: {values, total, hasMore}}) for a ref and argument, over
  // the default version's model, and the version list or docs files complete_needs asked for.
  std::function<json::object(const json::object& ref, const std::string& argument, const std::string& value,
                             const Vars& context, const catalog::ToolInputs& inputs)>
      complete;
  // What completing `argument` reads beyond the model: the version list, and repository files.
  struct CompletionNeeds {
    bool versions = false;
    std::vector<std::string> docs;
  };
  std::function<CompletionNeeds(const std::string& argument)> complete_needs;

  std::string default_version;  // may be "project"
  std::string fallback_version;  // stands in for "project" when the project cannot say
  std::shared_ptr<ProjectVersionSource> project;  // the project "project" means
  std::string default_locale = "en-US";
  std::chrono::milliseconds request_timeout{60000};
  mcp::EngineLimits limits;
  bool conformance_fixtures = false;
};

}  // namespace varlet::actors
