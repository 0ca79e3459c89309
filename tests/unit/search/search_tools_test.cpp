#include "../docs/fixtures.hpp"
#include "../catalog/package.hpp"
#include "catalog/docs/component_doc.hpp"
#include "catalog/docs/docs_tools.hpp"
#include "catalog/search/search_tools.hpp"
#include "catalog/search/tokenize.hpp"

#include <gtest/gtest.h>

#include <set>

namespace varlet::catalog::search {
namespace {

using namespace varlet::testing;

docs::DocsToolsOptions both_locales(bool read_docs = false) {
  docs::DocsToolsOptions options;
  options.search_reads_docs = read_docs;
  return options;
}

// As the dispatcher calls it: with the model of the locale asked for and the other locale's, unless
// `other_locale` is false (a server that could not build it).
json::object search(const json::object& args, const docs::DocsToolsOptions& options, const std::string& locale = "en-US",
                    std::vector<std::string>* fetched = nullptr, bool other_locale = true) {
  static auto cache = std::make_shared<IndexCache>();
  auto other = other_locale ? built_model("3.20.6", locale == "en-US" ? "zh-CN" : "en-US") : nullptr;
  return call_tool(search_tool(options, cache), args, built_model("3.20.6", locale), locale, "3.20.6", fetched, other);
}

std::vector<std::string> components(const json::object& result) {
  std::vector<std::string> out;
  for (const auto& r : structured(result).at("results").as_array())
    if (auto* c = r.as_object().if_contains("component")) out.emplace_back(c->as_string());
  return out;
}

TEST(SearchTool, RanksComponentsWithScoresAndTheTextThatMatched) {
  auto result = search({{"query", "a pull-down refresh"}, {"kinds", {"component"}}, {"limit", 3}}, both_locales());
  ASSERT_FALSE(is_error(result)) << text_of(result);
  const auto& results = structured(result).at("results").as_array();
  ASSERT_EQ(results.size(), 3u);
  const auto& first = results[0].as_object();
  EXPECT_EQ(first.at("component"), "pull-refresh");
  EXPECT_EQ(first.at("tag"), "var-pull-refresh");
  EXPECT_EQ(first.at("uri"), "varlet://components/pull-refresh");
  EXPECT_GT(first.at("score").as_double(), results[1].at("score").as_double());
  EXPECT_FALSE(first.at("matched").as_string().empty());
  EXPECT_EQ(structured(result).at("indexed").at("locales"), 2);
  EXPECT_NE(text_of(result).find("1. [component] var-pull-refresh"), std::string::npos);
}

TEST(SearchTool, PropsEventsAndSlotsAreFoundByWhatTheyDo) {
  auto events = search({{"query", "emitted when the user pulls to refresh"}, {"kinds", {"event"}}}, both_locales());
  ASSERT_FALSE(is_error(events));
  const auto& top = structured(events).at("results").as_array().at(0).as_object();
  EXPECT_EQ(top.at("kind"), "event");
  EXPECT_EQ(top.at("component"), "pull-refresh");
  EXPECT_EQ(top.at("name"), "refresh");
  auto props = search({{"query", "maximum file size"}, {"kinds", {"prop"}}, {"limit", 1}}, both_locales());
  EXPECT_EQ(structured(props).at("results").as_array().at(0).at("name"), "maxsize");
}

TEST(SearchTool, WithOneLocaleAQuestionInTheOtherLanguageFindsLess) {
  docs::DocsToolsOptions one;
  auto result = search({{"query", "下拉刷新"}, {"kinds", {"component"}}}, one, "en-US", nullptr, false);
  EXPECT_EQ(structured(result).at("indexed").at("locales"), 1);
  auto both = search({{"query", "下拉刷新"}, {"kinds", {"component"}}}, both_locales());
  EXPECT_EQ(components(both).front(), "pull-refresh");
}

TEST(SearchTool, DocsAddGuidesExamplesAndTitles) {
  std::vector<std::string> fetched;
  auto guides = search({{"query", "server-side rendering with nuxt"}, {"kinds", {"guide"}}}, both_locales(true),
                       "en-US", &fetched);
  ASSERT_FALSE(is_error(guides)) << text_of(guides);
  EXPECT_EQ(structured(guides).at("results").as_array().at(0).at("name"), "serverSideRendering");
  EXPECT_NE(std::find(fetched.begin(), fetched.end(), "packages/varlet-ui/docs/quickstart.en-US.md"), fetched.end());
  EXPECT_GT(structured(guides).at("indexed").at("docsPages").to_number<int>(), 5);

  auto examples = search({{"query", "keep the button loading until the promise settles"}, {"kinds", {"example"}}},
                         both_locales(true));
  const auto& example = structured(examples).at("results").as_array().at(0).as_object();
  EXPECT_EQ(example.at("component"), "button");
  EXPECT_EQ(example.at("name"), "Events");

  // The site menu's Chinese titles name components the package describes otherwise; the vocabulary
  // (catalog/search/vocabulary.tsv) carries the same everyday names, so the package alone finds them too.
  auto title = search({{"query", "消息条"}, {"kinds", {"component"}}}, both_locales(true));
  EXPECT_EQ(components(title).front(), "snackbar");
  auto without_docs = search({{"query", "消息条"}, {"kinds", {"component"}}}, both_locales());
  EXPECT_EQ(components(without_docs).front(), "snackbar");

  auto zh_guide = search({{"query", "按需引入"}, {"kinds", {"guide"}}, {"locale", "zh-CN"}}, both_locales(true), "zh-CN");
  EXPECT_EQ(structured(zh_guide).at("results").as_array().at(0).at("name"), "importOnDemand");
}

TEST(SearchTool, ExamplesBelongToTheComponentWhosePageShowsThem) {
  // The snackbar page's function calls are triggered from <var-button>s inside a <var-space>.
  auto page = docs::parse_component_doc(component_page("snackbar", "en-US"));
  auto result = search({{"query", "Snackbar success error"}, {"kinds", {"example"}}, {"limit", 20}}, both_locales(true));
  std::size_t from_page = 0;
  for (const auto& r : structured(result).at("results").as_array()) {
    const auto& hit = r.as_object();
    if (hit.at("component") == "button") continue;  // the button page has examples of its own
    bool on_page = std::any_of(page.examples.begin(), page.examples.end(),
                               [&](const docs::Example& e) { return e.title == hit.at("name").as_string(); });
    EXPECT_TRUE(on_page) << json::serialize(hit);
    EXPECT_EQ(hit.at("component"), "snackbar") << json::serialize(hit);
    from_page += on_page;
  }
  EXPECT_GE(from_page, 2u);
}

TEST(SearchTool, NothingFoundIsSaidPlainly) {
  auto result = search({{"query", "zzzqqq"}}, both_locales());
  ASSERT_FALSE(is_error(result));
  EXPECT_TRUE(structured(result).at("results").as_array().empty());
  EXPECT_NE(text_of(result).find("Nothing in Varlet 3.20.6 matches"), std::string::npos);
}

TEST(IndexCacheTest, BuildsOncePerKeyAndForgetsTheLeastRecentlyUsed) {
  IndexCache cache(2);
  int builds = 0;
  auto build = [&] {
    ++builds;
    return Index{};
  };
  auto a = cache.get("a", build);
  EXPECT_EQ(cache.get("a", build), a);
  cache.get("b", build);
  cache.get("c", build);  // evicts a
  EXPECT_EQ(builds, 3);
  cache.get("a", build);
  EXPECT_EQ(builds, 4);
}

json::object find(const json::object& args) {
  return call_tool(find_components_tool(), args, built_model("3.20.6", "en-US"));
}

std::vector<std::string> tags(const json::object& result) {
  std::vector<std::string> out;
  for (const auto& c : structured(result).at("components").as_array()) out.emplace_back(c.at("tag").as_string());
  return out;
}

TEST(FindComponents, WhichComponentsHaveAProp) {
  auto loading = find({{"prop", "loading"}});
  ASSERT_FALSE(is_error(loading)) << text_of(loading);
  auto t = tags(loading);
  EXPECT_NE(std::find(t.begin(), t.end(), "var-button"), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), "var-list"), t.end());
  EXPECT_EQ(std::find(t.begin(), t.end(), "var-input"), t.end());
  const auto& match = structured(loading).at("components").as_array()[0].at("matches").as_array()[0].as_object();
  EXPECT_EQ(match.at("kind"), "prop");
  EXPECT_EQ(match.at("name"), "loading");
}

// Another library's name finds the Varlet component, alone or with a prop, and says who uses it.
TEST(FindComponents, ByTheNameAnotherLibraryGivesIt) {
  auto toast = find({{"called", "van-toast"}});
  ASSERT_FALSE(is_error(toast)) << text_of(toast);
  EXPECT_EQ(tags(toast), std::vector<std::string>{"var-snackbar"});
  const auto& match = structured(toast).at("components").as_array()[0].at("matches").as_array()[0].as_object();
  EXPECT_EQ(match.at("kind"), "alias");
  EXPECT_EQ(match.at("name"), "Toast");
  EXPECT_NE(std::string(match.at("description").as_string()).find("vant"), std::string::npos) << match;
  EXPECT_EQ(tags(find({{"called", "抽屉"}})), std::vector<std::string>{"var-popup"});
  EXPECT_EQ(tags(find({{"called", "Snackbar"}})), std::vector<std::string>{"var-snackbar"});
  // Combined: the component must also have the prop.
  EXPECT_EQ(tags(find({{"called", "toast"}, {"prop", "duration"}})), std::vector<std::string>{"var-snackbar"});
  auto none = find({{"called", "toast"}, {"prop", "no-such-prop"}});
  EXPECT_TRUE(tags(none).empty());
  EXPECT_NE(text_of(none).find("the name `toast` and a prop `no-such-prop`"), std::string::npos) << text_of(none);
  auto unknown = find({{"called", "frobnicator"}});
  EXPECT_TRUE(tags(unknown).empty());
  EXPECT_NE(text_of(unknown).find("try search"), std::string::npos) << text_of(unknown);
}

TEST(FindComponents, TemplateSpellingsAreUnderstoodAndCriteriaCombine) {
  auto close = find({{"event", "@close"}});
  auto with_on = find({{"event", "onClose"}});
  EXPECT_EQ(tags(close), tags(with_on));
  EXPECT_GT(tags(close).size(), 3u);
  auto both = find({{"event", "close"}, {"prop", "v-model:show"}});
  for (const auto& tag : tags(both)) {
    auto t = tags(close);
    EXPECT_NE(std::find(t.begin(), t.end(), tag), t.end());
  }
  EXPECT_LT(tags(both).size(), tags(close).size() + 1);
  auto model = find({{"prop", "v-model"}, {"event", "update:modelValue"}});
  auto m = tags(model);
  EXPECT_NE(std::find(m.begin(), m.end(), "var-input"), m.end());
  auto slot = find({{"slot", "#extra-message"}});
  auto s = tags(slot);
  EXPECT_NE(std::find(s.begin(), s.end(), "var-uploader"), s.end());
}

TEST(FindComponents, NoMatchSuggestsNamesThatExist) {
  auto none = find({{"prop", "loadng"}});
  ASSERT_FALSE(is_error(none));
  EXPECT_EQ(structured(none).at("count"), 0);
  EXPECT_NE(text_of(none).find("close to `loadng`: loading"), std::string::npos);
  EXPECT_TRUE(is_error(find({})));
}

}  // namespace
}  // namespace varlet::catalog::search

namespace varlet::catalog::search {
namespace {

std::size_t terms_in(std::string_view text) {
  auto all = terms(text);
  return std::set<std::string>(all.begin(), all.end()).size();
}

TEST(SearchTool, OnlyTheFirstTermsOfAVeryLongQueryCount) {
  // Ranking costs terms x postings; a query of thousands of distinct words is cut to its first
  // Index::max_query_terms, so a word after them changes nothing.
  std::string filler;
  for (char a = 'b'; terms_in(filler) < Index::max_query_terms; ++a)
    for (char b = 'b'; b <= 'z' && terms_in(filler) < Index::max_query_terms; ++b)
      filler += std::string("zq") + a + b + "x ";
  auto tail = search({{"query", filler + "snackbar"}, {"kinds", {"component"}}, {"limit", 3}}, both_locales());
  ASSERT_FALSE(is_error(tail)) << text_of(tail);
  EXPECT_TRUE(components(tail).empty()) << "snackbar came after the terms that count";
  auto head = search({{"query", "snackbar " + filler}, {"kinds", {"component"}}, {"limit", 3}}, both_locales());
  ASSERT_FALSE(components(head).empty());
  EXPECT_EQ(components(head).front(), "snackbar");
}


// A result says why it matched: the words of the question it holds and, when another library's
// name matched, that name and who uses it.
TEST(SearchTool, AResultSaysWhichWordsAndWhichAliasMatched) {
  auto result = search({{"query", "show a toast after saving"}, {"limit", 3}}, both_locales());
  const auto& first = structured(result).at("results").as_array().at(0).as_object();
  EXPECT_EQ(first.at("tag"), "var-snackbar");
  EXPECT_NE(json::serialize(first.at("words")).find("\"toast\""), std::string::npos);
  EXPECT_EQ(first.at("alias").at("term"), "Toast");
  EXPECT_NE(std::string(first.at("alias").at("usedBy").as_string()).find("vant"), std::string::npos);
  EXPECT_NE(text_of(result).find("var-snackbar (Snackbar) — Toast (so called in: vant"), std::string::npos) << text_of(result);
  // A component found by its own name names no alias.
  auto own = search({{"query", "snackbar"}, {"kinds", {"component"}}, {"limit", 1}}, both_locales());
  EXPECT_FALSE(structured(own).at("results").as_array().at(0).as_object().contains("alias"));
}

}  // namespace
}  // namespace varlet::catalog::search
