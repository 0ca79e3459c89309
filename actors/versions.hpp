#pragma once
// Varlet versions as pure code: semver parsing and precedence, the jsDelivr versions listing, the
// versions present in a local package folder, and resolving a version, tag or range to one version.
#include <compare>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::actors {

struct SemVer {
  unsigned long long major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  // "3.0.0-alpha.1" -> {"alpha", "1"}; build metadata is dropped

  bool is_prerelease() const { return !prerelease.empty(); }
  std::string str() const;
  // Semver precedence: numeric fields, then a release above its prereleases, then identifier by
  // identifier (numeric below alphanumeric, a longer list above its prefix).
  friend std::strong_ordering operator<=>(const SemVer& a, const SemVer& b);
  friend bool operator==(const SemVer& a, const SemVer& b) { return (a <=> b) == 0; }
};

// A full version such as "3.20.6", "v3.0.0-alpha.1+build.5"; nothing when it is not one.
std::optional<SemVer> parse_semver(std::string_view text);

// Limits on what an upstream or a caller may hand in. Beyond them a listed version or tag is
// dropped, and a range is an invalid specifier whose message names the limit.
inline constexpr std::size_t max_version_length = 64;
inline constexpr std::size_t max_tag_length = 64;
inline constexpr std::size_t max_listed_versions = 10000;
inline constexpr std::size_t max_specifier_length = 256;
inline constexpr std::size_t max_range_alternatives = 32;  // sets joined by ||
inline constexpr std::size_t max_range_comparators = 16;   // per set

// A tag name safe as a cache key and in a URL: [A-Za-z0-9._-], 1 to max_tag_length characters.
bool is_tag_name(std::string_view name);
// A version exactly as SemVer::str() writes it ("3.20.6", not "v3.20.6" or "3.20.6+build").
bool is_canonical_version(std::string_view text);

struct VersionIndex {
  std::vector<std::string> versions;              // valid semver only, newest first, no duplicates
  std::map<std::string, std::string, std::less<>> tags;  // "latest" -> "3.20.6"
};

struct VersionIndexOrError {
  std::optional<VersionIndex> index;
  std::string error;  // set when index is not: why the answer cannot be used
};

// The answer of the jsDelivr data API for a package (`/v1/packages/npm/<name>`: versions are
// objects with a "version" field) or its older form (`/v1/package/npm/<name>`: plain strings).
VersionIndexOrError parse_version_index(std::string_view json_text);

// The same shape back, so an index built from a local folder caches like an upstream answer.
std::string version_index_json(const VersionIndex& index, std::string_view package_name);

// The versions unpacked in `<package_dir>/<package>@<version>/` folders; `latest` tags the newest
// release. A missing folder gives an empty index.
VersionIndex local_version_index(const std::filesystem::path& package_dir, std::string_view package);

// The answer of `/v1/packages/npm/<name>/resolved?specifier=S`: the version, nothing when it says
// no version matches ("version": null), or an error when the answer is not that shape.
struct ResolvedAnswer {
  std::optional<std::string> version;
  std::string error;
};
ResolvedAnswer parse_resolved_answer(std::string_view json_text);

enum class ResolveFailure { none, invalid_specifier, no_match };

struct Resolution {
  std::string version;  // set when failure is none
  ResolveFailure failure = ResolveFailure::none;
  std::string error;    // for people: what was asked, why it failed, what exists
};

// An exact version, a tag (`latest`, `next`), or a semver range (`3`, `3.2`, `^3.2`, `~3.2.1`,
// `>=3.1 <3.5`, `1.2 - 2.0`, `a || b`, `*`, `x`) to the newest listed version it matches.
// Prereleases match only a range that names a prerelease of the same major.minor.patch.
Resolution resolve_version(const VersionIndex& index, std::string_view specifier);

// Every listed version a range matches, newest first (list_versions {range}); nothing when the
// range is not valid, and then, when it is beyond a limit, which one in `limit`.
std::optional<std::vector<std::string>> matching_versions(const VersionIndex& index, std::string_view range,
                                                         std::string* limit = nullptr);

// Newest first, dropping strings that are not versions and duplicates.
std::vector<std::string> sort_versions(const std::vector<std::string>& versions);

}  // namespace varlet::actors
