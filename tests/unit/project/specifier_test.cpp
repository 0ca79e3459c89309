// Dependency specifiers and locked versions as a project's files write them.
#include "catalog/project/finding.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::project {
namespace {

TEST(Specifier, RangesAndTagsAreKeptAsWritten) {
  for (std::string spec : {"^3.2.0", "~3.0.0", "3.20.6", ">=3.1 <3.5", "3.x", "*", "latest", "^3 || ^4"})
    EXPECT_EQ(range_of_specifier(spec).version, spec) << spec;
  EXPECT_EQ(range_of_specifier("  ^3.2.0 ").version, "^3.2.0");
}

TEST(Specifier, AnAliasOfVarletGivesItsRange) {
  EXPECT_EQ(range_of_specifier("npm:@varlet/ui@3.1.0").version, "3.1.0");
  EXPECT_EQ(range_of_specifier("npm:@varlet/ui@^3.2").version, "^3.2");
  EXPECT_EQ(range_of_specifier("npm:^3.2.0").version, "^3.2.0");  // yarn berry's descriptor range
}

TEST(Specifier, AnAliasOfAnotherPackageIsNoVersion) {
  auto found = range_of_specifier("npm:varlet-fork@1.0.0");
  EXPECT_FALSE(found.decides());
  EXPECT_NE(found.why_not.find("alias of another package (varlet-fork)"), std::string::npos) << found.why_not;
}

TEST(Specifier, WorkspaceLinkFileGitAndUrlSpecifiersAreNoVersions) {
  for (std::string spec : {"workspace:*", "workspace:^3.2.0", "link:../varlet", "file:../ui.tgz", "portal:../ui",
                           "catalog:", "github:varletjs/varlet", "varletjs/varlet", "git+https://x/y.git",
                           "https://example.com/ui.tgz", "../ui", "3.0.0; rm -rf /", ""}) {
    auto found = range_of_specifier(spec);
    EXPECT_FALSE(found.decides()) << spec;
    EXPECT_FALSE(found.why_not.empty()) << spec;
  }
}

TEST(Specifier, AVeryLongSpecifierIsRefusedNamingTheLimit) {
  auto found = range_of_specifier(std::string(1000, '1'));
  EXPECT_FALSE(found.decides());
  EXPECT_NE(found.why_not.find("256"), std::string::npos) << found.why_not;
}

TEST(LockedVersion, PeerSuffixesAndAliasesAreStripped) {
  EXPECT_EQ(locked_version("3.20.6(vue@3.4.21)(typescript@5.0.0)", "f").version, "3.20.6");
  EXPECT_EQ(locked_version("3.20.6_vue@3.2.0", "f").version, "3.20.6");
  EXPECT_EQ(locked_version("npm:@varlet/ui@3.1.0", "f").version, "3.1.0");
  EXPECT_EQ(locked_version("/@varlet/ui@3.1.0", "f").version, "3.1.0");
  EXPECT_EQ(locked_version("@varlet/ui@3.1.0(vue@3.4.0)", "f").version, "3.1.0");
  EXPECT_EQ(locked_version("3.0.0-alpha.1", "f").version, "3.0.0-alpha.1");
}

TEST(LockedVersion, LinksAndOtherPackagesAreNoVersions) {
  for (std::string locked : {"link:../ui", "file:../ui@1.0.0", "workspace:packages/ui", "3.20", "^3.2.0", "",
                             "npm:other@1.0.0"}) {
    auto found = locked_version(locked, "pnpm-lock.yaml");
    EXPECT_FALSE(found.decides()) << locked;
    EXPECT_NE(found.why_not.find("pnpm-lock.yaml"), std::string::npos) << found.why_not;
  }
}

TEST(LockedVersion, IsVersion) {
  EXPECT_TRUE(is_version("3.20.6"));
  EXPECT_TRUE(is_version("10.0.0-rc.1+build.5"));
  EXPECT_FALSE(is_version("3.20"));
  EXPECT_FALSE(is_version("3.20.6.1"));
  EXPECT_FALSE(is_version("v3.20.6"));
  EXPECT_FALSE(is_version("3.20.6-"));
  EXPECT_FALSE(is_version("3..6"));
}

}  // namespace
}  // namespace varlet::catalog::project
