#include "catalog/docs/site_menu.hpp"
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

SiteMenu fixture_menu() {
  auto parsed = parse_site_menu(testing::repository_file(std::string(paths::site_config)).value());
  if (auto* error = std::get_if<std::string>(&parsed)) throw std::runtime_error(*error);
  return std::get<SiteMenu>(parsed);
}

TEST(SiteMenu, ListsGuidesAndComponentPagesWithTitlesInBothLocales) {
  auto menu = fixture_menu();
  auto guides = menu.of_type(MenuItemType::guide);
  ASSERT_EQ(guides.size(), 8u);
  EXPECT_EQ(guides[0]->doc, "home");
  EXPECT_EQ(guides[1]->doc, "quickstart");
  EXPECT_EQ(guides[1]->title("en-US"), "Getting Started");
  EXPECT_EQ(guides[1]->title("zh-CN"), "快速上手");
  EXPECT_EQ(guides[1]->group, "Developer Guide");
  const auto* migration = menu.find("migrationGuide");  // double-quoted keys and values
  ASSERT_NE(migration, nullptr);
  EXPECT_EQ(migration->title("zh-CN"), "从 2.x 迁移");
  const auto* extension = menu.find("extension");  // after a block comment
  ASSERT_NE(extension, nullptr);

  const auto* button = menu.find("button");
  ASSERT_NE(button, nullptr);
  EXPECT_EQ(button->type, MenuItemType::component);
  EXPECT_EQ(button->title("zh-CN"), "Button 按钮");
  EXPECT_EQ(button->group, "Basic Components");
  const auto* radio = menu.find("radio-group");
  ASSERT_NE(radio, nullptr);
  EXPECT_EQ(radio->title("en-US"), "Radio");
  EXPECT_EQ(menu.find("themes")->type, MenuItemType::component);
  EXPECT_EQ(menu.find("nothing-like-this"), nullptr);
  EXPECT_EQ(button->title("fr-FR"), "Button");
}

TEST(SiteMenu, UnreadableConfigsAreExplained) {
  for (std::string_view junk : std::initializer_list<std::string_view>{"", "export default {}", "menu: [", "menu: [ { text: { 'en-US': 'x' ", "menu: 3",
                                "menu: [1, 2, 3]",
                                "menu: [ { type: 1 ] ]", "menu: [ } ]",  // closers of the other kind (looped forever)
                                std::string_view("menu: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                                                                    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")}) {
    auto parsed = parse_site_menu(junk);
    ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << junk;
    EXPECT_NE(std::get<std::string>(parsed).find("menu"), std::string::npos);
  }
}

TEST(SiteMenu, RepositoryPaths) {
  EXPECT_EQ(paths::component_page("pull-refresh", "zh-CN"), "packages/varlet-ui/src/pull-refresh/docs/zh-CN.md");
  EXPECT_EQ(paths::guide_page("quickstart", "en-US"), "packages/varlet-ui/docs/quickstart.en-US.md");
}

}  // namespace
}  // namespace varlet::catalog::docs
