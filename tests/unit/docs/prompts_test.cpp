#include "catalog/docs/completion.hpp"
#include "catalog/docs/prompts.hpp"
#include "fixtures.hpp"
#include "../catalog/package.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

using namespace varlet::testing;

const PromptDefinition& prompt(std::string_view name) {
  static auto prompts = docs_prompts();
  for (const auto& p : prompts)
    if (p.spec.name == name) return p;
  throw std::runtime_error("no prompt " + std::string(name));
}

json::object get(std::string_view name, const PromptArguments& args) {
  ToolInputs inputs{"3.20.6", "en-US", built_model("3.20.6", "en-US"), {}};
  auto result = prompt(name).get(args, inputs);
  if (auto* error = std::get_if<std::string>(&result)) throw std::runtime_error(*error);
  return std::get<json::object>(result);
}

std::vector<std::string> embedded_uris(const json::object& result) {
  std::vector<std::string> uris;
  for (const auto& m : result.at("messages").as_array()) {
    const auto& content = m.at("content").as_object();
    if (content.at("type") == "resource") uris.emplace_back(content.at("resource").at("uri").as_string());
  }
  return uris;
}

std::string first_text(const json::object& result) {
  return std::string(result.at("messages").as_array()[0].at("content").at("text").as_string());
}

TEST(Prompts, SevenWithArgumentsTheirSpecsDescribe) {
  auto prompts = docs_prompts();
  ASSERT_EQ(prompts.size(), 7u);
  for (const auto& p : prompts) {
    auto spec = p.spec.to_json();
    EXPECT_FALSE(spec.at("description").as_string().empty());
    EXPECT_FALSE(spec.at("arguments").as_array().empty());
  }
}

TEST(Prompts, ComponentUsageEmbedsTheApiAndNamesTheTools) {
  auto result = get("component_usage", {{"component", "PullRefresh"}, {"scenario", "reload a feed"}});
  EXPECT_EQ(embedded_uris(result), std::vector<std::string>{"varlet://components/pull-refresh"});
  auto text = first_text(result);
  EXPECT_NE(text.find("get_component_examples {name: \"pull-refresh\", query: \"reload a feed\"}"), std::string::npos);
  EXPECT_NE(text.find("get_component_api"), std::string::npos);
  const auto& resource = result.at("messages").as_array()[1].at("content").at("resource").as_object();
  EXPECT_EQ(resource.at("mimeType"), "text/markdown");
  auto api = std::string(resource.at("text").as_string());
  // The same markdown as varlet://components/pull-refresh: every prop and event listed.
  EXPECT_NE(api.find("- `refresh("), std::string::npos);
  EXPECT_NE(api.find("- `model-value`"), std::string::npos);
}

TEST(Prompts, LayoutDesignEmbedsWhatSearchFindsForTheDescription) {
  auto result = get("layout_design", {{"description", "a feed you pull down to refresh, with a back to top button"},
                                      {"components", "app-bar"}});
  auto uris = embedded_uris(result);
  ASSERT_FALSE(uris.empty());
  EXPECT_EQ(uris.front(), "varlet://components/app-bar");
  EXPECT_NE(std::find(uris.begin(), uris.end(), "varlet://components/pull-refresh"), uris.end());
  EXPECT_NE(std::find(uris.begin(), uris.end(), "varlet://components/back-top"), uris.end());
  EXPECT_LE(uris.size(), 4u);
}

TEST(Prompts, LayoutDesignFindsAComponentForEachPartOfTheDescription) {
  for (std::string description : {"a settings page with switches and a pull-down refresh", "设置页，带开关和下拉刷新"}) {
    SCOPED_TRACE(description);
    ToolInputs inputs{"3.20.6", description[0] == 'a' ? "en-US" : "zh-CN",
                      built_model("3.20.6", description[0] == 'a' ? "en-US" : "zh-CN"), {}};
    auto result = prompt("layout_design").get({{"description", description}}, inputs);
    ASSERT_TRUE(std::holds_alternative<json::object>(result));
    auto uris = embedded_uris(std::get<json::object>(result));
    EXPECT_NE(std::find(uris.begin(), uris.end(), "varlet://components/switch"), uris.end());
    EXPECT_NE(std::find(uris.begin(), uris.end(), "varlet://components/pull-refresh"), uris.end());
    EXPECT_LE(uris.size(), 4u);
  }
}

TEST(Prompts, MigrationFindsTheVarletCounterpartOfAForeignComponent) {
  auto result = get("migrate_from_library", {{"library", "vant"}, {"component", "van-pull-refresh"}});
  auto uris = embedded_uris(result);
  ASSERT_FALSE(uris.empty());
  EXPECT_EQ(uris.front(), "varlet://components/pull-refresh");
  EXPECT_NE(first_text(result).find("from vant to Varlet 3.20.6"), std::string::npos);
  auto element = get("migrate_from_library", {{"library", "element-plus"}, {"component", "el-date-picker"}});
  EXPECT_EQ(embedded_uris(element).front(), "varlet://components/date-picker");
}

// The library's own names map to Varlet's from the reviewed vocabulary: the component named is
// found even when the names differ, and the prompt carries the library's whole map.
TEST(Prompts, MigrationUsesTheLibrarysNamesFromTheVocabulary) {
  auto drawer = get("migrate_from_library", {{"library", "Element Plus"}, {"component", "el-drawer"}});
  ASSERT_FALSE(embedded_uris(drawer).empty());
  EXPECT_EQ(embedded_uris(drawer).front(), "varlet://components/popup");
  auto text = first_text(drawer);
  EXPECT_NE(text.find("Drawer → var-popup"), std::string::npos) << text;
  EXPECT_NE(text.find("→ var-snackbar"), std::string::npos) << text;
  EXPECT_EQ(text.find("轻提示"), std::string::npos) << "Chinese names only for a Chinese prompt";
  auto vant = get("migrate_from_library", {{"library", "vant"}, {"component", "van-toast"}});
  EXPECT_EQ(embedded_uris(vant).front(), "varlet://components/snackbar");
  EXPECT_EQ(first_text(get("migrate_from_library", {{"library", "some-unknown-lib"}})).find(" → var-"), std::string::npos);
}

TEST(Prompts, TroubleshootingAndPerformanceNameTheirTools) {
  auto trouble = get("troubleshoot_component", {{"component", "var-pull-refresh"}, {"problem", "refresh never fires"}});
  EXPECT_NE(first_text(trouble).find("diff_versions {from: \"<that version>\", component: \"pull-refresh\""), std::string::npos);
  EXPECT_EQ(embedded_uris(trouble), std::vector<std::string>{"varlet://components/pull-refresh"});
  auto perf = get("optimize_performance", {{"concern", "long lists"}});
  EXPECT_NE(first_text(perf).find("get_installation_guide {platform: \"auto-import\"}"), std::string::npos);
  EXPECT_FALSE(embedded_uris(perf).empty());
}

TEST(Prompts, BadArgumentsAreReportedNotGuessed) {
  ToolInputs inputs{"3.20.6", "en-US", built_model("3.20.6", "en-US"), {}};
  auto unknown = prompt("component_usage").get({{"component", "buton"}}, inputs);
  ASSERT_TRUE(std::holds_alternative<std::string>(unknown));
  EXPECT_NE(std::get<std::string>(unknown).find("Did you mean button"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<std::string>(prompt("troubleshoot_component").get({{"component", "button"}}, inputs)));
  EXPECT_TRUE(std::holds_alternative<std::string>(prompt("layout_design").get({{"description", "x"}, {"components", "nope"}}, inputs)));
  ToolInputs no_model{"3.20.6", "en-US", nullptr, {}};
  EXPECT_TRUE(std::holds_alternative<std::string>(prompt("component_usage").get({{"component", "button"}}, no_model)));
}

std::vector<std::string> values(const json::object& completion) {
  std::vector<std::string> out;
  for (const auto& v : completion.at("completion").at("values").as_array()) out.emplace_back(v.as_string());
  return out;
}

TEST(Completion, ComponentsVersionsLocalesGuidesPlatformsAndLibraries) {
  auto model = built_model("3.20.6", "en-US");
  auto menu_text = repository_file(std::string(paths::site_config)).value();
  auto menu = std::get<SiteMenu>(parse_site_menu(menu_text));
  CompletionSources sources{model.get(), {"latest", "3.20.6", "3.20.5", "3.0.0"}, &menu};
  auto pull = values(complete("component", "pul", sources));
  EXPECT_EQ(pull, std::vector<std::string>{"pull-refresh"});
  auto button = values(complete("name", "button", sources));
  EXPECT_EQ(button.front(), "button");
  EXPECT_NE(std::find(button.begin(), button.end(), "button-group"), button.end());
  auto contains = values(complete("component", "refresh", sources));
  EXPECT_EQ(contains, std::vector<std::string>{"pull-refresh"});
  EXPECT_EQ(values(complete("components", "app-bar, pull-r", sources)), std::vector<std::string>{"pull-refresh"});
  EXPECT_EQ(values(complete("version", "3.20", sources)), (std::vector<std::string>{"3.20.6", "3.20.5"}));
  EXPECT_EQ(values(complete("version", "pro", sources)), (std::vector<std::string>{"project"}));
  EXPECT_EQ(values(complete("locale", "zh", sources)), std::vector<std::string>{"zh-CN"});
  EXPECT_EQ(values(complete("guide", "import", sources)), std::vector<std::string>{"importOnDemand"});
  EXPECT_EQ(values(complete("platform", "v", sources)), (std::vector<std::string>{"vite", "vue-cli"}));
  EXPECT_EQ(values(complete("library", "el", sources)), std::vector<std::string>{"element-plus"});
  auto all = complete("component", "", sources);
  EXPECT_EQ(all.at("completion").at("total").to_number<std::size_t>(), model->components.size());
  ASSERT_GT(model->components.size(), 100u);  // more than one answer may hold
  EXPECT_EQ(values(all).size(), 100u);
  EXPECT_TRUE(all.at("completion").at("hasMore").as_bool());
  EXPECT_TRUE(values(complete("unknown-argument", "", sources)).empty());
}

}  // namespace
TEST(Prompts, ProjectSetUpNamesTheInstallGuideOfItsPlatform) {
  auto result = get("set_up_project", {{"platform", "nuxt"}, {"guide", "ssr"}});
  auto text = first_text(result);
  EXPECT_NE(text.find("get_installation_guide {platform: \"nuxt\""), std::string::npos);
  EXPECT_NE(text.find("get_guide {name: \"ssr\"}"), std::string::npos);
  EXPECT_TRUE(embedded_uris(result).empty());
}

TEST(Prompts, ValidateTemplateListsTheFindingsAndEmbedsTheirComponents) {
  auto result = get("validate_template", {{"code", "<var-button sise=\"large\" />\n<var-cell titel=\"A\" />"}});
  auto text = first_text(result);
  EXPECT_NE(text.find("- 1:13 error var-button: unknown prop \"sise\" — did you mean \"size\"?"), std::string::npos)
      << text;
  EXPECT_NE(text.find("check_template {code, version: \"3.20.6\"}"), std::string::npos);
  EXPECT_EQ(embedded_uris(result), (std::vector<std::string>{"varlet://components/button", "varlet://components/cell"}));
  auto clean = first_text(get("validate_template", {{"code", "<var-button size=\"large\" />"}}));
  EXPECT_NE(clean.find("finds nothing wrong"), std::string::npos);
  auto without_code = get("validate_template", {});
  EXPECT_NE(first_text(without_code).find("check_template"), std::string::npos);
  EXPECT_TRUE(embedded_uris(without_code).empty());
}

}  // namespace varlet::catalog::docs
