#include "catalog/project/files.hpp"
#include "catalog/project/lock_lines.hpp"

#include <optional>
#include <set>
#include <vector>

namespace varlet::catalog::project {
namespace {

constexpr std::string_view file = "pnpm-lock.yaml";

bool is_dependency_block(std::string_view key) {
  return key == "dependencies" || key == "devDependencies" || key == "optionalDependencies";
}

// Where the root project's own @varlet/ui sits: [importers .] <kind> @varlet/ui [version].
// Returns whether `path` (the keys down to this line) is that place.
bool is_root_dependency(const std::vector<std::string>& path, bool has_value) {
  std::size_t at = 0;
  if (path.size() >= 2 && path[0] == "importers" && path[1] == ".") at = 2;
  if (path.size() < at + 2 || !is_dependency_block(path[at]) || path[at + 1] != package_name) return false;
  if (path.size() == at + 2) return has_value;  // lockfile 5: '@varlet/ui': 3.20.6_vue@3.2.0
  return path.size() == at + 3 && path[at + 2] == "version";
}

// A key of "packages" or "snapshots": /@varlet/ui@3.20.6(...) (6), @varlet/ui@3.20.6 (9),
// /@varlet/ui/3.20.6_vue@3.2.0 (5); nothing for another package.
std::optional<std::string> package_key_version(std::string_view key) {
  if (key.starts_with('/')) key.remove_prefix(1);
  if (!key.starts_with(package_name) || key.size() <= package_name.size()) return std::nullopt;
  char separator = key[package_name.size()];
  if (separator != '@' && separator != '/') return std::nullopt;
  auto version = without_peer_suffix(key.substr(package_name.size() + 1));
  if (!is_version(version)) return std::nullopt;
  return std::string(version);
}

}  // namespace

Finding read_pnpm_lock(std::string_view text) {
  struct Open {
    std::size_t indent;
    std::string key;
  };
  std::vector<Open> open;
  std::vector<std::string> path;
  std::optional<Finding> root;
  std::set<std::string> locked;
  bool any_key = false;
  for_each_lock_line(text, [&](const LockLine& line) {
    KeyValue kv;
    if (root || !split_key_value(line.text, kv)) return;
    any_key = true;
    while (!open.empty() && open.back().indent >= line.indent) open.pop_back();
    open.push_back({line.indent, kv.key});
    path.clear();
    for (auto& o : open) path.push_back(o.key);
    if (is_root_dependency(path, !kv.value.empty())) root = locked_version(kv.value, file);
    else if (path.size() == 2 && (path[0] == "packages" || path[0] == "snapshots"))
      if (auto version = package_key_version(kv.key)) locked.insert(*version);
  });
  if (root) return *root;
  if (!any_key && !text.empty()) return {{}, std::string(file) + " is not a pnpm lockfile (no key: value lines)"};
  if (locked.size() == 1) return {*locked.begin(), {}};
  if (locked.empty()) return {};
  std::string versions;
  for (auto& v : locked) versions += (versions.empty() ? "" : ", ") + v;
  return {{}, std::string(file) + " locks several @varlet/ui versions (" + versions + ") and the root project names none"};
}

}  // namespace varlet::catalog::project
