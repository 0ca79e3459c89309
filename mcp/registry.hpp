#pragma once
// The registry of everything the server offers. Filled at start-up, then sealed: after seal() it is
// read-only and shared by every dispatcher, and each list page is serialized once.
#include "mcp/compression/spliceable.hpp"
#include "mcp/errors.hpp"
#include "mcp/specs.hpp"
#include "mcp/uri_template.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace varlet::mcp {

// A serialized result object, shared without copying.
using SharedJson = std::shared_ptr<const std::string>;

class Registry {
public:
  explicit Registry(std::size_t page_size = 100) : page_size_(page_size ? page_size : 1) {}

  void add_tool(ToolSpec spec);
  void add_resource(ResourceSpec spec);
  void add_resource_template(ResourceTemplateSpec spec);
  void add_prompt(PromptSpec spec);
  void seal();

  const ToolSpec* find_tool(std::string_view name) const;
  const PromptSpec* find_prompt(std::string_view name) const;
  const ResourceSpec* find_resource(std::string_view uri) const;
  // The template matching `uri` and its variables.
  std::optional<std::pair<const ResourceTemplateSpec*, std::map<std::string, std::string>>> match_resource(
      std::string_view uri) const;
  const ResourceTemplateSpec* find_template(std::string_view uri_template) const;

  // A page of tools/list, resources/list, resources/templates/list or prompts/list, made once with
  // its gzip form (made when first sent; tools/list is some 30 KB); a cursor that this registry did
  // not issue is an invalid-params error.
  struct Page {
    SharedJson json;
    std::shared_ptr<const compression::Spliceable> gzip;
  };
  std::variant<Page, RpcError> list_tools(std::optional<std::string_view> cursor) const;
  std::variant<Page, RpcError> list_resources(std::optional<std::string_view> cursor) const;
  std::variant<Page, RpcError> list_resource_templates(std::optional<std::string_view> cursor) const;
  std::variant<Page, RpcError> list_prompts(std::optional<std::string_view> cursor) const;

  bool has_tools() const { return !tools_.empty(); }
  bool has_resources() const { return !resources_.empty() || !templates_.empty(); }
  bool has_prompts() const { return !prompts_.empty(); }
  const std::vector<ToolSpec>& tools() const { return tools_; }
  const std::vector<PromptSpec>& prompts() const { return prompts_; }
  const std::vector<ResourceTemplateSpec>& resource_templates() const { return templates_; }

private:
  struct Pages {
    std::vector<Page> pages;
    std::variant<Page, RpcError> page(std::optional<std::string_view> cursor) const;
  };
  Pages paginate(std::string_view key, const json::array& items) const;

  std::size_t page_size_;
  bool sealed_ = false;
  std::vector<ToolSpec> tools_;
  std::vector<ResourceSpec> resources_;
  std::vector<ResourceTemplateSpec> templates_;
  std::vector<UriTemplate> template_matchers_;
  std::vector<PromptSpec> prompts_;
  Pages tool_pages_, resource_pages_, template_pages_, prompt_pages_;
};

}  // namespace varlet::mcp
