// The web-types reader on the real files of both pinned releases, and on broken input: a clear
// error or warning, never a crash.
#include "catalog/web_types.hpp"
#include "package.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog {
namespace {

using testing::required_file;
using testing::string_at;

bool mentions(const std::vector<std::string>& lines, std::string_view what) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(what) != std::string::npos; });
}

TEST(WebTypes, ReadsEveryTagOfTheRealFiles) {
  for (std::string version : {"3.20.6", "3.0.0"})
    for (std::string locale : {"en-US", "zh-CN"}) {
      auto text = required_file("@varlet/ui@" + version + "/highlight/web-types." + locale + ".json");
      auto parsed = parse_web_types(text);
      ASSERT_TRUE(parsed.error.empty()) << parsed.error;
      EXPECT_EQ(parsed.version, version);
      auto root = json::parse(text);
      const auto& tags = root.at("contributions").at("html").at("tags").as_array();
      ASSERT_EQ(parsed.tags.size(), tags.size());
      for (std::size_t i = 0; i < tags.size(); ++i) {
        const auto& tag = tags[i].as_object();
        EXPECT_EQ(parsed.tags[i].name, string_at(tag, "name"));
        EXPECT_EQ(parsed.tags[i].events.size(), tag.at("events").as_array().size());
        EXPECT_EQ(parsed.tags[i].slots.size(), tag.at("slots").as_array().size());
      }
    }
}

TEST(WebTypes, RepairsTheTwoMalformedEntriesOfThePinnedRelease) {
  auto en = parse_web_types(required_file("@varlet/ui@3.20.6/highlight/web-types.en-US.json"));
  auto menu = std::find_if(en.tags.begin(), en.tags.end(), [](auto& t) { return t.name == "var-menu"; });
  ASSERT_NE(menu, en.tags.end());
  auto references = std::count_if(menu->props.begin(), menu->props.end(), [](auto& p) { return p.name == "reference"; });
  EXPECT_EQ(references, 1);
  auto reference = std::find_if(menu->props.begin(), menu->props.end(), [](auto& p) { return p.name == "reference"; });
  EXPECT_EQ(reference->type, "string | HTMLElement");  // the current row, as the zh-CN file and the .d.ts say
  EXPECT_TRUE(mentions(en.warnings, "var-menu: attributes reference is listed twice"));

  auto zh = parse_web_types(required_file("@varlet/ui@3.20.6/highlight/web-types.zh-CN.json"));
  auto tab_item = std::find_if(zh.tags.begin(), zh.tags.end(), [](auto& t) { return t.name == "var-tab-item"; });
  ASSERT_NE(tab_item, zh.tags.end());
  auto name = std::find_if(tab_item->props.begin(), tab_item->props.end(), [](auto& p) { return p.name == "name"; });
  ASSERT_NE(name, tab_item->props.end());
  EXPECT_EQ(name->type, "string | number");
  EXPECT_EQ(name->default_value, "");
  EXPECT_TRUE(mentions(zh.warnings, "var-tab-item: the type of attribute name was cut"));
}

TEST(WebTypes, TruncatedJsonIsAClearErrorAtEveryCut) {
  auto text = required_file("@varlet/ui@3.20.6/highlight/web-types.en-US.json");
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{17}, text.size() / 3, text.size() / 2,
                          text.size() - 2, text.size() - 1}) {
    auto parsed = parse_web_types(std::string_view(text).substr(0, cut));
    EXPECT_NE(parsed.error.find("not valid JSON"), std::string::npos) << cut << ": " << parsed.error;
    EXPECT_TRUE(parsed.tags.empty());
  }
}

TEST(WebTypes, JsonOfAnotherShapeIsAClearError) {
  for (std::string text : {"[]", "42", "null", "\"web-types\"", "{}", R"({"contributions": []})",
                           R"({"contributions": {"html": {"tags": {}}}})", R"({"contributions": {"html": null}})"}) {
    auto parsed = parse_web_types(text);
    EXPECT_EQ(parsed.error, "web-types has no contributions.html.tags list") << text;
  }
}

TEST(WebTypes, UnknownFieldsAreIgnoredAndOddValuesRead) {
  auto parsed = parse_web_types(R"({
    "version": 3, "future": {"x": 1},
    "contributions": {"html": {"vue-directives": [], "tags": [
      {"name": "var-x", "doc-url": "https://x", "source": {"module": "x"},
       "attributes": [
         {"name": "a", "value": {"type": ["string", "number", 7], "kind": "expression"}, "default": 3, "extra": true},
         {"name": "b", "value": "string", "default": null},
         {"name": "c", "default": false, "description": ["not", "text"]},
         {"name": "", "value": {"type": "string"}},
         "not an object",
         {"value": {"type": "string"}}
       ],
       "events": [{"name": "change", "arguments": [{"name": "value", "type": "number"}, 5]}],
       "slots": {"name": "not a list"}},
      {"name": 5},
      "a string",
      {"name": "var-y", "attributes": null, "events": [{"name": "close"}], "slots": [{"name": "default",
        "vue-properties": [{"name": "item", "type": "Item"}]}]}
    ]}}})");
  ASSERT_TRUE(parsed.error.empty()) << parsed.error;
  EXPECT_EQ(parsed.version, "3");
  ASSERT_EQ(parsed.tags.size(), 3u);  // var-x, the tag named 5, var-y
  const auto& x = parsed.tags[0];
  ASSERT_EQ(x.props.size(), 3u);
  EXPECT_EQ(x.props[0].type, "string | number");
  EXPECT_EQ(x.props[0].default_value, "3");
  EXPECT_EQ(x.props[1].type, "");
  EXPECT_EQ(x.props[2].default_value, "false");
  EXPECT_EQ(x.props[2].description, "");
  ASSERT_EQ(x.events.size(), 1u);
  ASSERT_EQ(x.events[0].arguments.size(), 1u);
  EXPECT_EQ(x.events[0].arguments[0].type, "number");
  EXPECT_TRUE(x.slots.empty());
  EXPECT_EQ(parsed.tags[1].name, "5");
  EXPECT_EQ(parsed.tags[2].slots.at(0).props.at(0).name, "item");
  EXPECT_TRUE(mentions(parsed.warnings, "var-x: skipped one of its attributes without a name"));
  EXPECT_TRUE(mentions(parsed.warnings, "skipped a tag without a name"));
}

TEST(WebTypes, ABuildOfBrokenWebTypesSaysWhy) {
  PackageFiles files{{"@varlet/ui@9.9.9/highlight/web-types.en-US.json", std::string(R"({"contributions": {"ht)")}};
  auto result = build_model("9.9.9", "en-US", files);
  EXPECT_EQ(result.model, nullptr);
  EXPECT_NE(result.error.find("not valid JSON"), std::string::npos) << result.error;
  files["@varlet/ui@9.9.9/highlight/web-types.en-US.json"] = std::nullopt;
  result = build_model("9.9.9", "en-US", files);
  EXPECT_EQ(result.model, nullptr);
  EXPECT_NE(result.error.find("has no highlight/web-types.en-US.json"), std::string::npos) << result.error;
  result = build_model("9.9.9", "en-US", {});
  EXPECT_EQ(result.error, "the web-types file was not fetched");
}

TEST(WebTypes, AModelBuildsFromWebTypesAloneWithWarningsForWhatIsMissing) {
  auto key = std::string("@varlet/ui@3.20.6/highlight/web-types.en-US.json");
  PackageFiles files{{key, required_file(key)}};
  for (auto& path : files_needed("3.20.6", "en-US", files)) files[path] = std::nullopt;
  auto result = build_model("3.20.6", "en-US", files);
  ASSERT_NE(result.model, nullptr) << result.error;
  EXPECT_EQ(result.model->components.size(), json::parse(*files[key]).at("contributions").at("html").at("tags").as_array().size());
  EXPECT_TRUE(result.model->icons.empty());
  EXPECT_TRUE(mentions(result.warnings, "package.json names no @varlet/icons version"));
}

}  // namespace
}  // namespace varlet::catalog
