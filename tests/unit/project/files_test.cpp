// Each file of a project that can say which @varlet/ui it uses, in the shapes npm, pnpm, yarn and
// bun write, and the broken ones a project may hold: never a crash, always a reason.
#include "catalog/project/files.hpp"

#include <gtest/gtest.h>

#include <random>

namespace varlet::catalog::project {
namespace {

bool mentions(const Finding& f, std::string_view text) { return f.why_not.find(text) != std::string::npos; }

TEST(InstalledPackage, GivesItsVersion) {
  EXPECT_EQ(read_installed_package(R"({"name": "@varlet/ui", "version": "3.20.6", "main": "lib/varlet.cjs.js"})").version,
            "3.20.6");
}

TEST(InstalledPackage, AnotherPackageOrNoVersionIsAReason) {
  EXPECT_TRUE(mentions(read_installed_package(R"({"name": "varlet-fork", "version": "1.0.0"})"), "varlet-fork"));
  EXPECT_TRUE(mentions(read_installed_package(R"({"name": "@varlet/ui"})"), "no valid \"version\""));
  EXPECT_TRUE(mentions(read_installed_package(R"({"name": "@varlet/ui", "version": 3})"), "no valid \"version\""));
}

TEST(PackageLock, Versions2And3ReadPackages) {
  auto lock = R"({"name": "app", "lockfileVersion": 3, "packages": {
    "": {"dependencies": {"@varlet/ui": "^3.2.0"}},
    "node_modules/@varlet/ui": {"version": "3.20.6", "resolved": "https://registry.npmjs.org/...", "integrity": "x"},
    "node_modules/@varlet/ui/node_modules/vue": {"version": "3.4.0"}}})";
  EXPECT_EQ(read_package_lock(lock).version, "3.20.6");
}

TEST(PackageLock, Version1ReadsDependencies) {
  auto lock = R"({"name": "app", "lockfileVersion": 1, "dependencies": {
    "vue": {"version": "3.4.0"}, "@varlet/ui": {"version": "3.0.0", "requires": {"vue": "^3"}}}})";
  EXPECT_EQ(read_package_lock(lock).version, "3.0.0");
  auto alias = R"({"lockfileVersion": 1, "dependencies": {"@varlet/ui": {"version": "npm:@varlet/ui@3.1.0"}}})";
  EXPECT_EQ(read_package_lock(alias).version, "3.1.0");
}

TEST(PackageLock, ALinkOrAnAliasOfAnotherPackageIsAReason) {
  auto link = R"({"lockfileVersion": 3, "packages": {"node_modules/@varlet/ui": {"resolved": "packages/ui", "link": true}}})";
  EXPECT_TRUE(mentions(read_package_lock(link), "links @varlet/ui to packages/ui"));
  auto fork = R"({"lockfileVersion": 3, "packages": {"node_modules/@varlet/ui": {"name": "fork", "version": "1.0.0"}}})";
  EXPECT_TRUE(mentions(read_package_lock(fork), "alias of another package (fork)"));
}

TEST(PackageLock, WithoutVarletItIsSilent) {
  auto f = read_package_lock(R"({"lockfileVersion": 3, "packages": {"node_modules/vue": {"version": "3.4.0"}}})");
  EXPECT_FALSE(f.decides());
  EXPECT_TRUE(f.why_not.empty());
}

TEST(PnpmLock, Version9ReadsTheRootImporter) {
  auto lock = R"(lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:

  .:
    dependencies:
      '@varlet/ui':
        specifier: ^3.2.0
        version: 3.20.6(vue@3.5.13(typescript@5.6.3))
      vue:
        specifier: ^3.5.0
        version: 3.5.13(typescript@5.6.3)

  packages/docs:
    dependencies:
      '@varlet/ui':
        specifier: 3.0.0
        version: 3.0.0(vue@3.5.13)

packages:

  '@varlet/ui@3.0.0':
    resolution: {integrity: sha512-abc}

  '@varlet/ui@3.20.6':
    resolution: {integrity: sha512-def}
)";
  EXPECT_EQ(read_pnpm_lock(lock).version, "3.20.6");
}

TEST(PnpmLock, Version6ReadsTheRootDependencies) {
  auto lock = "lockfileVersion: '6.0'\r\n\r\ndevDependencies:\r\n  '@varlet/ui':\r\n    specifier: ^3.0.0\r\n"
              "    version: 3.0.0(vue@3.3.4)\r\n\r\npackages:\r\n\r\n  /@varlet/ui@3.0.0(vue@3.3.4):\r\n"
              "    resolution: {integrity: sha512-x}\r\n";
  EXPECT_EQ(read_pnpm_lock(lock).version, "3.0.0");
}

TEST(PnpmLock, Version5ReadsTheScalarDependency) {
  auto lock = R"(lockfileVersion: 5.4

specifiers:
  '@varlet/ui': ^3.0.0

dependencies:
  '@varlet/ui': 3.0.0_vue@3.2.45

packages:

  /@varlet/ui/3.0.0_vue@3.2.45:
    resolution: {integrity: sha512-x}
)";
  EXPECT_EQ(read_pnpm_lock(lock).version, "3.0.0");
}

TEST(PnpmLock, WithoutTheRootImporterTheOnlyLockedPackageDecides) {
  auto lock = R"(lockfileVersion: '9.0'
importers:
  packages/app:
    dependencies:
      '@varlet/ui':
        specifier: ^3
        version: 3.20.6(vue@3.5.0)
packages:
  '@varlet/ui@3.20.6':
    resolution: {integrity: sha512-x}
  '@varlet/ui-icons@1.0.0':
    resolution: {integrity: sha512-y}
snapshots:
  '@varlet/ui@3.20.6(vue@3.5.0)':
    dependencies: {}
)";
  EXPECT_EQ(read_pnpm_lock(lock).version, "3.20.6");
  auto several = R"(lockfileVersion: '9.0'
packages:
  '@varlet/ui@3.20.6':
    resolution: {integrity: sha512-x}
  '@varlet/ui@3.0.0':
    resolution: {integrity: sha512-y}
)";
  EXPECT_TRUE(mentions(read_pnpm_lock(several), "several @varlet/ui versions (3.0.0, 3.20.6)"));
}

// A pnpm 9 lockfile whose root project depends on @varlet/ui as `specifier`, locked as `version`.
std::string pnpm9_root(std::string_view specifier, std::string_view version) {
  return "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      '@varlet/ui':\n        specifier: " +
         std::string(specifier) + "\n        version: " + std::string(version) + "\n";
}

TEST(PnpmLock, AWorkspaceLinkIsAReason) {
  EXPECT_TRUE(mentions(read_pnpm_lock(pnpm9_root("workspace:*", "link:packages/ui")), "no published version"));
}

TEST(PnpmLock, AnAliasOfVarletIsItsVersion) {
  EXPECT_EQ(read_pnpm_lock(pnpm9_root("npm:@varlet/ui@3.1.0", "'@varlet/ui@3.1.0(vue@3.5.0)'")).version, "3.1.0");
}

TEST(YarnLock, ClassicEntriesGiveTheirVersion) {
  auto lock = R"(# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@varlet/icons@^3.0.0":
  version "3.20.6"

"@varlet/ui@^3.0.0", "@varlet/ui@^3.2.0":
  version "3.20.6"
  resolved "https://registry.yarnpkg.com/@varlet/ui/-/ui-3.20.6.tgz#abc"
  dependencies:
    "@varlet/icons" "3.20.6"

vue@^3.4.0:
  version "3.4.21"
)";
  EXPECT_EQ(read_yarn_lock(lock, "").version, "3.20.6");
}

TEST(YarnLock, BerryEntriesGiveTheirVersion) {
  auto lock = R"(__metadata:
  version: 8
  cacheKey: 10c0

"@varlet/ui@npm:^3.0.0":
  version: 3.0.0
  resolution: "@varlet/ui@npm:3.0.0"
  languageName: node
  linkType: hard
)";
  EXPECT_EQ(read_yarn_lock(lock, "").version, "3.0.0");
  auto together = "\"@varlet/ui@npm:^3.0.0, @varlet/ui@npm:~3.0.0\":\n  version: 3.0.0\n\n"
                  "\"@varlet/ui@npm:^3.20.0\":\n  version: 3.20.6\n";
  EXPECT_EQ(read_yarn_lock(together, "~3.0.0").version, "3.0.0");
  EXPECT_EQ(read_yarn_lock(together, "^3.20.0").version, "3.20.6");
}

TEST(YarnLock, SeveralVersionsArePickedByPackageJsonsRange) {
  auto lock = R"("@varlet/ui@^3.0.0":
  version "3.20.6"

"@varlet/ui@npm:@varlet/ui@3.1.0":
  version "3.1.0"

"@varlet/ui@~3.0.0":
  version "3.0.0"
)";
  EXPECT_EQ(read_yarn_lock(lock, "~3.0.0").version, "3.0.0");
  EXPECT_EQ(read_yarn_lock(lock, "3.1.0").version, "3.1.0");
  EXPECT_TRUE(mentions(read_yarn_lock(lock, ""), "several @varlet/ui versions (3.0.0, 3.1.0, 3.20.6)"));
  EXPECT_TRUE(mentions(read_yarn_lock(lock, "^4"), "several"));
}

TEST(YarnLock, AWorkspaceEntryIsAReason) {
  auto lock = R"("@varlet/ui@workspace:packages/ui":
  version: 0.0.0-use.local
  resolution: "@varlet/ui@workspace:packages/ui"
)";
  EXPECT_TRUE(mentions(read_yarn_lock(lock, ""), "local folder"));
}

TEST(BunLock, TextLockGivesTheVersion) {
  auto lock = R"({
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "@varlet/ui": "^3.2.0",
      },
    },
  },
  "packages": {
    "@varlet/ui": ["@varlet/ui@3.20.6", "", { "dependencies": { "@varlet/icons": "3.20.6" } }, "sha512-x"],
    // a comment bun does not write, but JSONC allows
    "vue": ["vue@3.5.13", "", {}, "sha512-y"],
  }
})";
  EXPECT_EQ(read_bun_lock(lock).version, "3.20.6");
  EXPECT_TRUE(mentions(read_bun_lock(R"({"packages": {"@varlet/ui": ["@varlet/ui@workspace:packages/ui"]}})"),
                       "no published version"));
  EXPECT_TRUE(mentions(read_bun_lock(R"({"packages": {"@varlet/ui": {}}})"), "bun.lock"));
}

TEST(PackageJson, GivesTheRangeOfAnyDependencyKind) {
  EXPECT_EQ(read_package_json(R"({"dependencies": {"vue": "^3", "@varlet/ui": "^3.2.0"}})").version, "^3.2.0");
  EXPECT_EQ(read_package_json(R"({"devDependencies": {"@varlet/ui": "~3.0.0"}})").version, "~3.0.0");
  EXPECT_EQ(read_package_json(R"({"peerDependencies": {"@varlet/ui": "3.x"}})").version, "3.x");
  EXPECT_EQ(read_package_json(R"({"dependencies": {"@varlet/ui": "npm:@varlet/ui@3.1.0"}})").version, "3.1.0");
  EXPECT_TRUE(mentions(read_package_json(R"({"dependencies": {"@varlet/ui": "workspace:*"}})"), "dependencies"));
  EXPECT_TRUE(mentions(read_package_json(R"({"dependencies": {"@varlet/ui": ["3"]}})"), "no string"));
  EXPECT_FALSE(read_package_json(R"({"dependencies": {"vue": "^3"}})").decides());
}

TEST(BrokenFiles, MalformedJsonNamesTheFile) {
  EXPECT_TRUE(mentions(read_package_lock("{\"packages\": {"), "package-lock.json is not valid JSON"));
  EXPECT_TRUE(mentions(read_package_json("[1, 2]"), "package.json is not a JSON object"));
  EXPECT_TRUE(mentions(read_installed_package(""), "not valid JSON"));
  EXPECT_TRUE(mentions(read_bun_lock("{\"packages\": {,,}}"), "bun.lock is not valid JSON"));
  EXPECT_TRUE(mentions(read_package_lock(std::string(100000, '[')), "not valid JSON"));
}

TEST(BrokenFiles, GarbageLockfilesAreSilentOrAReasonNeverACrash) {
  std::mt19937 random(12);
  for (int round = 0; round < 200; ++round) {
    std::string garbage(static_cast<std::size_t>(random() % 4000), '\0');
    for (auto& c : garbage) c = static_cast<char>(random() % 256);
    if (round % 2) garbage = "'@varlet/ui':\n  version: " + garbage + "\n\"@varlet/ui@" + garbage + "\":\n  version";
    for (auto f : {read_pnpm_lock(garbage), read_yarn_lock(garbage, "^3"), read_package_lock(garbage),
                   read_bun_lock(garbage), read_package_json(garbage), read_installed_package(garbage)})
      if (f.decides()) EXPECT_TRUE(is_version(f.version) || f.version.size() <= 256) << f.version;
  }
  EXPECT_TRUE(mentions(read_pnpm_lock("- a\n- b\n"), "not a pnpm lockfile"));
  EXPECT_TRUE(mentions(read_yarn_lock("just some words", ""), "not a yarn lockfile"));
  EXPECT_FALSE(read_pnpm_lock("").decides());
  EXPECT_FALSE(read_yarn_lock("", "").decides());
}

TEST(BrokenFiles, QuotesThatNeverCloseAreNoKeys) {
  EXPECT_FALSE(read_pnpm_lock("importers:\n  .:\n    dependencies:\n      '@varlet/ui:\n        version: 3.20.6\n").decides());
  EXPECT_FALSE(read_yarn_lock("\"@varlet/ui@^3:\n  version \"3.20.6\n", "").decides());
}

}  // namespace
}  // namespace varlet::catalog::project
