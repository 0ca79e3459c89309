#include "catalog/project/files.hpp"
#include "catalog/project/lock_lines.hpp"

#include <optional>
#include <set>
#include <vector>

namespace varlet::catalog::project {
namespace {

constexpr std::string_view file = "yarn.lock";

struct Entry {
  std::vector<std::string> ranges;  // of the descriptors "@varlet/ui@<range>" heading the entry
  std::string version;
  // Every descriptor is a workspace:, link:, portal: or file: one: the version is a local folder's.
  bool local() const {
    for (const auto& range : ranges)
      if (range_of_specifier(range).decides()) return false;
    return true;
  }
  Finding finding() const {
    if (local()) return {{}, std::string(file) + " resolves @varlet/ui@" + ranges.front() + " to a local folder, no published version"};
    return locked_version(version, file);
  }
};

// The ranges a heading line of @varlet/ui gives. Classic quotes each descriptor
// ("@varlet/ui@^3.0.0", "@varlet/ui@^3.2.0":), berry all of them together
// ("@varlet/ui@npm:^3.0.0, @varlet/ui@npm:^3.2.0":); no descriptor holds a quote or a comma.
std::vector<std::string> varlet_ranges(std::string_view line) {
  std::vector<std::string> ranges;
  line.remove_suffix(1);  // the colon
  std::string heading;
  for (char c : line)
    if (c != '"') heading += c;
  for (std::string_view rest = heading; !rest.empty();) {
    auto comma = rest.find(',');
    auto descriptor = unquote(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    std::string prefix = std::string(package_name) + "@";
    if (descriptor.starts_with(prefix)) ranges.push_back(descriptor.substr(prefix.size()));
  }
  return ranges;
}

// A body line's value: `version "3.20.6"` (classic) or `version: 3.20.6` (berry).
std::optional<std::string> version_field(std::string_view text) {
  if (!text.starts_with("version")) return std::nullopt;
  text.remove_prefix(7);
  if (text.starts_with(':')) text.remove_prefix(1);
  else if (!text.starts_with(' ')) return std::nullopt;
  return unquote(text);
}

}  // namespace

Finding read_yarn_lock(std::string_view text, std::string_view package_json_range) {
  std::vector<Entry> entries;
  bool in_varlet = false;
  bool any_heading = false;
  for_each_lock_line(text, [&](const LockLine& line) {
    if (line.indent == 0) {
      in_varlet = false;
      if (!line.text.ends_with(':')) return;
      any_heading = true;
      auto ranges = varlet_ranges(line.text);
      if (ranges.empty()) return;
      entries.push_back({std::move(ranges), {}});
      in_varlet = true;
    } else if (in_varlet && entries.back().version.empty()) {
      if (auto version = version_field(line.text)) entries.back().version = *version;
    }
  });
  if (entries.empty())
    return {{}, any_heading || text.empty() ? "" : std::string(file) + " is not a yarn lockfile (no entries)"};
  for (const auto& entry : entries)
    for (const auto& range : entry.ranges)
      if (!package_json_range.empty() && range_of_specifier(range).version == package_json_range)
        return entry.finding();
  std::set<std::string> versions;
  for (const auto& entry : entries) versions.insert(entry.version);
  if (versions.size() == 1) return entries.front().finding();
  std::string list;
  for (auto& v : versions) list += (list.empty() ? "" : ", ") + v;
  return {{}, std::string(file) + " locks several @varlet/ui versions (" + list + ") and none for package.json's range"};
}

}  // namespace varlet::catalog::project
