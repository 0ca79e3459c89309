#include "catalog/search/vocabulary.hpp"

#include "../catalog/package.hpp"
#include "catalog/resolve.hpp"
#include "catalog/search/corpus.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace varlet::catalog::search {
namespace {

TEST(Vocabulary, ParsesRowsAndSkipsCommentsHeaderAndMalformedLines) {
  auto rows = parse_vocabulary(
      "# a comment\ncomponent\tterm\tlang\tsource\treference\n"
      "var-snackbar\tToast\ten\tvant\tToast https://example.test\r\n"
      "var-swipe\t轮播\tzh\tvant\tSwipe 轮播\n"
      "not-a-tag\tX\ten\tvant\tr\n"
      "var-x\t\ten\tvant\tr\n"
      "var-y\tonly two cells\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].component, "var-snackbar");
  EXPECT_EQ(rows[0].term, "Toast");
  EXPECT_EQ(rows[0].source, "vant");
  EXPECT_EQ(rows[1].term, "轮播");
}

// The compiled-in table is the repository's file, row for row, and every row names a real
// component of the pinned release, a language and a known source.
TEST(Vocabulary, TheCompiledTableIsTheReviewedFileAndNamesRealComponents) {
  std::ifstream in(std::string(std::getenv("VARLET_ROOT") ? std::getenv("VARLET_ROOT") : ".") +
                   "/catalog/search/vocabulary.tsv");
  ASSERT_TRUE(in) << "catalog/search/vocabulary.tsv";
  std::ostringstream text;
  text << in.rdbuf();
  const auto& table = vocabulary();
  EXPECT_EQ(table.size(), parse_vocabulary(text.str()).size());
  EXPECT_GT(table.size(), 1000u);
  auto model = testing::built_model("3.20.6", "en-US");
  const std::set<std::string> sources{"vant", "element-plus", "naive-ui", "vuetify", "quasar", "ant-design", "mui", "common"};
  for (const auto& row : table) {
    EXPECT_NE(model->component(row.component), nullptr) << row.component << " " << row.term;
    EXPECT_TRUE(row.lang == "en" || row.lang == "zh") << row.term;
    EXPECT_TRUE(sources.count(row.source)) << row.term << ": " << row.source;
  }
}

// What other libraries call a component finds it: the cases issue 13 opens with.
TEST(Vocabulary, OtherLibrariesWordsFindTheVarletComponent) {
  auto en = testing::built_model("3.20.6", "en-US");
  auto zh = testing::built_model("3.20.6", "zh-CN");
  auto index = build_index({{en.get(), zh.get()}, nullptr, {}, {}});
  auto first_component = [&](std::string_view query) {
    for (const auto& hit : index.search(query, 10, {Kind::component})) return hit.document->component;
    return std::string();
  };
  EXPECT_EQ(first_component("toast"), "snackbar");
  EXPECT_EQ(first_component("carousel of images"), "swipe");
  EXPECT_EQ(first_component("bottom sheet menu"), "action-sheet");
  EXPECT_EQ(first_component("轻提示"), "snackbar");
}

// An unknown name that is another library's suggests what Varlet calls it, first, and says so.
TEST(Vocabulary, AnotherLibrarysNameSuggestsTheVarletComponent) {
  auto model = testing::built_model("3.20.6", "en-US");
  auto drawer = find_component(*model, "el-drawer");
  EXPECT_EQ(drawer.found, nullptr);
  ASSERT_FALSE(drawer.suggestions.empty());
  EXPECT_EQ(drawer.suggestions.front(), "var-popup");
  EXPECT_NE(drawer.note.find("var-popup is Varlet's Drawer (so called in element-plus"), std::string::npos) << drawer.note;
  EXPECT_EQ(find_component(*model, "<van-toast>").suggestions.front(), "var-snackbar");
  EXPECT_EQ(find_component(*model, "VarToast").suggestions.front(), "var-snackbar");
  EXPECT_EQ(find_component(*model, "轻提示").suggestions.front(), "var-snackbar");
  // A typo of a Varlet name is no other library's: nothing is said of one.
  auto typo = find_component(*model, "buton");
  EXPECT_EQ(typo.suggestions.front(), "var-button");
  EXPECT_TRUE(typo.note.empty());
  EXPECT_NE(not_found_message("component", "toast", find_component(*model, "toast").suggestions, "list_components",
                              find_component(*model, "toast").note)
                .find("There is no such Varlet component; var-snackbar is Varlet's Toast"),
            std::string::npos);
}

// Names are compared as people type them; a library is named as people write it.
TEST(Vocabulary, NamesAndLibrariesAreComparedAsTyped) {
  for (std::string_view typed : {"toast", "Toast", "van-toast", "<van-toast", "  TOAST"}) {
    auto rows = aliases_named(typed);
    ASSERT_FALSE(rows.empty()) << typed;
    EXPECT_EQ(rows.front()->component, "var-snackbar") << typed;
  }
  EXPECT_TRUE(aliases_named("").empty());
  EXPECT_TRUE(aliases_named("<<<").empty());
  auto sheet = aliases_named("Bottom Sheet");
  ASSERT_FALSE(sheet.empty());
  auto who = used_by(sheet, sheet.front()->component);
  EXPECT_FALSE(who.libraries.empty() && !who.common);
  for (std::string_view library : {"element-plus", "Element Plus", "element"}) {
    auto rows = aliases_of_library(library);
    ASSERT_FALSE(rows.empty()) << library;
    for (const auto* row : rows) EXPECT_EQ(row->source, "element-plus") << library;
  }
  EXPECT_FALSE(aliases_of_library("ant-design-vue").empty());
  EXPECT_TRUE(aliases_of_library("common").empty());
  EXPECT_TRUE(aliases_of_library("el").empty()) << "too short to name a library";
}

}  // namespace
}  // namespace varlet::catalog::search
