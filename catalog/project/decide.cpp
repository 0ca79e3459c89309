#include "catalog/project/decide.hpp"

#include "catalog/project/files.hpp"

#include <array>

namespace varlet::catalog::project {
namespace {

constexpr std::string_view package_json = "package.json";

// The files that decide before package.json, in order; `range` is package.json's.
struct Source {
  std::string_view path;
  Finding (*read)(std::string_view text, std::string_view range);
};
constexpr std::array<Source, 5> sources{{
    {"node_modules/@varlet/ui/package.json", [](std::string_view t, std::string_view) { return read_installed_package(t); }},
    {"package-lock.json", [](std::string_view t, std::string_view) { return read_package_lock(t); }},
    {"pnpm-lock.yaml", [](std::string_view t, std::string_view) { return read_pnpm_lock(t); }},
    {"yarn.lock", [](std::string_view t, std::string_view range) { return read_yarn_lock(t, range); }},
    {"bun.lock", [](std::string_view t, std::string_view) { return read_bun_lock(t); }},
}};

// The text of one file, or null: absent, or unusable (then why_not says why).
const std::string* usable(const FileText& f, std::string_view path, std::string& why_not) {
  if (!f.exists) return nullptr;
  if (!f.error.empty()) why_not = std::string(path) + " could not be read: " + f.error;
  else if (f.text.size() > max_file_bytes)
    why_not = std::string(path) + " is larger than " + std::to_string(max_file_bytes >> 20) +
              " MiB, the most read of a project file";
  else return &f.text;
  return nullptr;
}

}  // namespace

const std::vector<std::string_view>& project_files() {
  static const std::vector<std::string_view> files = [] {
    std::vector<std::string_view> out;
    for (const auto& source : sources) out.push_back(source.path);
    out.push_back(package_json);
    return out;
  }();
  return files;
}

std::string Decision::why_undecided() const {
  std::string text = "no file of the project gives @varlet/ui a version (looked for";
  for (auto file : project_files()) text += " " + std::string(file) + ",";
  text.back() = ')';
  for (const auto& why : skipped) text += "; " + why;
  return text;
}

Decision decide(const ReadFile& read) {
  Decision decision;
  auto consider = [&](std::string_view path, Finding found) {
    if (!found.decides()) {
      if (!found.why_not.empty()) decision.skipped.push_back(std::move(found.why_not));
      return false;
    }
    decision.version = std::move(found.version);
    decision.file = std::string(path);
    return true;
  };
  // package.json's range picks the entry of a yarn.lock that locks several; it decides only last.
  std::string why_not;
  auto manifest_file = read(package_json);
  auto* manifest = usable(manifest_file, package_json, why_not);
  Finding range = manifest ? read_package_json(*manifest) : Finding{{}, why_not};
  for (const auto& source : sources) {
    why_not.clear();
    auto file = read(source.path);
    auto* text = usable(file, source.path, why_not);
    if (!text) {
      if (!why_not.empty()) decision.skipped.push_back(std::move(why_not));
      continue;
    }
    if (consider(source.path, source.read(*text, range.version))) return decision;
  }
  consider(package_json, std::move(range));
  return decision;
}

}  // namespace varlet::catalog::project
