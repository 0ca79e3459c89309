#include "actors/project_version.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace varlet::actors {
namespace {

namespace project = catalog::project;

// At most max_file_bytes + 1 bytes of a file: the pure code tells a larger file by that one more.
project::FileText read_capped(const std::filesystem::path& path) {
  project::FileText out;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return out;
    return {true, {}, std::strerror(errno)};
  }
  out.exists = true;
  if (!S_ISREG(st.st_mode)) return {true, {}, "not a regular file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {true, {}, std::strerror(errno)};
  out.text.resize(std::min(static_cast<std::size_t>(st.st_size), project::max_file_bytes) + 1);
  in.read(out.text.data(), static_cast<std::streamsize>(out.text.size()));
  out.text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return {true, {}, "a read failed"};
  return out;
}

}  // namespace

ProjectVersionSource::ProjectVersionSource(std::filesystem::path dir) : dir_(std::move(dir)) {}

std::vector<ProjectVersionSource::Stamp> ProjectVersionSource::stamps() const {
  std::vector<Stamp> out;
  for (auto file : project::project_files()) {
    struct stat st {};
    Stamp stamp;
    if (::stat((dir_ / file).c_str(), &st) == 0)
      stamp = {true, static_cast<long long>(st.st_size),
               static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
    out.push_back(stamp);
  }
  return out;
}

std::shared_ptr<const project::Decision> ProjectVersionSource::current() {
  auto now = stamps();
  std::lock_guard lock(mutex_);
  if (decision_ && now == seen_) return decision_;
  seen_ = std::move(now);
  decision_ = std::make_shared<const project::Decision>(
      project::decide([this](std::string_view file) { return read_capped(dir_ / file); }));
  return decision_;
}

bool ProjectVersionSource::first_time(const std::string& reason) {
  std::lock_guard lock(mutex_);
  return reasons_.insert(reason).second;
}

VersionChoice choose_version(std::string_view requested, const std::string& default_version,
                             const std::string& fallback, ProjectVersionSource& project, bool over_http) {
  bool asked = !requested.empty();
  std::string spec(asked ? requested : std::string_view(default_version));
  if (spec != project_version) return {std::move(spec), {}, {}};
  if (over_http && asked)
    return {{}, "Version \"project\" means the @varlet/ui of the project this server runs in, but this server is "
                "reached over HTTP and never reads a client's files. Pass the version the user's project uses instead: "
                "the one its lockfile locks (package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock) or "
                "node_modules/@varlet/ui/package.json gives, else the \"@varlet/ui\" range of its package.json, "
                "e.g. \"3.20.6\" or \"^3.2.0\".",
            {}};
  if (over_http)
    return {fallback, {}, {{"fallback", fallback}, {"reason", "over HTTP the server never reads a client's project"}}};
  auto decision = project.current();
  auto dir = project.dir().string();
  if (decision->decided()) {
    if (!asked && project.first_time(decision->file + " " + decision->version))
      spdlog::info("[varlet] version=\"project\": {} in {} gives @varlet/ui {}", decision->file, dir, decision->version);
    return {decision->version, {}, {{"file", decision->file}, {"found", decision->version}, {"dir", dir}}};
  }
  auto why = "in " + dir + ", " + decision->why_undecided();
  if (asked)
    return {{}, "Version \"project\": " + why + ". Pass the version or range the project uses, or leave version out "
                "for the server's default.",
            {}};
  if (project.first_time(why))
    spdlog::warn("[varlet] version=\"project\": {}; serving [varlet] fallback-version {}", why, fallback);
  return {fallback, {}, {{"fallback", fallback}, {"reason", why}, {"dir", dir}}};
}

}  // namespace varlet::actors
