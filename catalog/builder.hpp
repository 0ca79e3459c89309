#pragma once
// Building the model of one (version, locale) from package files, as pure code. The caller (the
// catalog builder actor, or a test reading a folder) fetches what files_needed names, adds the
// contents, and asks again until nothing is missing; then build_model.
#include "catalog/model.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog {

// Files keyed by CDN path: "@varlet/ui@3.20.6/types/button.d.ts", "@varlet/icons@3.20.6/dist/index.js";
// nullopt: the upstream says the file does not exist.
using PackageFiles = std::map<std::string, std::optional<std::string>>;

std::vector<std::string> files_needed(std::string_view version, std::string_view locale, const PackageFiles& have);

// Reads synchronously, through `read`, whatever files_needed names until it names nothing new:
// the builder loop for callers that have the files at hand (a package folder on disk).
using FileReader = std::function<std::optional<std::string>(const std::string& cdn_path)>;
PackageFiles gather_files(std::string_view version, std::string_view locale, const FileReader& read);

struct BuildResult {
  std::shared_ptr<const Model> model;  // null when the files are unusable
  std::vector<std::string> warnings;
  std::string error;  // why there is no model
};

BuildResult build_model(std::string_view version, std::string_view locale, const PackageFiles& files);

}  // namespace varlet::catalog
