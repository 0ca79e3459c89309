// CHANGELOG.md: releases, groups and items from any text; the item filters and version order too.
#include "catalog/docs/changelog.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace docs = varlet::catalog::docs;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto releases = docs::parse_changelog(text);
  for (std::size_t i = 0; i + 1 < releases.size(); ++i)
    (void)docs::compare_versions(releases[i].version, releases[i + 1].version);
  for (const auto& release : releases)
    for (const auto& group : release.groups)
      for (const auto& item : group.items) {
        (void)docs::mentions(item, "pull-refresh");
        for (const auto& scope : item.scopes) (void)docs::mentions(item, scope);
      }
  return 0;
}
