// Names as people and models type them: case conversions, and finding components, directives and
// themes of the real model by any of their spellings, with suggestions for unknown names.
#include "catalog/names.hpp"
#include "catalog/resolve.hpp"
#include "package.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog {
namespace {

using testing::built_model;
using testing::is_error;
using testing::run_tool;
using testing::string_at;
using testing::structured;
using testing::text_of;

TEST(Names, CaseConversions) {
  EXPECT_EQ(kebab_case("ButtonGroup"), "button-group");
  EXPECT_EQ(kebab_case("buttonGroup"), "button-group");
  EXPECT_EQ(kebab_case("button_group"), "button-group");
  EXPECT_EQ(kebab_case("button group"), "button-group");
  EXPECT_EQ(kebab_case(" \tPullRefresh\n"), "pull-refresh");
  EXPECT_EQ(kebab_case("md3Light"), "md3-light");
  EXPECT_EQ(kebab_case("HTMLElement"), "html-element");
  EXPECT_EQ(kebab_case("BUTTON"), "button");
  EXPECT_EQ(kebab_case("--a--b--"), "a-b");
  EXPECT_EQ(kebab_case(""), "");
  EXPECT_EQ(camel_case("button-group"), "buttonGroup");
  EXPECT_EQ(camel_case("md3-light"), "md3Light");
  EXPECT_EQ(pascal_case("bottom-navigation-item"), "BottomNavigationItem");
  EXPECT_EQ(pascal_case(""), "");
  EXPECT_EQ(strip_tag_prefix("var-button"), "button");
  EXPECT_EQ(strip_tag_prefix("button"), "button");
  EXPECT_EQ(strip_tag_prefix("var-"), "");
}

TEST(Names, EveryTagRoundTripsThroughItsPascalAndCamelNames) {
  for (std::string version : {"3.20.6", "3.0.0"}) {
    auto model = built_model(version, "en-US");
    for (const auto& c : model->components) {
      EXPECT_EQ(c.tag, "var-" + c.kebab);
      EXPECT_EQ(kebab_case(c.name), c.kebab) << c.tag;
      EXPECT_EQ(kebab_case(camel_case(c.kebab)), c.kebab) << c.tag;
      for (std::string spelling : {c.tag, c.kebab, c.name, "Var" + c.name, "<" + c.tag + ">", "<" + c.tag + " />",
                                   camel_case(c.kebab)}) {
        auto found = find_component(*model, spelling);
        ASSERT_NE(found.found, nullptr) << spelling;
        EXPECT_EQ(found.found->tag, c.tag) << spelling;
      }
    }
  }
}

TEST(Names, TheSpellingsOfButtonAndButtonGroup) {
  auto model = built_model("3.20.6", "en-US");
  for (std::string typed : {"Button", "button", "var-button", "VarButton", "<var-button>", "<var-button type=\"primary\">",
                            "</var-button>", "  <VarButton/>", "BUTTON"}) {
    auto found = find_component(*model, typed);
    ASSERT_NE(found.found, nullptr) << typed;
    EXPECT_EQ(found.found->tag, "var-button") << typed;
  }
  for (std::string typed : {"ButtonGroup", "button-group", "button_group", "var-button-group", "VarButtonGroup",
                            "<var-button-group>", "buttonGroup", "buttongroup", "BUTTONGROUP"}) {
    auto found = find_component(*model, typed);
    ASSERT_NE(found.found, nullptr) << typed;
    EXPECT_EQ(found.found->tag, "var-button-group") << typed;
  }
}

TEST(Names, UnknownNamesGetTheClosestRealNames) {
  auto model = built_model("3.20.6", "en-US");
  auto grup = find_component(*model, "button-grup");
  EXPECT_EQ(grup.found, nullptr);
  ASSERT_FALSE(grup.suggestions.empty());
  EXPECT_EQ(grup.suggestions.front(), "var-button-group");
  auto message = not_found_message("component", "button-grup", grup.suggestions, "list_components");
  EXPECT_NE(message.find("Did you mean var-button-group"), std::string::npos) << message;

  auto buton = find_component(*model, "<var-buton>");
  EXPECT_EQ(buton.found, nullptr);
  ASSERT_FALSE(buton.suggestions.empty());
  EXPECT_EQ(buton.suggestions.front(), "var-button");
  // Every suggestion is a real tag.
  for (const auto& s : buton.suggestions) EXPECT_NE(model->component(s), nullptr) << s;

  auto nothing = find_component(*model, "zzzzzzzzzzzzzzzz");
  EXPECT_EQ(nothing.found, nullptr);
  EXPECT_TRUE(nothing.suggestions.empty());
  EXPECT_EQ(not_found_message("component", "zzzzzzzzzzzzzzzz", {}, "list_components"),
            "Unknown component \"zzzzzzzzzzzzzzzz\". Call list_components to see every name.");
  for (const std::string& odd : std::vector<std::string>{"", "<", "<>", "var-", "   ", std::string(5000, 'x'), std::string("\0\xff", 2)})
    EXPECT_EQ(find_component(*model, odd).found, nullptr) << odd.substr(0, 10);
}

TEST(Names, TheToolSaysIsErrorWithSuggestions) {
  auto model = built_model("3.20.6", "en-US");
  auto result = run_tool("get_component_api", {{"name", "ButtonGrup"}}, model);
  ASSERT_TRUE(is_error(result));
  EXPECT_NE(text_of(result).find("Unknown component \"ButtonGrup\". Did you mean var-button-group"), std::string::npos)
      << text_of(result);
  EXPECT_FALSE(result.contains("structuredContent"));
  auto ok = run_tool("get_component_api", {{"name", "<VarButtonGroup />"}}, model);
  ASSERT_FALSE(is_error(ok)) << text_of(ok);
  EXPECT_EQ(string_at(structured(ok).at("component").as_object(), "tag"), "var-button-group");
}

TEST(Names, DirectivesAndThemesBySpelling) {
  auto model = built_model("3.20.6", "en-US");
  for (std::string typed : {"ripple", "v-ripple", "Ripple", "vRipple", "<v-ripple>"}) {
    auto found = find_directive(*model, typed);
    ASSERT_NE(found.found, nullptr) << typed;
    EXPECT_EQ(found.found->name, "ripple");
  }
  auto click = find_directive(*model, "rippel");
  EXPECT_EQ(click.found, nullptr);
  EXPECT_EQ(click.suggestions.front(), "v-ripple");
  for (std::string typed : {"md3-dark", "md3Dark", "Md3Dark", "md3_dark"}) {
    auto found = find_theme(*model, typed);
    ASSERT_NE(found.found, nullptr) << typed;
    EXPECT_EQ(found.found->name, "md3-dark");
  }
  EXPECT_EQ(find_theme(*model, "md3-drak").suggestions.front(), "md3-dark");
}

TEST(Names, NormalizedNames) {
  EXPECT_EQ(normalize_name("<VarButtonGroup/>"), "button-group");
  EXPECT_EQ(normalize_name("<var-button type=\"x\">"), "button");
  EXPECT_EQ(normalize_name("v-ripple"), "ripple");
  EXPECT_EQ(normalize_name(""), "");
  EXPECT_EQ(normalize_name("</>"), "");
}

}  // namespace
}  // namespace varlet::catalog
