#pragma once
// The docs fixtures: repository files of varletjs/varlet at the pinned tag, in the real layout.
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace varlet::testing {

inline std::string fixture_root(const std::string& version = "3.20.6") {
  const char* root = std::getenv("VARLET_FIXTURES");
  return std::string(root ? root : "tests/fixtures") + "/github/varletjs/varlet@v" + version + "/";
}

// The fixture file at a repository path, or nothing when the fixture set does not have it.
inline std::optional<std::string> repository_file(const std::string& path, const std::string& version = "3.20.6") {
  std::ifstream in(fixture_root(version) + path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string component_page(const std::string& component, const std::string& locale) {
  return repository_file("packages/varlet-ui/src/" + component + "/docs/" + locale + ".md").value();
}

}  // namespace varlet::testing

#include "../tool_results.hpp"

namespace varlet::testing {

// What the dispatcher does: ask the tool for files, hand over the fixtures (or "absent"), repeat
// until it asks for nothing new, then run it. Arguments and structuredContent are checked against
// the tool's schemas.
inline json::object call_tool(const catalog::ToolDefinition& tool, const json::object& args,
                              std::shared_ptr<const catalog::Model> model = nullptr, std::string locale = "en-US",
                              std::string version = "3.20.6", std::vector<std::string>* fetched = nullptr,
                              std::shared_ptr<const catalog::Model> other_locale_model = nullptr) {
  expect_valid_arguments(tool, args);
  catalog::ToolInputs inputs{version, locale, std::move(model), {}, nullptr, std::move(other_locale_model)};
  for (int round = 0; round < 8 && tool.docs_needed; ++round) {
    auto wanted = tool.docs_needed(args, inputs);
    bool added = false;
    for (const auto& path : wanted) {
      if (inputs.docs.count(path)) continue;
      added = true;
      if (fetched) fetched->push_back(path);
      auto file = repository_file(path, version);
      if (file) inputs.docs[path] = std::make_shared<const std::string>(std::move(*file));
      else inputs.docs[path] = std::nullopt;
    }
    if (!added) break;
  }
  auto result = tool.run(args, inputs);
  expect_valid_output(tool, result);
  return result;
}

}  // namespace varlet::testing
