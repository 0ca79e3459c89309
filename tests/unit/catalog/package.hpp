#pragma once
// The catalog tests' access to the real pinned packages under $VARLET_DATA_DIR/npm: files read
// from disk through catalog::gather_files, the loop the catalog builder actor runs with fetches, the
// model built from them, and the API tools called the way the dispatcher calls them.
#include "catalog/api_tools.hpp"
#include "catalog/builder.hpp"
#include "catalog/model.hpp"
#include "../tool_results.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace varlet::testing {

inline std::string npm_dir() {
  const char* data = std::getenv("VARLET_DATA_DIR");
  return std::string(data ? data : "data") + "/npm/";
}

// A file of the package folder, by CDN path ("@varlet/ui@3.20.6/types/button.d.ts"); nothing
// when it is not on disk.
inline std::optional<std::string> package_file(const std::string& cdn_path) {
  std::ifstream in(npm_dir() + cdn_path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string required_file(const std::string& cdn_path) {
  auto text = package_file(cdn_path);
  if (!text) throw std::runtime_error("missing test data: " + npm_dir() + cdn_path);
  return *text;
}

inline json::value web_types_json(const std::string& version, const std::string& locale) {
  return json::parse(required_file("@varlet/ui@" + version + "/highlight/web-types." + locale + ".json"));
}

inline std::shared_ptr<const catalog::Model> built_model(const std::string& version, const std::string& locale) {
  static std::map<std::string, std::shared_ptr<const catalog::Model>> cache;
  auto& cached = cache[version + "/" + locale];
  if (!cached) {
    auto result = catalog::build_model(version, locale, catalog::gather_files(version, locale, package_file));
    if (!result.model) throw std::runtime_error("no model for " + version + "/" + locale + ": " + result.error);
    cached = result.model;
  }
  return cached;
}

inline const catalog::ToolDefinition& api_tool(const std::string& name) {
  static const auto tools = catalog::api_tools();
  for (const auto& t : tools)
    if (t.spec.name == name) return t;
  throw std::runtime_error("no tool " + name);
}

// Runs an API tool over a model; arguments and structuredContent are checked against its schemas.
inline json::object run_tool(const std::string& name, const json::object& args,
                             std::shared_ptr<const catalog::Model> model) {
  const auto& tool = api_tool(name);
  expect_valid_arguments(tool, args);
  catalog::ToolInputs inputs;
  inputs.version = model->version;
  inputs.locale = model->locale;
  inputs.model = model;
  auto result = tool.run(args, inputs);
  expect_valid_output(tool, result);
  return result;
}

inline std::string string_at(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace varlet::testing
