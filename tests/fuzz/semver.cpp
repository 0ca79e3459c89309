// Versions: semver parsing (a parsed version prints back to itself), resolving a specifier or
// range against a fixed index, and the two versions API answers.
#include "actors/versions.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using namespace varlet::actors;

// A slice of @varlet/ui's real history: releases, prereleases, and the tags that point into it.
const VersionIndex& index() {
  static const VersionIndex fixed{
      sort_versions({"3.20.6", "3.20.5", "3.20.0", "3.19.0", "3.2.14", "3.2.0", "3.0.0", "3.0.0-alpha.1",
                     "3.0.0-beta.2", "2.22.6", "2.0.0", "1.27.20", "3.21.0-alpha.1726000000000"}),
      {{"latest", "3.20.6"}, {"next", "3.21.0-alpha.1726000000000"}, {"v2", "2.22.6"}}};
  return fixed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto version = parse_semver(text)) {
    auto again = parse_semver(version->str());
    if (!again || *again != *version) std::abort();
  }
  auto resolution = resolve_version(index(), text);
  if (resolution.failure == ResolveFailure::none && !parse_semver(resolution.version)) std::abort();
  (void)matching_versions(index(), text);

  auto listed = parse_version_index(text);
  if (listed.index) {
    auto again = parse_version_index(version_index_json(*listed.index, "@varlet/ui"));
    if (!again.index || again.index->versions != listed.index->versions || again.index->tags != listed.index->tags)
      std::abort();
  }
  (void)parse_resolved_answer(text);
  return 0;
}
