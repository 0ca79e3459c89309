#include "catalog/docs/completion.hpp"

#include "catalog/docs/docs_tools.hpp"
#include "catalog/docs/guides.hpp"
#include "catalog/docs/prompts.hpp"

namespace varlet::catalog::docs {
namespace {

constexpr std::size_t max_values = 100;

std::vector<std::string> candidates(std::string_view argument, const CompletionSources& sources) {
  std::vector<std::string> out;
  if (argument == "component" || argument == "components" || argument == "name") {
    if (sources.model)
      for (const auto& c : sources.model->components) out.push_back(c.kebab);
  } else if (argument == "version" || argument == "from" || argument == "to") {
    out = sources.versions;
    if (argument == "version") out.emplace_back("project");  // the version the user's project uses
  } else if (argument == "locale") {
    out = {"en-US", "zh-CN"};
  } else if (argument == "guide") {
    if (sources.menu)
      for (const auto* item : guides(*sources.menu)) out.push_back(item->doc);
  } else if (argument == "platform") {
    for (auto p : installation_platforms()) out.emplace_back(p);
  } else if (argument == "library") {
    for (const auto& lib : migration_sources()) out.emplace_back(lib.name);
  }
  return out;
}

}  // namespace

json::object complete(std::string_view argument, std::string_view typed, const CompletionSources& sources) {
  auto all = candidates(argument, sources);
  // For a list argument ("button, pul"), the last item is the one being typed.
  if (argument == "components") {
    auto comma = typed.find_last_of(", ");
    if (comma != std::string_view::npos) typed.remove_prefix(comma + 1);
  }
  auto key = lowercase(typed);
  std::vector<std::string> starts, contains;
  for (auto& value : all) {
    auto lower = lowercase(value);
    if (lower.rfind(key, 0) == 0) starts.push_back(std::move(value));
    else if (lower.find(key) != std::string::npos) contains.push_back(std::move(value));
  }
  starts.insert(starts.end(), contains.begin(), contains.end());
  auto total = starts.size();
  json::array values;
  for (std::size_t i = 0; i < total && i < max_values; ++i) values.emplace_back(starts[i]);
  return {{"completion", {{"values", std::move(values)}, {"total", total}, {"hasMore", total > max_values}}}};
}

}  // namespace varlet::catalog::docs
