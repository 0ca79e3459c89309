#include "catalog/search/tokenize.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::search {
namespace {

using Terms = std::vector<std::string>;

TEST(Tokenize, NamesInEveryCaseGiveTheSameTerms) {
  EXPECT_EQ(terms("pull-refresh"), (Terms{"pull", "refresh"}));
  EXPECT_EQ(terms("PullRefresh"), (Terms{"pull", "refresh"}));
  EXPECT_EQ(terms("pull_refresh"), (Terms{"pull", "refresh"}));
  EXPECT_EQ(terms("var-pull-refresh"), (Terms{"var", "pull", "refresh"}));
  EXPECT_EQ(terms("update:modelValue"), (Terms{"updat", "model", "valu"}));
  EXPECT_EQ(terms("HTMLElement"), (Terms{"html", "element"}));
}

TEST(Tokenize, LightStemmingJoinsWordForms) {
  EXPECT_EQ(stem("refreshing"), stem("refresh"));
  EXPECT_EQ(stem("pulling"), "pull");
  EXPECT_EQ(stem("closed"), stem("close"));
  EXPECT_EQ(stem("closes"), stem("closing"));
  EXPECT_EQ(stem("images"), stem("image"));
  EXPECT_EQ(stem("dragging"), stem("drag"));
  EXPECT_EQ(stem("uploader"), stem("upload"));
  EXPECT_EQ(stem("categories"), stem("category"));
  EXPECT_EQ(stem("status"), "status");
  EXPECT_EQ(stem("md3"), "md3");
}

TEST(Tokenize, FunctionWordsAreDropped) {
  EXPECT_EQ(terms("How do I show a message at the bottom?"), (Terms{"show", "messag", "bottom"}));
}

TEST(Tokenize, ChineseRunsBecomeBigrams) {
  EXPECT_EQ(terms("下拉刷新"), (Terms{"下拉", "拉刷", "刷新"}));
  EXPECT_EQ(terms("表"), (Terms{"表"}));
  EXPECT_EQ(terms("是否显示 `Snackbar`"), (Terms{"是否", "否显", "显示", "snackbar"}));
  EXPECT_EQ(terms("加载中，请稍候"), (Terms{"加载", "载中", "请稍", "稍候"}));
}

TEST(Tokenize, OffsetsPointAtTheSource) {
  std::string text = "Show 下拉刷新 now";
  auto tokens = tokenize(text);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "Show");
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "下拉");
  EXPECT_EQ(text.substr(tokens[4].begin, tokens[4].end - tokens[4].begin), "now");
}

TEST(Tokenize, InvalidUtf8AndOtherScriptsAreSkippedSafely) {
  std::string junk = "\xff\xfe ok \xe4\xb8 \xe4\xb8\x8b";
  auto t = terms(junk);
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t.front(), "ok");
  EXPECT_EQ(t.back(), "下");
  EXPECT_EQ(terms("émoji 😀 ok"), (Terms{"moji", "ok"}));
  EXPECT_TRUE(terms("").empty());
}

}  // namespace
}  // namespace varlet::catalog::search

namespace varlet::catalog::search {
namespace {

TEST(NameKeys, ANameIsOneKeyWhateverItsSpelling) {
  EXPECT_EQ(name_key("pull-refresh"), "#pull-refresh");
  EXPECT_EQ(name_key("PullRefresh"), "#pull-refresh");
  EXPECT_EQ(name_key("tabs"), "#tabs");
  EXPECT_EQ(query_name_keys("Tabs to switch"),
            (std::vector<std::string>{"#tabs", "#tabs-to", "#tabs-to-switch", "#to", "#to-switch", "#switch"}));
  EXPECT_EQ(query_name_keys("PullRefresh"), (std::vector<std::string>{"#pull", "#pull-refresh", "#refresh"}));
  // A run of Chinese characters is one word: an exact Chinese name outranks its bigrams.
  EXPECT_EQ(name_key("输入框"), "#输入框");
  EXPECT_EQ(query_name_keys("下拉刷新 list"), (std::vector<std::string>{"#下拉刷新", "#下拉刷新-list", "#list"}));
}

}  // namespace
}  // namespace varlet::catalog::search
