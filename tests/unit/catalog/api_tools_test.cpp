// The API tools and resources over the model built from the real package, compared with the
// package files read here on their own: the compact markdown answer, sections, directives,
// exports, themes, icons, resources and completion.
#include "catalog/dts.hpp"
#include "catalog/names.hpp"
#include "catalog/render.hpp"
#include "catalog/resources.hpp"
#include "package.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <set>

namespace varlet::catalog {
namespace {

using testing::built_model;
using testing::is_error;
using testing::package_file;
using testing::required_file;
using testing::run_tool;
using testing::string_at;
using testing::structured;
using testing::text_of;

const json::object& web_types_tag(const json::value& root, const std::string& tag) {
  for (const auto& t : root.at("contributions").at("html").at("tags").as_array())
    if (string_at(t.as_object(), "name") == tag) return t.as_object();
  throw std::runtime_error("no tag " + tag);
}

std::vector<std::string> names_in(const json::object& tag, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& e : tag.at(key).as_array()) out.push_back(string_at(e.as_object(), "name"));
  return out;
}

std::vector<std::string> matches(const std::string& text, const std::regex& re, int group = 1) {
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) out.push_back((*it)[group]);
  return out;
}

class ButtonMarkdown : public ::testing::TestWithParam<const char*> {};

TEST_P(ButtonMarkdown, ListsEverythingInUnderSixKilobytes) {
  std::string locale = GetParam();
  auto model = built_model("3.20.6", locale);
  auto result = run_tool("get_component_api", {{"name", "var-button"}}, model);
  ASSERT_FALSE(is_error(result)) << text_of(result);
  auto md = text_of(result);
  std::cout << "[size] var-button markdown (" << locale << "): " << md.size() << " bytes" << std::endl;
  EXPECT_LT(md.size(), 6u * 1024);
  auto root = testing::web_types_json("3.20.6", locale);
  const auto& tag = web_types_tag(root, "var-button");
  for (const auto& p : names_in(tag, "attributes")) EXPECT_NE(md.find("- `" + p + "`"), std::string::npos) << p;
  for (const auto& e : names_in(tag, "events")) EXPECT_NE(md.find("- `" + e + "("), std::string::npos) << e;
  for (const auto& s : names_in(tag, "slots")) EXPECT_NE(md.find("- `" + s + "`"), std::string::npos) << s;
  auto css = required_file("@varlet/ui@3.20.6/es/button/button.css");
  auto vars = matches(css, std::regex(R"(((?:^|[{;\s])(--[\w-]+)\s*:))"), 2);
  ASSERT_GT(vars.size(), 10u);
  for (const auto& v : vars) EXPECT_NE(md.find("`" + v + "`"), std::string::npos) << v;
  auto dts = required_file("@varlet/ui@3.20.6/types/button.d.ts");
  for (const auto& t : matches(dts, std::regex(R"(export \{ ([\w, ]+) \})"))) {
    for (auto& name : dts::split_top_level(t, ',')) EXPECT_NE(md.find("`" + name + "`"), std::string::npos) << name;
  }
  // Every size of every component: the answer stays compact, nothing is truncated.
  std::size_t largest = 0;
  std::string largest_tag;
  for (const auto& c : model->components) {
    auto size = component_markdown(*model, c, present_sections(c, {})).size();
    if (size > largest) largest = size, largest_tag = c.tag;
  }
  std::cout << "[size] largest component markdown (" << locale << "): " << largest_tag << " " << largest << " bytes"
            << std::endl;
}

INSTANTIATE_TEST_SUITE_P(BothLocales, ButtonMarkdown, ::testing::Values("en-US", "zh-CN"),
                         [](const auto& info) { return std::string(info.param == std::string("en-US") ? "en" : "zh"); });

TEST(ComponentApi, SectionsNarrowTheAnswer) {
  auto model = built_model("3.20.6", "en-US");
  auto result = run_tool("get_component_api", {{"name", "snackbar"}, {"sections", {"events", "functionApi"}}}, model);
  ASSERT_FALSE(is_error(result)) << text_of(result);
  const auto& c = structured(result).at("component").as_object();
  EXPECT_TRUE(c.contains("events"));
  EXPECT_TRUE(c.contains("functionApi"));
  for (auto other : {"props", "slots", "methods", "cssVars", "types"}) EXPECT_FALSE(c.contains(other)) << other;
  auto md = text_of(result);
  EXPECT_NE(md.find("## Events"), std::string::npos);
  EXPECT_NE(md.find("## Function API `Snackbar`"), std::string::npos);
  EXPECT_EQ(md.find("## Props"), std::string::npos);
  // The function API is the one ISnackbar declares.
  auto dts = required_file("@varlet/ui@3.20.6/types/snackbar.d.ts");
  auto block = dts.substr(dts.find("export interface ISnackbar {"));
  block = block.substr(0, block.find("\n}"));
  std::set<std::string> declared;
  for (auto& m : matches(block, std::regex(R"(\n  (\w+)[(:])"))) declared.insert(m);
  std::set<std::string> got;
  for (const auto& m : c.at("functionApi").at("members").as_array()) got.insert(string_at(m.as_object(), "name"));
  EXPECT_EQ(got, declared);
  EXPECT_EQ(c.at("functionApi").at("optionsType"), "SnackbarOptions");
  // Event arguments come from the listener props of the .d.ts.
  bool update_show = false;
  for (const auto& e : c.at("events").as_array()) {
    if (e.at("name") != "update:show") continue;
    update_show = true;
    EXPECT_EQ(e.at("arguments").as_array().at(0).at("type"), "boolean");
  }
  EXPECT_TRUE(update_show);
}

TEST(ComponentApi, ProvenanceNamesTheFilesRead) {
  auto model = built_model("3.20.6", "zh-CN");
  auto result = run_tool("get_component_api", {{"name", "button"}}, model);
  const auto& meta = result.at("_meta").at("varlet").as_object();
  EXPECT_EQ(meta.at("package"), "@varlet/ui");
  EXPECT_EQ(meta.at("version"), "3.20.6");
  EXPECT_EQ(meta.at("locale"), "zh-CN");
  std::vector<std::string> artifacts;
  for (const auto& a : meta.at("artifacts").as_array()) {
    artifacts.emplace_back(a.as_string());
    EXPECT_TRUE(package_file("@varlet/ui@3.20.6/" + artifacts.back())) << artifacts.back();
  }
  EXPECT_EQ(artifacts, (std::vector<std::string>{"highlight/web-types.zh-CN.json", "types/button.d.ts", "es/button/props.mjs",
                                      "es/button/button.css"}));
}

TEST(DirectiveApi, EveryDirectiveTheTypesDeclare) {
  static const std::regex directive(R"(export interface (\w+) extends VarDirective<([^>]+)> \{\}\s+export declare const (\w+): \1)");
  for (std::string version : {"3.20.6", "3.0.0"}) {
    auto model = built_model(version, "en-US");
    std::set<std::string> expected;
    for (auto& entry : std::filesystem::directory_iterator(testing::npm_dir() + "@varlet/ui@" + version + "/types")) {
      auto text = testing::required_file("@varlet/ui@" + version + "/types/" + entry.path().filename().string());
      for (std::sregex_iterator it(text.begin(), text.end(), directive), end; it != end; ++it) {
        auto name = (*it)[3].str();
        expected.insert(name);
        auto result = run_tool("get_directive_api", {{"name", "v-" + kebab_case(name)}}, model);
        ASSERT_FALSE(is_error(result)) << text_of(result);
        const auto& d = structured(result).at("directive").as_object();
        EXPECT_EQ(string_at(d, "exportName"), name);
        EXPECT_EQ(string_at(d, "valueType"), (*it)[2].str());
        // Options: the members of the value interface, when it is one.
        std::regex value_interface("export interface " + (*it)[2].str() + R"( \{([^}]*)\})");
        std::smatch body;
        std::set<std::string> fields, got;
        if (std::regex_search(text, body, value_interface))
          for (auto& f : matches(body[1].str(), std::regex(R"((\w+\??):)"))) fields.insert(f);
        for (const auto& o : d.at("options").as_array()) got.insert(string_at(o.as_object(), "name"));
        EXPECT_EQ(got, fields) << name;
        EXPECT_EQ(result.at("_meta").at("varlet").at("artifacts").as_array().at(0),
                  json::value("types/" + entry.path().filename().string()));
      }
    }
    std::set<std::string> got;
    for (const auto& d : model->directives) got.insert(d.export_name);
    EXPECT_EQ(got, expected) << version;
    EXPECT_GE(got.size(), 3u);  // ripple, lazy, hover
  }
  auto unknown = run_tool("get_directive_api", {{"name", "v-rippel"}}, built_model("3.20.6", "en-US"));
  EXPECT_TRUE(is_error(unknown));
  EXPECT_NE(text_of(unknown).find("Did you mean v-ripple"), std::string::npos) << text_of(unknown);
}

TEST(Exports, EveryExportOfTheIndexIsListedOnce) {
  static const std::regex value(R"(\nexport (?:declare )?(const|class|function) ([A-Za-z]\w*))");
  static const std::regex type(R"(\nexport (?:interface|type) ([A-Za-z]\w*))");
  static const std::regex reexport(R"(export \* from '\./(\w+)')");
  for (std::string version : {"3.20.6", "3.0.0"}) {
    auto model = built_model(version, "en-US");
    auto root = "@varlet/ui@" + version + "/types/";
    auto index = required_file(root + "index.d.ts");
    std::map<std::string, std::string> values;  // name -> const, class or function
    std::set<std::string> types;
    auto read = [&](const std::string& text) {
      auto framed = "\n" + text;
      for (std::sregex_iterator it(framed.begin(), framed.end(), value), end; it != end; ++it) values[(*it)[2]] = (*it)[1];
      for (auto& t : matches(framed, type)) types.insert(t);
    };
    read(index);
    for (auto& module : matches(index, reexport)) read(required_file(root + module + ".d.ts"));
    auto result = run_tool("get_exports", {}, model);
    const auto& e = structured(result);
    std::multiset<std::string> listed;
    for (auto key : {"components", "functions", "values"})
      for (const auto& n : e.at(key).as_array()) listed.insert(std::string(n.as_string()));
    std::set<std::string> got_types;
    for (const auto& n : e.at("types").as_array()) got_types.insert(std::string(n.as_string()));
    for (const auto& name : listed) {
      EXPECT_EQ(listed.count(name), 1u) << version << " " << name << " is in two lists";
      EXPECT_TRUE(values.count(name)) << version << " " << name;
    }
    // Constants and functions are values; a class is a value or, when it only types an instance
    // (SnackbarComponent), a type.
    for (const auto& [name, kind] : values)
      EXPECT_TRUE(listed.count(name) || (kind == "class" && got_types.count(name))) << version << " " << kind << " " << name;
    for (const auto& t : types) EXPECT_TRUE(got_types.count(t)) << version << " " << t;
    for (const auto& c : e.at("components").as_array())
      EXPECT_NE(model->component("var-" + kebab_case(c.as_string())), nullptr) << c;
  }
}

TEST(Themes, ThemeToolAgreesWithTheModules) {
  auto model = built_model("3.20.6", "en-US");
  auto list = run_tool("get_theme", {}, model);
  std::set<std::string> themes;
  for (const auto& t : structured(list).at("themes").as_array()) themes.insert(std::string(t.as_string()));
  EXPECT_EQ(themes, (std::set<std::string>{"dark", "md3-dark", "md3-light"}));
  auto dark_button = run_tool("get_theme", {{"name", "md3Dark"}, {"component", "Button"}}, model);
  ASSERT_FALSE(is_error(dark_button)) << text_of(dark_button);
  auto module = required_file("@varlet/ui@3.20.6/es/themes/md3-dark/button.mjs");
  auto pairs = matches(module, std::regex(R"re("(--[\w-]+)": )re"));
  std::vector<std::string> got;
  for (const auto& t : structured(dark_button).at("tokens").as_array()) got.push_back(string_at(t.as_object(), "name"));
  EXPECT_EQ(got, pairs);
  auto unknown = run_tool("get_theme", {{"name", "md3-drak"}}, model);
  EXPECT_TRUE(is_error(unknown));
  EXPECT_NE(text_of(unknown).find("Did you mean md3-dark"), std::string::npos);
}

TEST(Icons, SearchRanksAndCounts) {
  auto model = built_model("3.20.6", "en-US");
  auto result = run_tool("search_icons", {{"query", "arrow"}, {"limit", 3}}, model);
  const auto& s = structured(result);
  auto expected = std::count_if(model->icons.begin(), model->icons.end(),
                                [](const std::string& i) { return i.find("arrow") != std::string::npos; });
  EXPECT_EQ(s.at("total").to_number<std::int64_t>(), expected);
  ASSERT_EQ(s.at("icons").as_array().size(), 3u);
  for (const auto& i : s.at("icons").as_array()) EXPECT_EQ(i.as_string().subview().substr(0, 5), "arrow");
  auto none = run_tool("search_icons", {{"query", "no-such-icon-anywhere"}}, model);
  EXPECT_EQ(structured(none).at("total"), 0);
}

TEST(Resources, ReadAndComplete) {
  auto model = built_model("3.20.6", "en-US");
  auto list = read_resource("varlet://components", {}, *model);
  ASSERT_TRUE(list);
  auto listed = json::parse(list->at("contents").as_array()[0].at("text").as_string());
  EXPECT_EQ(listed.at("components").as_array().size(), model->components.size());
  auto api = read_resource("varlet://components/button/api.json", {{"name", "button"}}, *model);
  ASSERT_TRUE(api);
  auto direct = run_tool("get_component_api", {{"name", "button"}}, model);
  EXPECT_EQ(json::parse(api->at("contents").as_array()[0].at("text").as_string()), structured(direct));
  auto md = read_resource("varlet://components/Button", {{"name", "Button"}}, *model);
  EXPECT_EQ(md->at("contents").as_array()[0].at("text"), json::value(text_of(direct)));
  EXPECT_FALSE(read_resource("varlet://components/nope", {{"name", "nope"}}, *model));
  EXPECT_FALSE(read_resource("varlet://themes/nope", {{"name", "nope"}}, *model));

  auto all = complete_resource("varlet://components/{name}", "name", "", *model)->at("completion").as_object();
  EXPECT_EQ(all.at("total").to_number<std::size_t>(), model->components.size());
  EXPECT_EQ(all.at("values").as_array().size(), std::min<std::size_t>(100, model->components.size()));
  EXPECT_EQ(all.at("hasMore").as_bool(), model->components.size() > 100);
  auto prefix = complete_resource("varlet://components/{name}", "name", "butt", *model)->at("completion").as_object();
  std::vector<std::string> expected;
  for (const auto& c : model->components)
    if (c.kebab.rfind("butt", 0) == 0) expected.push_back(c.kebab);
  ASSERT_GE(prefix.at("values").as_array().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(prefix.at("values").as_array()[i], json::value(expected[i]));
  auto fuzzy = complete_resource("varlet://components/{name}", "name", "buton", *model)->at("completion").as_object();
  EXPECT_NE(std::find(fuzzy.at("values").as_array().begin(), fuzzy.at("values").as_array().end(), json::value("button")),
            fuzzy.at("values").as_array().end());
  EXPECT_FALSE(complete_resource("varlet://components/{name}", "other", "", *model));
  EXPECT_FALSE(complete_resource("varlet://elsewhere/{name}", "name", "", *model));
}

TEST(Model, JsonRoundTripKeepsEverything) {
  auto model = built_model("3.20.6", "zh-CN");
  auto json = model_to_json(*model);
  auto back = model_from_json(json);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(model_to_json(*back), json);
  EXPECT_EQ(model_from_json(json::parse("{\"version\": 1}")), nullptr);
  EXPECT_EQ(model_from_json(json::value(nullptr)), nullptr);
}

}  // namespace
}  // namespace varlet::catalog
