#include "catalog/project/files.hpp"
#include "mcp/json.hpp"

#include <array>

namespace varlet::catalog::project {
namespace {

struct Parsed {
  json::object object;
  std::string error;  // why_not when the text is no JSON object
};

Parsed parse_object(std::string_view text, std::string_view file, bool jsonc = false) {
  json::parse_options options;
  options.max_depth = 1000;  // a package-lock v1 nests dependencies; the parser keeps its own stack
  options.allow_comments = jsonc;
  options.allow_trailing_commas = jsonc;
  boost::system::error_code ec;
  auto value = json::parse(text, ec, {}, options);
  if (ec) return {{}, std::string(file) + " is not valid JSON (" + ec.message() + ")"};
  if (!value.is_object()) return {{}, std::string(file) + " is not a JSON object"};
  return {std::move(value.get_object()), {}};
}

const json::object* object_at(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

}  // namespace

Finding read_installed_package(std::string_view text) {
  constexpr std::string_view file = "node_modules/@varlet/ui/package.json";
  auto parsed = parse_object(text, file);
  if (!parsed.error.empty()) return {{}, parsed.error};
  auto name = get_string(parsed.object, "name");
  if (name && *name != package_name)
    return {{}, std::string(file) + " is the package " + std::string(*name) + ", not @varlet/ui (an alias?)"};
  auto version = get_string(parsed.object, "version");
  if (!version || !is_version(*version)) return {{}, std::string(file) + " has no valid \"version\""};
  return {std::string(*version), {}};
}

Finding read_package_lock(std::string_view text) {
  constexpr std::string_view file = "package-lock.json";
  auto parsed = parse_object(text, file);
  if (!parsed.error.empty()) return {{}, parsed.error};
  if (auto* packages = object_at(parsed.object, "packages")) {
    if (auto* entry = object_at(*packages, "node_modules/@varlet/ui")) {
      if (auto name = get_string(*entry, "name"); name && *name != package_name)
        return {{}, std::string(file) + " locks an alias of another package (" + std::string(*name) + ")"};
      if (auto version = get_string(*entry, "version")) return locked_version(*version, file);
      auto resolved = get_string(*entry, "resolved").value_or("elsewhere");
      return {{}, std::string(file) + " links @varlet/ui to " + std::string(resolved) + ", no published version"};
    }
  }
  if (auto* dependencies = object_at(parsed.object, "dependencies"))
    if (auto* entry = object_at(*dependencies, package_name)) {
      if (auto version = get_string(*entry, "version")) return locked_version(*version, file);
      return {{}, std::string(file) + " has no \"version\" for @varlet/ui"};
    }
  return {};
}

Finding read_bun_lock(std::string_view text) {
  constexpr std::string_view file = "bun.lock";
  auto parsed = parse_object(text, file, true);
  if (!parsed.error.empty()) return {{}, parsed.error};
  auto* packages = object_at(parsed.object, "packages");
  auto* entry = packages ? packages->if_contains(package_name) : nullptr;
  if (!entry) return {};
  auto* fields = entry->if_array();
  if (!fields || fields->empty() || !fields->front().is_string())
    return {{}, std::string(file) + " has no \"@varlet/ui@<version>\" for @varlet/ui"};
  return locked_version(std::string_view(fields->front().get_string()), file);
}

Finding read_package_json(std::string_view text) {
  constexpr std::string_view file = "package.json";
  auto parsed = parse_object(text, file);
  if (!parsed.error.empty()) return {{}, parsed.error};
  constexpr std::array kinds{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"};
  for (std::string_view kind : kinds) {
    auto* deps = object_at(parsed.object, kind);
    if (!deps || !deps->contains(package_name)) continue;
    auto spec = get_string(*deps, package_name);
    if (!spec) return {{}, std::string(file) + " " + std::string(kind) + " gives @varlet/ui no string"};
    auto found = range_of_specifier(*spec);
    if (!found.decides()) found.why_not = std::string(file) + " " + std::string(kind) + ": " + found.why_not;
    return found;
  }
  return {};
}

}  // namespace varlet::catalog::project
