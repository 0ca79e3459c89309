#pragma once
// What one file of a user's project says about the @varlet/ui it uses, and how a dependency
// specifier or a locked version is read. Pure code: the files' text comes from the caller.
#include <cstddef>
#include <string>
#include <string_view>

namespace varlet::catalog::project {

inline constexpr std::string_view package_name = "@varlet/ui";

// The most of one project file that is read; a larger file is skipped, naming this limit.
inline constexpr std::size_t max_file_bytes = 32u << 20;

struct Finding {
  std::string version;  // the version (a lockfile) or range (package.json) it gives @varlet/ui
  std::string why_not;  // it names @varlet/ui but gives no usable version: malformed, a link, ambiguous
  bool decides() const { return !version.empty(); }
};

// A version as a lockfile writes it: 3.20.6, 3.0.0-alpha.1, 3.1.0+build.
bool is_version(std::string_view text);

// pnpm's peer suffixes gone: "3.20.6(vue@3.4.21)(typescript@5.0.0)" and "3.20.6_vue@3.4.21" -> "3.20.6".
std::string_view without_peer_suffix(std::string_view locked);

// A dependency specifier as a version or range: "^3.2.0" as is, "npm:@varlet/ui@3.1.0" -> "3.1.0".
// workspace:, link:, file:, catalog:, git and URL specifiers and aliases of other packages give why_not.
Finding range_of_specifier(std::string_view specifier);

// A locked version, or an alias of it ("npm:@varlet/ui@3.1.0", "/@varlet/ui@3.1.0"), as a version.
Finding locked_version(std::string_view locked, std::string_view file);

}  // namespace varlet::catalog::project
