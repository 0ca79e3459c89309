#pragma once
// The docs fixtures: repository files of varletjs/varlet at the pinned tag, in the real layout.
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace varlet::testing {

inline std::string fixture_root() {
  const char* root = std::getenv("VARLET_FIXTURES");
  return std::string(root ? root : "tests/fixtures") + "/github/varletjs/varlet@v3.20.6/";
}

// The fixture file at a repository path, or nothing when the fixture set does not have it.
inline std::optional<std::string> repository_file(const std::string& path) {
  std::ifstream in(fixture_root() + path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string component_page(const std::string& component, const std::string& locale) {
  return repository_file("packages/varlet-ui/src/" + component + "/docs/" + locale + ".md").value();
}

}  // namespace varlet::testing
