#pragma once
// Which @varlet/ui a project uses: the installed package first, then a lockfile, then the range
// in package.json. Pure code over a function that reads the project's files.
#include "catalog/project/finding.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace varlet::catalog::project {

struct FileText {
  bool exists = false;
  std::string text;   // at most max_file_bytes + 1 bytes: one more says the file is larger
  std::string error;  // it exists but could not be read
};

// Reads a file by its path relative to the project folder ("pnpm-lock.yaml").
using ReadFile = std::function<FileText(std::string_view relative_path)>;

struct Decision {
  std::string version;  // a concrete version, or package.json's range; empty: nothing decided
  std::string file;     // the file that decided
  std::vector<std::string> skipped;  // why files that name @varlet/ui did not decide
  bool decided() const { return !version.empty(); }
  // One sentence on why nothing decided, naming the files looked for and those skipped.
  std::string why_undecided() const;
};

// The files looked at, in the order they decide.
const std::vector<std::string_view>& project_files();

Decision decide(const ReadFile& read);

}  // namespace varlet::catalog::project
