#pragma once
// Models of the real pinned package for the docs and search tests: the catalog tests' models,
// built by the real builder from the package folder, by locale first.
#include "../catalog/package.hpp"

namespace varlet::testing {

inline std::shared_ptr<const catalog::Model> package_model(const std::string& locale, const std::string& version = "3.20.6") {
  return built_model(version, locale);
}

}  // namespace varlet::testing
