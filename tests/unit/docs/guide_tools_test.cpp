#include "catalog/docs/docs_tools.hpp"
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

using namespace varlet::testing;

TEST(ListGuides, ComeFromTheSiteMenuWithTitlesPerLocale) {
  auto result = call_tool(list_guides_tool(), {});
  ASSERT_FALSE(is_error(result)) << text_of(result);
  const auto& guides = structured(result).at("guides").as_array();
  ASSERT_EQ(guides.size(), 9u);  // the guide pages and the theme page of the same menu group
  EXPECT_EQ(guides[1].at("name"), "quickstart");
  EXPECT_EQ(guides[1].at("title"), "Getting Started");
  EXPECT_NE(text_of(result).find("importOnDemand: Import On Demand"), std::string::npos);
  auto zh = call_tool(list_guides_tool(), {{"locale", "zh-CN"}}, nullptr, "zh-CN");
  EXPECT_EQ(structured(zh).at("guides").as_array()[1].at("title"), "快速上手");
  const auto& meta = result.at("_meta").at("varlet").as_object();
  EXPECT_EQ(meta.at("version"), "3.20.6");
  EXPECT_EQ(meta.at("artifacts").as_array()[0], "github:varletjs/varlet@v3.20.6/packages/varlet-ui/varlet.config.mjs");
}

TEST(ListGuides, WithoutTheMenuTheResultSaysSo) {
  auto result = call_tool(list_guides_tool(), {}, nullptr, "en-US", "9.9.9");
  ASSERT_TRUE(is_error(result));
  EXPECT_NE(text_of(result).find("v9.9.9 has no docs site menu (packages/varlet-ui/varlet.config.mjs)"),
            std::string::npos);
}

TEST(GetGuide, FindsAGuideByNameOrTitleInEitherLocale) {
  for (std::string name : {"importOnDemand", "import-on-demand", "Import On Demand", "按需引入"}) {
    auto result = call_tool(get_guide_tool({}), {{"name", name}});
    ASSERT_FALSE(is_error(result)) << name << ": " << text_of(result);
    EXPECT_EQ(structured(result).at("name"), "importOnDemand");
    EXPECT_EQ(structured(result).at("source"), "packages/varlet-ui/docs/importOnDemand.en-US.md");
    EXPECT_NE(text_of(result).find("VarletImportResolver"), std::string::npos);
  }
  auto zh = call_tool(get_guide_tool({}), {{"name", "quickstart"}, {"locale", "zh-CN"}}, nullptr, "zh-CN");
  EXPECT_NE(text_of(zh).find("# 快速上手"), std::string::npos);
}

TEST(GetGuide, LooksInTheOtherFolderWhenThePageIsNotWhereTheMenuTypeSays) {
  std::vector<std::string> fetched;
  auto locale = call_tool(get_guide_tool({}), {{"name", "locale"}}, nullptr, "en-US", "3.20.6", &fetched);
  ASSERT_FALSE(is_error(locale)) << text_of(locale);
  EXPECT_EQ(structured(locale).at("source"), "packages/varlet-ui/src/locale/docs/en-US.md");
  EXPECT_EQ(fetched, (std::vector<std::string>{"packages/varlet-ui/varlet.config.mjs",
                                               "packages/varlet-ui/docs/locale.en-US.md",
                                               "packages/varlet-ui/src/locale/docs/en-US.md"}));
  auto themes = call_tool(get_guide_tool({}), {{"name", "Theme Customization"}});
  EXPECT_EQ(structured(themes).at("source"), "packages/varlet-ui/src/themes/docs/en-US.md");
}

TEST(GetGuide, UnknownAndMissingGuidesAreExplained) {
  auto unknown = call_tool(get_guide_tool({}), {{"name", "quickstrat"}});
  ASSERT_TRUE(is_error(unknown));
  EXPECT_NE(text_of(unknown).find("Did you mean quickstart?"), std::string::npos);
  auto missing = call_tool(get_guide_tool({}), {{"name", "extension"}});
  ASSERT_TRUE(is_error(missing));
  EXPECT_NE(text_of(missing).find("has no page for the guide `extension`"), std::string::npos);
}

TEST(GetGuide, LongGuidesComeInPagesWithCursors) {
  DocsToolsOptions small;
  small.page_bytes = 700;
  auto tool = get_guide_tool(small);
  auto whole = call_tool(get_guide_tool({}), {{"name", "importOnDemand"}});
  std::string joined;
  json::object args{{"name", "importOnDemand"}};
  for (int i = 0; i < 50; ++i) {
    auto page = call_tool(tool, args);
    ASSERT_FALSE(is_error(page)) << text_of(page);
    joined += structured(page).at("markdown").as_string();
    const auto& p = structured(page).at("page").as_object();
    EXPECT_EQ(p.at("index").to_number<int>(), i);
    if (!p.contains("nextCursor")) break;
    args["cursor"] = p.at("nextCursor");
  }
  EXPECT_EQ(joined, std::string(structured(whole).at("markdown").as_string()));
  auto bad = call_tool(tool, {{"name", "quickstart"}, {"cursor", args.at("cursor")}});
  ASSERT_TRUE(is_error(bad));
  EXPECT_NE(text_of(bad).find("was not issued for this page"), std::string::npos);
}

std::string steps_of(const json::object& result) {
  std::string titles;
  for (const auto& s : structured(result).at("steps").as_array()) titles += std::string(s.at("title").as_string()) + "|";
  return titles;
}

TEST(InstallationGuide, EachPlatformGetsTheSectionsAboutIt) {
  auto tool = installation_guide_tool();
  auto vite = call_tool(tool, {{"platform", "vite"}});
  ASSERT_FALSE(is_error(vite)) << text_of(vite);
  EXPECT_EQ(steps_of(vite), "Webpack/Vite|Vite|");
  EXPECT_NE(text_of(vite).find("npm i @varlet/ui"), std::string::npos);
  EXPECT_NE(text_of(vite).find("vite.config.js"), std::string::npos);
  EXPECT_EQ(text_of(vite).find("vue.config.js"), std::string::npos);

  EXPECT_EQ(steps_of(call_tool(tool, {{"platform", "webpack"}})), "Webpack/Vite|Vue CLI|");
  EXPECT_EQ(steps_of(call_tool(tool, {{"platform", "vue-cli"}})), "Webpack/Vite|Vue CLI|");
  EXPECT_EQ(steps_of(call_tool(tool, {{"platform", "cdn"}})), "CDN|");
  EXPECT_EQ(steps_of(call_tool(tool, {{"platform", "auto-import"}})), "Webpack/Vite|Automatic Import|");
  auto nuxt = call_tool(tool, {{"platform", "nuxt"}});
  EXPECT_EQ(steps_of(nuxt), "Nuxt Module|");
  EXPECT_NE(text_of(nuxt).find("npx nuxi@latest module add varlet"), std::string::npos);
  EXPECT_EQ(structured(nuxt).at("sources").as_array().size(), 3u);
}

TEST(InstallationGuide, SsrAndFreshAddTheirSections) {
  auto tool = installation_guide_tool();
  EXPECT_EQ(steps_of(call_tool(tool, {{"platform", "vite"}, {"ssr", true}})), "Webpack/Vite|Vite|Nuxt Module|");
  EXPECT_EQ(steps_of(call_tool(tool, {{"platform", "cdn"}, {"fresh", true}})),
            "CDN|Desktop Support|Design System|");
  auto zh = call_tool(tool, {{"platform", "vite"}, {"locale", "zh-CN"}}, nullptr, "zh-CN");
  EXPECT_EQ(steps_of(zh), "Webpack/Vite|Vite|");
  EXPECT_NE(text_of(zh).find("选择你的包管理器"), std::string::npos);
}

TEST(InstallationGuide, MissingGuidesAreNamed) {
  auto result = call_tool(installation_guide_tool(), {{"platform", "vite"}}, nullptr, "en-US", "2.0.0");
  ASSERT_TRUE(is_error(result));
  EXPECT_NE(text_of(result).find("packages/varlet-ui/docs/quickstart.en-US.md"), std::string::npos);
}

}  // namespace
}  // namespace varlet::catalog::docs
