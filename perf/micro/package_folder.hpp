#pragma once
// The catalog model of the pinned package read straight from data/npm (VARLET_DATA_DIR), the way
// the catalog builder actor gathers files, for benchmarks that need a real model.
#include "catalog/builder.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace varlet::perf {

inline std::string data_dir() {
  const char* dir = std::getenv("VARLET_DATA_DIR");
  return dir ? dir : "data";
}

inline catalog::PackageFiles package_files(const std::string& version, const std::string& locale) {
  catalog::PackageFiles files;
  for (auto wanted = catalog::files_needed(version, locale, files); !wanted.empty();
       wanted = catalog::files_needed(version, locale, files)) {
    for (auto& path : wanted) {
      std::ifstream in(data_dir() + "/npm/" + path, std::ios::binary);
      if (!in) {
        files[path] = std::nullopt;
        continue;
      }
      std::ostringstream text;
      text << in.rdbuf();
      files[path] = text.str();
    }
  }
  return files;
}

inline std::shared_ptr<const catalog::Model> package_model(const std::string& version = "3.20.6",
                                                           const std::string& locale = "en-US") {
  auto built = catalog::build_model(version, locale, package_files(version, locale));
  if (!built.model) throw std::runtime_error("cannot build the model from " + data_dir() + ": " + built.error);
  return built.model;
}

}  // namespace varlet::perf
