#pragma once
// The catalog model of the pinned package read straight from data/npm (VARLET_DATA_DIR) through
// catalog::gather_files, for benchmarks that need a real model.
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

inline std::optional<std::string> read_package_file(const std::string& cdn_path) {
  std::ifstream in(data_dir() + "/npm/" + cdn_path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::shared_ptr<const catalog::Model> package_model(const std::string& version = "3.20.6",
                                                           const std::string& locale = "en-US") {
  auto built = catalog::build_model(version, locale, catalog::gather_files(version, locale, read_package_file));
  if (!built.model) throw std::runtime_error("cannot build the model from " + data_dir() + ": " + built.error);
  return built.model;
}

}  // namespace varlet::perf
