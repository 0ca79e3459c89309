#include "catalog/docs/paging.hpp"
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

std::string joined(std::string_view text, const std::vector<Page>& pages) {
  std::string out;
  for (const auto& p : pages) out += text.substr(p.begin, p.end - p.begin);
  return out;
}

TEST(Paging, EveryPageFitsAndTheyTileTheText) {
  for (std::string component : {"button", "snackbar", "input", "code", "pull-refresh"})
    for (std::string locale : {"en-US", "zh-CN"})
      for (std::size_t budget : {600u, 1000u, 2000u, 4000u, 100000u}) {
        SCOPED_TRACE(component + " " + locale + " " + std::to_string(budget));
        auto text = testing::component_page(component, locale);
        auto pages = paginate(text, budget);
        ASSERT_FALSE(pages.empty());
        EXPECT_EQ(joined(text, pages), text);
        for (const auto& p : pages) {
          EXPECT_LT(p.begin, p.end);
          if (!p.oversized) {
            EXPECT_LE(p.end - p.begin, budget);
          }
        }
        if (budget >= 100000) {
          EXPECT_EQ(pages.size(), 1u);
        }
      }
}

TEST(Paging, NeverCutsInsideACodeBlock) {
  auto text = testing::component_page("code", "en-US");
  auto nested_begin = text.find("````html");
  auto nested_end = text.find("````\n", nested_begin + 4) + 5;
  for (std::size_t budget : {100u, 300u, 700u, 1500u}) {
    SCOPED_TRACE(budget);
    auto pages = paginate(text, budget);
    for (const auto& p : pages) {
      EXPECT_FALSE(p.begin > nested_begin && p.begin < nested_end) << "page starts inside the nested fence";
      if (p.oversized) {
        EXPECT_EQ(text.substr(p.begin, 3), "```");
      }
    }
  }
}

TEST(Paging, PrefersSectionStartsAndLongParagraphsCutAtLines) {
  auto text = testing::component_page("button", "en-US");
  auto pages = paginate(text, 2000);
  std::size_t at_heading = 0;
  for (std::size_t i = 1; i < pages.size(); ++i) at_heading += text[pages[i].begin] == '#';
  EXPECT_GE(at_heading * 2, pages.size() - 1);

  std::string paragraph;
  for (int i = 0; i < 50; ++i) paragraph += "line " + std::to_string(i) + " of a long paragraph\n";
  auto cut = paginate(paragraph, 200);
  EXPECT_EQ(joined(paragraph, cut), paragraph);
  for (const auto& p : cut) {
    EXPECT_LE(p.end - p.begin, 200u);
    EXPECT_TRUE(p.end == paragraph.size() || paragraph[p.end - 1] == '\n');
  }
}

TEST(Paging, CutsALongLineOnACharacterBoundary) {
  std::string line;
  for (int i = 0; i < 200; ++i) line += "下拉刷新";
  auto pages = paginate(line, 100);
  EXPECT_EQ(joined(line, pages), line);
  for (const auto& p : pages) {
    EXPECT_LE(p.end - p.begin, 100u);
    EXPECT_NE(static_cast<unsigned char>(line[p.begin]) & 0xC0, 0x80);
  }
  EXPECT_TRUE(paginate("", 100).empty());
  EXPECT_EQ(paginate("x", 0).size(), 1u);
}

TEST(Paging, CursorsRoundTripAndAreBoundToTheirScope) {
  auto cursor = encode_cursor("get_component_docs|3.20.6|en-US|button||12000", 4711);
  EXPECT_EQ(decode_cursor(cursor, "get_component_docs|3.20.6|en-US|button||12000"), 4711u);
  EXPECT_EQ(decode_cursor(cursor, "get_component_docs|3.20.6|zh-CN|button||12000"), std::nullopt);
  for (std::string_view bad : std::initializer_list<std::string_view>{"", "abc", "!!!!", "page:2", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                               "QUFBQUFBQUFBQUFBQUFBQTox", std::string_view("\0\0", 2)})
    EXPECT_EQ(decode_cursor(bad, "get_component_docs|3.20.6|en-US|button||12000"), std::nullopt) << bad;
  EXPECT_EQ(decode_cursor(encode_cursor("s", 0), "s"), 0u);
}

}  // namespace
}  // namespace varlet::catalog::docs
