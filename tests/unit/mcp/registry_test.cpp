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
