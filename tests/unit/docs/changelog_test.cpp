#include "catalog/docs/changelog.hpp"
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

const Release& release(const std::vector<Release>& all, std::string_view version) {
  for (const auto& r : all)
    if (r.version == version) return r;
  throw std::runtime_error("no release " + std::string(version));
}

TEST(Changelog, ReleasesInFileOrderWithDatesAndGroups) {
  auto releases = parse_changelog(testing::repository_file("CHANGELOG.md").value());
  ASSERT_EQ(releases.size(), 13u);
  EXPECT_EQ(releases.front().version, "3.20.6");
  EXPECT_EQ(releases.back().version, "2.22.5");
  const auto& minor = release(releases, "3.20.0");
  EXPECT_EQ(minor.date, "2026-08-10");
  EXPECT_EQ(minor.compare_url, "https://github.com/varletjs/varlet/compare/v3.19.3...v3.20.0");
  ASSERT_EQ(minor.groups.size(), 2u);
  EXPECT_EQ(minor.groups[0].title, "Features");
  EXPECT_EQ(minor.groups[1].title, "Bug Fixes");
  const auto& feature = minor.groups[0].items[1];
  EXPECT_EQ(feature.scopes, std::vector<std::string>{"button"});
  EXPECT_EQ(feature.text, "add the `elevation-disabled` look for disabled buttons");
  EXPECT_EQ(feature.commit, "f6071829");
  const auto& unscoped = minor.groups[0].items[0];
  EXPECT_TRUE(unscoped.scopes.empty());
  EXPECT_EQ(unscoped.issues, std::vector<std::string>{"#2030"});
  EXPECT_EQ(unscoped.text, "new component ShimmerText");
}

TEST(Changelog, ScopesAreKebabCaseAndClosesIsAnIssue) {
  auto releases = parse_changelog(testing::repository_file("CHANGELOG.md").value());
  const auto& latest = release(releases, "3.20.6");
  EXPECT_EQ(latest.groups[0].items[1].scopes, (std::vector<std::string>{"pull-refresh", "list"}));
  const auto& fix = release(releases, "3.20.5").groups[0].items[0];
  EXPECT_EQ(fix.issues, std::vector<std::string>{"#2042"});
  EXPECT_EQ(fix.text, "announce the clear button to screen readers");
  EXPECT_EQ(fix.commit, "c3d4e5f");
}

TEST(Changelog, BreakingChangesKeepRawCommitSubjectsWithTheirScopes) {
  auto releases = parse_changelog(testing::repository_file("CHANGELOG.md").value());
  const auto& major = release(releases, "3.0.0");
  ASSERT_EQ(major.groups[0].title, "BREAKING CHANGES");
  ASSERT_EQ(major.groups[0].items.size(), 4u);
  EXPECT_EQ(major.groups[0].items[2].scopes, std::vector<std::string>{"snackbar"});
  EXPECT_EQ(major.groups[0].items[2].text, "support md3");
}

TEST(Changelog, MentionsMatchScopesAndNamesInTheText) {
  auto releases = parse_changelog(testing::repository_file("CHANGELOG.md").value());
  const auto& items = release(releases, "3.18.0").groups[0].items;
  EXPECT_TRUE(mentions(items[0], "button"));
  EXPECT_TRUE(mentions(items[1], "rail-navigation"));  // "rail navigation"
  EXPECT_FALSE(mentions(items[1], "button"));          // 'new prop "fab" for button': too loose to tell
  EXPECT_FALSE(mentions(items[0], "button-group"));
  const auto& date_input = release(releases, "3.19.0").groups[0].items[1];
  EXPECT_TRUE(mentions(date_input, "date-input"));  // "DateInput"
  const auto& group_fix = release(releases, "3.20.0").groups[1].items[0];
  EXPECT_TRUE(mentions(group_fix, "button-group"));
  EXPECT_FALSE(mentions(group_fix, "button"));
  const auto& clear_button = release(releases, "3.20.5").groups[0].items[0];
  EXPECT_FALSE(mentions(clear_button, "button"));  // "the clear button" of the input
  EXPECT_TRUE(mentions(clear_button, "input"));
  EXPECT_TRUE(mentions(release(releases, "3.19.3").groups[0].items[0], "button"));  // **Button:**
}

TEST(Changelog, VersionOrder) {
  EXPECT_LT(compare_versions("3.9.0", "3.10.0"), 0);
  EXPECT_GT(compare_versions("3.20.6", "3.20.5"), 0);
  EXPECT_EQ(compare_versions("v3.0.0", "3.0.0"), 0);
  EXPECT_LT(compare_versions("3.0.0-alpha.1", "3.0.0"), 0);
}

TEST(Changelog, MalformedInputNeverCrashes) {
  for (std::string_view junk : {"", "# not a version\n* item", "## [", "## [3.0.0](", "* **:** x", "## 3.1.0\n* **a",
                                "## 3.1.0\n* ([abc](", "## 3.1.0\n```\n## 9.9.9\n", "## [1.0.0](u) (\n### \n* [x](y"}) {
    auto releases = parse_changelog(junk);
    EXPECT_LE(releases.size(), 1u);
  }
  auto fenced = parse_changelog("## 3.1.0\n```\n## 9.9.9\n```\n");
  ASSERT_EQ(fenced.size(), 1u);
  EXPECT_EQ(fenced[0].version, "3.1.0");
}

}  // namespace
}  // namespace varlet::catalog::docs
