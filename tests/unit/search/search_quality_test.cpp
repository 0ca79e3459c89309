// Search quality on the real package: questions people ask, in both languages, and the component
// they are after. Each must be among the first three components found.
#include "../docs/fixtures.hpp"
#include "../catalog/package.hpp"
#include "catalog/docs/site_menu.hpp"
#include "catalog/search/corpus.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

namespace varlet::catalog::search {
namespace {

using testing::built_model;

struct Question {
  std::string_view query;
  std::string_view component;
};

// The index search builds from the package: the model of the locale asked for and, when the server
// builds it (the search tool needs_both_locales), the other locale's too.
Index package_index(const std::string& locale, bool both_locales = true) {
  auto primary = built_model("3.20.6", locale);
  auto other = built_model("3.20.6", locale == "en-US" ? "zh-CN" : "en-US");
  if (!both_locales) return build_index({{primary.get()}, nullptr, {}, {}});
  return build_index({{primary.get(), other.get()}, nullptr, {}, {}});
}

bool in_top3(const Index& index, const Question& q, std::string* got) {
  auto hits = index.search(q.query, 3, {Kind::component});
  bool found = false;
  for (const auto& h : hits) {
    found = found || h.document->component == q.component;
    *got += " " + h.document->component;
  }
  return found;
}

void expect_top3(const Index& index, const std::vector<Question>& questions, std::string_view language) {
  std::size_t ok = 0;
  for (const auto& q : questions) {
    std::string got;
    bool found = in_top3(index, q, &got);
    ok += found;
    EXPECT_TRUE(found) << "\"" << q.query << "\" should find " << q.component << "; got" << got;
  }
  std::cout << "[ search top-3 ] " << language << ": " << ok << "/" << questions.size() << "\n";
}

const std::vector<Question> english{
    {"a pull-down refresh", "pull-refresh"},
    {"pull to refresh a list", "pull-refresh"},
    {"bottom sheet with a list of actions", "action-sheet"},
    {"upload files", "uploader"},
    {"file upload with image preview", "uploader"},
    {"pick a date", "date-picker"},
    {"choose a time of day", "time-picker"},
    {"confirm dialog", "dialog"},
    {"popup sliding in from the bottom", "popup"},
    {"infinite scroll list", "list"},
    {"star rating", "rate"},
    {"range slider", "slider"},
    {"toggle switch", "switch"},
    {"countdown timer", "countdown"},
    {"back to top button", "back-top"},
    {"alphabet index bar for a contact list", "index-bar"},
    {"skeleton placeholder while loading", "skeleton"},
    {"watermark on a page", "watermark"},
    {"progress bar", "progress"},
    {"red dot badge on an icon", "badge"},
    {"page numbers", "pagination"},
    {"steps of a process", "steps"},
    {"dropdown select", "select"},
    {"multiple choice checkboxes", "checkbox-group"},
    {"draw a signature", "signature"},
    {"zoom into images", "image-preview"},
    {"sticky header", "sticky"},
    {"enter an OTP code", "otp-input"},
    {"swipe through slides", "swipe"},
    {"expand and collapse panels", "collapse"},
    {"tooltip on hover", "tooltip"},
    {"loading spinner", "loading"},
    {"side navigation rail", "rail-navigation"},
    {"tabs to switch views", "tabs"},
    {"increment and decrement a number", "counter"},
    {"truncate long text with ellipsis", "ellipsis"},
    {"modal popup asking the user to confirm", "dialog"},
    {"breadcrumb trail", "breadcrumbs"},
    {"validate a form before submit", "form"},
    {"table of data rows", "data-table"},
    {"chip tags that can be closed", "chip"},
    {"radio buttons to choose one option", "radio-group"},
    {"text field for a password", "input"},
    {"autocomplete suggestions while typing", "auto-complete"},
    {"top app bar with a title", "app-bar"},
    {"tree navigation menu", "tree-menu"},
    {"result page after an operation succeeds", "result"},
};

const std::vector<Question> chinese{
    {"下拉刷新", "pull-refresh"},
    {"动作面板", "action-sheet"},
    {"上传文件", "uploader"},
    {"轮播图", "swipe"},
    {"选择日期", "date-picker"},
    {"确认对话框", "dialog"},
    {"弹出层", "popup"},
    {"无限滚动加载列表", "list"},
    {"评分", "rate"},
    {"滑块", "slider"},
    {"开关", "switch"},
    {"倒计时", "countdown"},
    {"回到顶部", "back-top"},
    {"索引栏", "index-bar"},
    {"骨架屏", "skeleton"},
    {"页面水印", "watermark"},
    {"进度条", "progress"},
    {"徽标", "badge"},
    {"步骤条", "steps"},
    {"输入框", "input"},
    {"签名", "signature"},
    {"图片预览", "image-preview"},
    {"吸顶", "sticky"},
    {"验证码输入", "otp-input"},
    {"折叠面板", "collapse"},
    {"底部导航栏", "bottom-navigation"},
    {"头像", "avatar"},
    {"面包屑", "breadcrumbs"},
    {"表单校验", "form"},
    {"分页", "pagination"},
    {"选项卡切换", "tabs"},
    {"选择时间", "time-picker"},
    {"单选框", "radio-group"},
    {"复选框", "checkbox-group"},
    {"卡片", "card"},
    {"分割线", "divider"},
    {"下拉菜单", "menu"},
};

TEST(SearchQuality, EnglishQuestionsOnThePackageFindTheirComponentInTheTopThree) {
  ASSERT_GE(english.size(), 25u);
  expect_top3(package_index("en-US"), english, "English, package only");
}

TEST(SearchQuality, ChineseQuestionsOnThePackageFindTheirComponentInTheTopThree) {
  ASSERT_GE(chinese.size(), 25u);
  expect_top3(package_index("zh-CN"), chinese, "Chinese, package only");
}

TEST(SearchQuality, QuestionsInTheLocalesOwnLanguageNeedNoOtherLocale) {
  expect_top3(package_index("en-US", false), english, "English, package only, en-US model alone");
  expect_top3(package_index("zh-CN", false), chinese, "Chinese, package only, zh-CN model alone");
}

TEST(SearchQuality, AQuestionInTheOtherLanguageStillFindsItsComponent) {
  auto en = package_index("en-US");
  std::string got;
  EXPECT_TRUE(in_top3(en, {"下拉刷新", "pull-refresh"}, &got)) << got;
  auto zh = package_index("zh-CN");
  EXPECT_TRUE(in_top3(zh, {"pull to refresh", "pull-refresh"}, &got)) << got;
}

// Intent: a question that describes a thing, or names another library, ranks components first; a
// name alone, as a template writes it, ranks the props, events or slots of that name.
TEST(SearchQuality, DescriptionsRankComponentsAndANameAloneRanksItsMembers) {
  auto index = package_index("en-US");
  auto first = [&](std::string_view query) {
    auto hits = index.search(query, 1);
    return hits.empty() ? std::string("nothing") : std::string(to_string(hits[0].document->kind)) + " " + hits[0].document->name;
  };
  EXPECT_EQ(first("show a toast after saving"), "component snackbar");
  EXPECT_EQ(first("antd Tag"), "component chip");
  EXPECT_EQ(first("a payment succeeded page with a button back to home").substr(0, 9), "component");
  EXPECT_EQ(first("close-on-click-overlay"), "prop close-on-click-overlay");
  EXPECT_EQ(first("v-model:show"), "prop show");
  EXPECT_EQ(first("@click"), "event click");
  EXPECT_EQ(first("#extra-message").substr(0, 18), first("extra-message").substr(0, 18));
}

TEST(SearchQuality, BuildingTheIndexForEveryComponentIsMeasured) {
  auto start = std::chrono::steady_clock::now();
  auto index = package_index("en-US");
  auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(index.size(), 1000u);
  std::cout << "[ search index ] " << index.size() << " documents, " << index.term_count() << " terms, about "
            << index.memory_bytes() / 1024 << " KiB, built in " << elapsed << " ms\n";
}

}  // namespace
}  // namespace varlet::catalog::search
