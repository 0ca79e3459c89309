#include "mcp/registry.hpp"
#include "mcp/suggest.hpp"
#include "mcp/uri_template.hpp"

#include <gtest/gtest.h>

using namespace varlet::mcp;

TEST(UriTemplate, MatchesAndExpandsLevelOne) {
  UriTemplate t("varlet://components/{name}/api.json");
  auto vars = t.match("varlet://components/button-group/api.json");
  ASSERT_TRUE(vars);
  EXPECT_EQ(vars->at("name"), "button-group");
  EXPECT_FALSE(t.match("varlet://components/a/b/api.json"));
  EXPECT_FALSE(t.match("varlet://components//api.json"));
  EXPECT_EQ(UriTemplate("x://{a}").match("x://hello%20world")->at("a"), "hello world");
  EXPECT_EQ(t.expand({{"name", "a b"}}), "varlet://components/a%20b/api.json");
}

TEST(Registry, TemplatesMatchInRegistrationOrder) {
  Registry r;
  r.add_resource_template({"varlet://components/{name}/api.json", "api", "", "", ""});
  r.add_resource_template({"varlet://components/{name}", "doc", "", "", ""});
  r.seal();
  EXPECT_EQ(r.match_resource("varlet://components/button/api.json")->first->name, "api");
  EXPECT_EQ(r.match_resource("varlet://components/button")->first->name, "doc");
  EXPECT_FALSE(r.match_resource("varlet://themes/dark"));
}

TEST(Suggest, FindsCloseNames) {
  std::vector<std::string> names{"var-button", "var-button-group", "var-badge", "var-input"};
  auto close = closest_matches("var-buton", names, 2);
  ASSERT_FALSE(close.empty());
  EXPECT_EQ(close.front(), "var-button");
  EXPECT_TRUE(closest_matches("zzzzzzzz", names).empty());
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, NothingIsSuggestedForTextFarLongerThanEveryName) {
  // Edit distance costs |typed| x |name|: a megabyte "name" must not buy seconds of CPU. Before the
  // bound, a name containing a candidate counted as close at any length.
  std::vector<std::string> names{"var-button", "var-input"};
  EXPECT_TRUE(closest_matches(std::string(1 << 20, 'x') + "var-button", names).empty());
  EXPECT_FALSE(closest_matches("the var-button", names).empty()) << "a little longer still matches";
}

TEST(Errors, AnExcerptIsCutOnACharacterBoundary) {
  std::string chinese;
  for (int i = 0; i < 100; ++i) chinese += "按钮";  // 3 bytes each
  auto shown = excerpt(chinese, 10);
  EXPECT_EQ(shown.substr(0, 9), chinese.substr(0, 9));
  EXPECT_NE(shown.find("(600 bytes)"), std::string::npos) << shown;
  EXPECT_EQ(excerpt("short", 10), "short");
}
