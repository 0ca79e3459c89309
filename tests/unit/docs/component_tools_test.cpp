#include "catalog/docs/docs_tools.hpp"
#include "fixtures.hpp"
#include "../catalog/package.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

using namespace varlet::testing;

json::object examples(const json::object& args, const std::string& locale = "en-US",
                      std::vector<std::string>* fetched = nullptr) {
  return call_tool(component_examples_tool(), args, built_model("3.20.6", locale), locale, "3.20.6", fetched);
}

std::vector<std::string> titles(const json::object& result) {
  std::vector<std::string> out;
  for (const auto& e : structured(result).at("examples").as_array()) out.emplace_back(e.at("title").as_string());
  return out;
}

TEST(ComponentExamples, CompleteTitledExamplesInPageOrder) {
  for (std::string name : {"button", "var-button", "Button", "VarButton"}) {
    auto result = examples({{"name", name}});
    ASSERT_FALSE(is_error(result)) << text_of(result);
    EXPECT_EQ(structured(result).at("tag"), "var-button");
    EXPECT_EQ(structured(result).at("total"), 10);
  }
  auto result = examples({{"name", "button"}});
  EXPECT_EQ(titles(result).front(), "Theme Types");
  const auto& events = structured(result).at("examples").as_array()[8].as_object();
  EXPECT_EQ(events.at("title"), "Events");
  auto code = std::string(events.at("code").as_array()[0].at("code").as_string());
  EXPECT_NE(code.find("<script setup>"), std::string::npos);
  EXPECT_NE(code.find("<template>"), std::string::npos);
  EXPECT_NE(text_of(result).find("```html\n<script setup>"), std::string::npos);
  auto zh = examples({{"name", "button"}, {"locale", "zh-CN"}}, "zh-CN");
  EXPECT_EQ(titles(zh).front(), "主题类型");
}

TEST(ComponentExamples, AQueryPutsTheBestMatchFirst) {
  auto loading = examples({{"name", "button"}, {"query", "loading spinner"}, {"limit", 2}});
  ASSERT_EQ(titles(loading).size(), 2u);
  EXPECT_EQ(titles(loading).front(), "Loading");
  EXPECT_NE(text_of(loading).find("8 more examples"), std::string::npos);
  auto function_call = examples({{"name", "snackbar"}, {"query", "success error loading types"}});
  EXPECT_EQ(titles(function_call).front(), "Snackbar Type");
  EXPECT_EQ(structured(function_call).at("examples").as_array()[0].at("group"), "Function Call");
}

TEST(ComponentExamples, AComponentShownOnASiblingsPageGetsTheExamplesThatUseIt) {
  std::vector<std::string> fetched;
  auto group = examples({{"name", "button-group"}}, "en-US", &fetched);
  ASSERT_FALSE(is_error(group)) << text_of(group);
  EXPECT_EQ(structured(group).at("source"), "packages/varlet-ui/src/button/docs/en-US.md");
  EXPECT_EQ(titles(group), std::vector<std::string>{"Button Group"});
  EXPECT_EQ(fetched, (std::vector<std::string>{"packages/varlet-ui/varlet.config.mjs",
                                               "packages/varlet-ui/src/button-group/docs/en-US.md",
                                               "packages/varlet-ui/src/button/docs/en-US.md"}));
  // Nested fences stay inside one example and are written back with a longer fence.
  auto code = examples({{"name", "code"}});
  EXPECT_NE(text_of(code).find("````html\n"), std::string::npos);
}

TEST(ComponentExamples, UnknownComponentsAndMissingPagesAreExplained) {
  auto unknown = examples({{"name", "buton"}});
  ASSERT_TRUE(is_error(unknown));
  EXPECT_NE(text_of(unknown).find("Did you mean button"), std::string::npos);
  auto missing = examples({{"name", "watermark"}});
  ASSERT_TRUE(is_error(missing));
  EXPECT_NE(text_of(missing).find("has no docs page for var-watermark (packages/varlet-ui/src/watermark/docs/en-US.md)"),
            std::string::npos);
}

json::object docs_call(const json::object& args, std::size_t budget = 12000, const std::string& locale = "en-US") {
  DocsToolsOptions options;
  options.page_bytes = budget;
  return call_tool(component_docs_tool(options), args, built_model("3.20.6", locale), locale);
}

TEST(ComponentDocs, TheWholePageFitsTheDefaultBudget) {
  auto result = docs_call({{"name", "button"}});
  ASSERT_FALSE(is_error(result)) << text_of(result);
  const auto& s = structured(result);
  EXPECT_EQ(s.at("title"), "Button");
  EXPECT_EQ(s.at("page").at("count"), 1);
  EXPECT_EQ(s.at("markdown").as_string(), component_page("button", "en-US"));
}

TEST(ComponentDocs, SmallBudgetsGivePagesThatConcatenateToThePage) {
  for (std::size_t budget : {1500u, 3000u}) {
    for (std::string locale : {"en-US", "zh-CN"}) {
      SCOPED_TRACE(locale + " " + std::to_string(budget));
      json::object args{{"name", "button"}, {"locale", locale}};
      std::string joined;
      std::vector<std::size_t> sizes;
      for (int i = 0; i < 100; ++i) {
        auto page = docs_call(args, budget, locale);
        ASSERT_FALSE(is_error(page)) << text_of(page);
        auto markdown = std::string(structured(page).at("markdown").as_string());
        EXPECT_LE(markdown.size(), budget);
        joined += markdown;
        sizes.push_back(markdown.size());
        const auto& p = structured(page).at("page").as_object();
        if (!p.contains("nextCursor")) break;
        args["cursor"] = p.at("nextCursor");
      }
      EXPECT_EQ(joined, component_page("button", locale));
      EXPECT_GT(sizes.size(), 1u);
      std::cout << "[ var-button pages ] " << locale << " budget " << budget << ":";
      for (auto n : sizes) std::cout << " " << n;
      std::cout << " bytes\n";
    }
  }
}

TEST(ComponentDocs, OneSectionByTitleOrPath) {
  auto api = docs_call({{"name", "button"}, {"section", "API"}});
  ASSERT_FALSE(is_error(api)) << text_of(api);
  auto markdown = std::string(structured(api).at("markdown").as_string());
  EXPECT_EQ(markdown.rfind("## API", 0), 0u);
  EXPECT_NE(markdown.find("--button-fab-size"), std::string::npos);
  auto props = docs_call({{"name", "button"}, {"section", "Props/ButtonGroup Props"}});
  EXPECT_EQ(std::string(structured(props).at("markdown").as_string()).rfind("#### ButtonGroup Props", 0), 0u);
  EXPECT_EQ(structured(props).at("section"), "ButtonGroup Props");
  auto zh = docs_call({{"name", "input"}, {"section", "方法"}, {"locale", "zh-CN"}}, 12000, "zh-CN");
  EXPECT_NE(text_of(zh).find("resetValidation"), std::string::npos);
  auto none = docs_call({{"name", "button"}, {"section", "Nope"}});
  ASSERT_TRUE(is_error(none));
  EXPECT_NE(text_of(none).find("Its sections: Button, Intro,"), std::string::npos);
}

TEST(ComponentDocs, ForeignOrDamagedCursorsAreRejected) {
  auto first = docs_call({{"name", "button"}}, 1500);
  auto cursor = structured(first).at("page").at("nextCursor");
  auto other_component = docs_call({{"name", "input"}, {"cursor", cursor}}, 1500);
  EXPECT_TRUE(is_error(other_component));
  auto other_section = docs_call({{"name", "button"}, {"section", "API"}, {"cursor", cursor}}, 1500);
  EXPECT_TRUE(is_error(other_section));
  auto other_budget = docs_call({{"name", "button"}, {"cursor", cursor}}, 3000);
  EXPECT_TRUE(is_error(other_budget));
  auto garbage = docs_call({{"name", "button"}, {"cursor", "not-a-cursor"}}, 1500);
  ASSERT_TRUE(is_error(garbage));
  EXPECT_NE(text_of(garbage).find("was not issued"), std::string::npos);
  EXPECT_FALSE(is_error(docs_call({{"name", "button"}, {"cursor", cursor}}, 1500)));
}

}  // namespace
}  // namespace varlet::catalog::docs
