#include "catalog/docs/docs_tools.hpp"
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

using namespace varlet::testing;

std::vector<std::string> versions_of(const json::object& result) {
  std::vector<std::string> out;
  for (const auto& r : structured(result).at("releases").as_array()) out.emplace_back(r.at("version").as_string());
  return out;
}

TEST(ReleaseNotes, OneVersionByDefault) {
  auto result = call_tool(release_notes_tool({}), {});
  ASSERT_FALSE(is_error(result)) << text_of(result);
  EXPECT_EQ(versions_of(result), std::vector<std::string>{"3.20.6"});
  EXPECT_NE(text_of(result).find("- **snackbar:** keep the loading message open"), std::string::npos);
  auto old = call_tool(release_notes_tool({}), {{"from", "2.22.5"}, {"to", "3.0.0"}});
  EXPECT_EQ(versions_of(old), std::vector<std::string>{"3.0.0"});
  EXPECT_EQ(structured(old).at("releases").as_array()[0].at("groups").as_array()[0].at("title"), "BREAKING CHANGES");
}

TEST(ReleaseNotes, ARangeIsAfterFromUpToTo) {
  auto result = call_tool(release_notes_tool({}), {{"from", "3.18.0"}, {"to", "3.20.5"}});
  ASSERT_FALSE(is_error(result)) << text_of(result);
  EXPECT_EQ(versions_of(result), (std::vector<std::string>{"3.20.5", "3.20.0", "3.19.3", "3.19.0"}));
  EXPECT_EQ(versions_of(call_tool(release_notes_tool({}), {{"from", "3.12.0"}})),
            (std::vector<std::string>{"3.20.6", "3.20.5", "3.20.0", "3.19.3", "3.19.0", "3.18.0", "3.12.2"}));
}

TEST(ReleaseNotes, AComponentKeepsOnlyItsItems) {
  auto result = call_tool(release_notes_tool({}), {{"from", "3.0.0"}, {"component", "var-button"}});
  ASSERT_FALSE(is_error(result)) << text_of(result);
  EXPECT_EQ(versions_of(result), (std::vector<std::string>{"3.20.0", "3.19.3", "3.18.0", "3.3.13"}));
  EXPECT_EQ(text_of(result).find("button-group"), std::string::npos);
  EXPECT_EQ(versions_of(call_tool(release_notes_tool({}), {{"from", "2.0.0"}, {"component", "PullRefresh"}})),
            (std::vector<std::string>{"3.20.6", "3.0.0"}));
  auto none = call_tool(release_notes_tool({}), {{"component", "watermark"}});
  ASSERT_FALSE(is_error(none));
  EXPECT_EQ(structured(none).at("matched"), 0);
  EXPECT_NE(text_of(none).find("No item of these releases is about watermark"), std::string::npos);
}

TEST(ReleaseNotes, BigRangesAreCutToTheBudgetAndSaySo) {
  DocsToolsOptions small;
  small.page_bytes = 600;
  auto result = call_tool(release_notes_tool(small), {{"from", "2.0.0"}});
  ASSERT_FALSE(is_error(result));
  EXPECT_TRUE(structured(result).at("truncated").as_bool());
  EXPECT_EQ(structured(result).at("matched"), 13);
  EXPECT_NE(text_of(result).find("more matching releases left out"), std::string::npos);
}

TEST(ReleaseNotes, VersionsOutsideTheChangelogAreExplained) {
  auto future = call_tool(release_notes_tool({}), {{"from", "3.20.6"}, {"to", "4.0.0"}});
  ASSERT_TRUE(is_error(future));
  EXPECT_NE(text_of(future).find("It ends at 3.20.6"), std::string::npos);
  auto missing = call_tool(release_notes_tool({}), {}, nullptr, "en-US", "3.1.0");
  ASSERT_TRUE(is_error(missing));
  EXPECT_NE(text_of(missing).find("has no changelog (CHANGELOG.md)"), std::string::npos);
}

}  // namespace
}  // namespace varlet::catalog::docs
