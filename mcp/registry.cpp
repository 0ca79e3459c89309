#include "mcp/registry.hpp"

#include "mcp/modern_result.hpp"

#include <algorithm>
#include <stdexcept>

namespace varlet::mcp {
namespace {

constexpr std::string_view cursor_prefix = "page:";

std::string make_cursor(std::size_t page) { return std::string(cursor_prefix) + std::to_string(page); }

std::optional<std::size_t> read_cursor(std::string_view cursor) {
  if (cursor.substr(0, cursor_prefix.size()) != cursor_prefix) return std::nullopt;
  auto digits = cursor.substr(cursor_prefix.size());
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  std::size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

template <class T, class Key>
const T* find_by(const std::vector<T>& items, Key T::*member, std::string_view value) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.*member == value; });
  return it == items.end() ? nullptr : &*it;
}

template <class T>
json::array to_json_array(const std::vector<T>& items) {
  json::array arr;
  for (const auto& i : items) arr.push_back(i.to_json());
  return arr;
}

}  // namespace

void Registry::add_tool(ToolSpec spec) {
  if (sealed_) throw std::logic_error("registry is sealed");
  tools_.push_back(std::move(spec));
}

void Registry::add_resource(ResourceSpec spec) {
  if (sealed_) throw std::logic_error("registry is sealed");
  resources_.push_back(std::move(spec));
}

void Registry::add_resource_template(ResourceTemplateSpec spec) {
  if (sealed_) throw std::logic_error("registry is sealed");
  template_matchers_.emplace_back(spec.uri_template);
  templates_.push_back(std::move(spec));
}

void Registry::add_prompt(PromptSpec spec) {
  if (sealed_) throw std::logic_error("registry is sealed");
  prompts_.push_back(std::move(spec));
}

void Registry::seal() {
  tool_pages_ = paginate("tools", to_json_array(tools_));
  resource_pages_ = paginate("resources", to_json_array(resources_));
  template_pages_ = paginate("resourceTemplates", to_json_array(templates_));
  prompt_pages_ = paginate("prompts", to_json_array(prompts_));
  sealed_ = true;
}

Registry::Pages Registry::paginate(std::string_view key, const json::array& items) const {
  Pages result;
  std::size_t count = std::max<std::size_t>(1, (items.size() + page_size_ - 1) / page_size_);
  for (std::size_t p = 0; p < count; ++p) {
    json::array page;
    for (std::size_t i = p * page_size_; i < std::min(items.size(), (p + 1) * page_size_); ++i)
      page.push_back(items[i]);
    json::object obj{{key, std::move(page)}};
    if (p + 1 < count) obj["nextCursor"] = make_cursor(p + 1);
    auto text = std::make_shared<const std::string>(json::serialize(obj));
    result.pages.push_back({text, std::make_shared<const compression::Spliceable>(text, splice_points(text))});
  }
  return result;
}

std::variant<Registry::Page, RpcError> Registry::Pages::page(std::optional<std::string_view> cursor) const {
  if (!cursor) return pages.front();
  auto n = read_cursor(*cursor);
  if (!n || *n == 0 || *n >= pages.size())
    return RpcError::invalid_params("Invalid params: cursor is not one this server issued");
  return pages[*n];
}

const ToolSpec* Registry::find_tool(std::string_view name) const { return find_by(tools_, &ToolSpec::name, name); }

const PromptSpec* Registry::find_prompt(std::string_view name) const {
  return find_by(prompts_, &PromptSpec::name, name);
}

const ResourceSpec* Registry::find_resource(std::string_view uri) const {
  return find_by(resources_, &ResourceSpec::uri, uri);
}

const ResourceTemplateSpec* Registry::find_template(std::string_view uri_template) const {
  return find_by(templates_, &ResourceTemplateSpec::uri_template, uri_template);
}

std::optional<std::pair<const ResourceTemplateSpec*, std::map<std::string, std::string>>> Registry::match_resource(
    std::string_view uri) const {
  for (std::size_t i = 0; i < templates_.size(); ++i)
    if (auto vars = template_matchers_[i].match(uri)) return std::make_pair(&templates_[i], std::move(*vars));
  return std::nullopt;
}

std::variant<Registry::Page, RpcError> Registry::list_tools(std::optional<std::string_view> cursor) const {
  return tool_pages_.page(cursor);
}
std::variant<Registry::Page, RpcError> Registry::list_resources(std::optional<std::string_view> cursor) const {
  return resource_pages_.page(cursor);
}
std::variant<Registry::Page, RpcError> Registry::list_resource_templates(std::optional<std::string_view> cursor) const {
  return template_pages_.page(cursor);
}
std::variant<Registry::Page, RpcError> Registry::list_prompts(std::optional<std::string_view> cursor) const {
  return prompt_pages_.page(cursor);
}

}  // namespace varlet::mcp
