#pragma once
// `version: "project"`: the @varlet/ui of the project the server runs in, read from its files
// ([varlet] project-dir) and read again whenever one of them changes. Shared by every dispatcher.
#include "catalog/project/decide.hpp"
#include "mcp/json.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace varlet::actors {

class ProjectVersionSource {
public:
  explicit ProjectVersionSource(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }
  // What the project's files say now. Each call looks at the files' sizes and times; only a
  // change reads them again (a lockfile may be large).
  std::shared_ptr<const catalog::project::Decision> current();
  // True the first time `reason` is seen, so a fallback is logged once and not on every call.
  bool first_time(const std::string& reason);

private:
  struct Stamp {
    bool exists = false;
    long long size = 0, modified_ns = 0;
    friend bool operator==(const Stamp&, const Stamp&) = default;
  };
  std::vector<Stamp> stamps() const;

  const std::filesystem::path dir_;
  std::mutex mutex_;
  std::vector<Stamp> seen_;
  std::shared_ptr<const catalog::project::Decision> decision_;
  std::set<std::string> reasons_;
};

// The version a call resolves, given what it asked for and where it came from.
struct VersionChoice {
  std::string spec;       // what to resolve; empty: `error` says why there is none
  std::string error;      // for the assistant: what to pass instead
  json::object project;   // for _meta.varlet.project: the deciding file, or the fallback and why
};

inline constexpr std::string_view project_version = "project";

// `requested` is the call's version, empty for none (then `default_version`, which may itself be
// "project"). Over HTTP the client's files are out of reach: an explicit "project" is refused and
// a default "project" is `fallback`. A default that falls back is logged once per reason.
VersionChoice choose_version(std::string_view requested, const std::string& default_version,
                             const std::string& fallback, ProjectVersionSource& project, bool over_http);

}  // namespace varlet::actors
