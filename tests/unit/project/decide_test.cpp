// The order in which a project's files decide its @varlet/ui, and what is said when none does.
#include "catalog/project/decide.hpp"

#include <gtest/gtest.h>

#include <map>

namespace varlet::catalog::project {
namespace {

struct Project {
  std::map<std::string, FileText, std::less<>> files;
  Project& with(std::string path, std::string text) {
    files[path] = {true, std::move(text), {}};
    return *this;
  }
  Decision decide() const {
    return project::decide([this](std::string_view path) {
      auto it = files.find(path);
      return it == files.end() ? FileText{} : it->second;
    });
  }
};

constexpr auto installed = R"({"name": "@varlet/ui", "version": "3.20.7"})";
constexpr auto npm_lock = R"({"lockfileVersion": 3, "packages": {"node_modules/@varlet/ui": {"version": "3.20.6"}}})";
constexpr auto manifest = R"({"dependencies": {"@varlet/ui": "~3.0.0"}})";

TEST(Decide, TheInstalledPackageComesFirst) {
  auto d = Project{}.with("node_modules/@varlet/ui/package.json", installed).with("package-lock.json", npm_lock)
               .with("package.json", manifest).decide();
  EXPECT_EQ(d.version, "3.20.7");
  EXPECT_EQ(d.file, "node_modules/@varlet/ui/package.json");
}

TEST(Decide, ThenALockfile) {
  auto d = Project{}.with("package-lock.json", npm_lock).with("package.json", manifest).decide();
  EXPECT_EQ(d.version, "3.20.6");
  EXPECT_EQ(d.file, "package-lock.json");
  d = Project{}.with("bun.lock", R"({"packages": {"@varlet/ui": ["@varlet/ui@3.0.0", ""]}})").decide();
  EXPECT_EQ(d.version, "3.0.0");
  EXPECT_EQ(d.file, "bun.lock");
}

TEST(Decide, ThenPackageJsonsRange) {
  auto d = Project{}.with("package.json", manifest).with("yarn.lock", "vue@^3:\n  version \"3.4.0\"\n").decide();
  EXPECT_EQ(d.version, "~3.0.0");
  EXPECT_EQ(d.file, "package.json");
  EXPECT_TRUE(d.skipped.empty());
}

TEST(Decide, PackageJsonsRangePicksAmongSeveralYarnEntries) {
  auto d = Project{}
               .with("package.json", manifest)
               .with("yarn.lock", "\"@varlet/ui@^3.0.0\":\n  version \"3.20.6\"\n\n\"@varlet/ui@~3.0.0\":\n  version \"3.0.0\"\n")
               .decide();
  EXPECT_EQ(d.version, "3.0.0");
  EXPECT_EQ(d.file, "yarn.lock");
}

TEST(Decide, AFileThatCannotDecideIsSkippedWithItsReason) {
  auto d = Project{}
               .with("package-lock.json", "{ not json")
               .with("pnpm-lock.yaml", std::string(max_file_bytes + 1, ' '))
               .with("package.json", manifest)
               .decide();
  EXPECT_EQ(d.version, "~3.0.0");
  ASSERT_EQ(d.skipped.size(), 2u);
  EXPECT_NE(d.skipped[0].find("package-lock.json is not valid JSON"), std::string::npos) << d.skipped[0];
  EXPECT_NE(d.skipped[1].find("pnpm-lock.yaml is larger than 32 MiB"), std::string::npos) << d.skipped[1];
}

TEST(Decide, AnUnreadableFileIsSkipped) {
  Project p;
  p.files["yarn.lock"] = {true, {}, "Permission denied"};
  auto d = p.decide();
  EXPECT_FALSE(d.decided());
  EXPECT_NE(d.why_undecided().find("yarn.lock could not be read: Permission denied"), std::string::npos);
}

TEST(Decide, NothingDecidesInAnEmptyFolderOrAWorkspaceLink) {
  auto d = Project{}.decide();
  EXPECT_FALSE(d.decided());
  EXPECT_EQ(d.why_undecided(),
            "no file of the project gives @varlet/ui a version (looked for node_modules/@varlet/ui/package.json, "
            "package-lock.json, pnpm-lock.yaml, yarn.lock, bun.lock, package.json)");
  d = Project{}.with("package.json", R"({"dependencies": {"@varlet/ui": "workspace:*"}})").decide();
  EXPECT_FALSE(d.decided());
  EXPECT_NE(d.why_undecided().find("\"workspace:*\" names no published version"), std::string::npos) << d.why_undecided();
}

}  // namespace
}  // namespace varlet::catalog::project
