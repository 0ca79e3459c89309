// The style and asset readers on the real package files (component stylesheets, theme modules,
// the icon font's code points), compared with other ways of reading the same data, and on broken
// input.
#include "catalog/names.hpp"
#include "catalog/styles.hpp"
#include "package.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <regex>
#include <set>

namespace varlet::catalog {
namespace {

using testing::built_model;
using testing::package_file;
using testing::required_file;

std::string trimmed(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Declarations as the pieces between '{', ';' and '}': "--name: value" pieces, first name wins.
Tokens declarations_of(const std::string& css) {
  Tokens out;
  std::set<std::string> seen;
  std::string piece;
  int parens = 0;
  auto flush = [&] {
    auto p = trimmed(piece);
    piece.clear();
    auto colon = p.find(':');
    if (p.rfind("--", 0) != 0 || colon == std::string::npos) return;
    auto name = trimmed(p.substr(0, colon));
    if (seen.insert(name).second) out.emplace_back(name, trimmed(p.substr(colon + 1)));
  };
  for (char c : css) {
    if (c == '(') ++parens;
    if (c == ')') --parens;
    if (parens <= 0 && (c == '{' || c == ';' || c == '}')) flush();
    else piece += c;
  }
  flush();
  return out;
}

TEST(Styles, CssVariablesOfEveryComponentStylesheet) {
  std::size_t sheets = 0, vars = 0;
  for (std::string version : {"3.20.6", "3.0.0"}) {
    auto model = built_model(version, "en-US");
    for (const auto& c : model->components) {
      auto css = package_file("@varlet/ui@" + version + "/es/" + c.kebab + "/" + camel_case(c.kebab) + ".css");
      if (!css) {
        EXPECT_TRUE(c.css_vars.empty()) << c.tag;
        continue;
      }
      ++sheets;
      auto expected = declarations_of(*css);
      Tokens got;
      for (const auto& v : c.css_vars) got.emplace_back(v.name, v.default_value);
      EXPECT_EQ(got, expected) << version << " " << c.tag;
      EXPECT_EQ(parse_css_vars(*css), expected) << version << " " << c.tag;
      vars += got.size();
    }
  }
  EXPECT_GT(sheets, 100u);
  EXPECT_GT(vars, 1000u);
  std::cout << "[styles] " << sheets << " stylesheets, " << vars << " CSS variables checked" << std::endl;
}

TEST(Styles, CssVariablesOfOddAndBrokenSheets) {
  EXPECT_EQ(parse_css_vars(":root{--a:1;--b: var(--c, rgba(0,0,0,.5)) ;--a:2}"),
            (Tokens{{"--a", "1"}, {"--b", "var(--c, rgba(0,0,0,.5))"}}));
  EXPECT_EQ(parse_css_vars(".x { color: var(--not-a-declaration); }"), Tokens{});
  EXPECT_EQ(parse_css_vars(":root { --last: 4px }"), (Tokens{{"--last", "4px"}}));
  EXPECT_EQ(parse_css_vars(":root { --cut: calc(1px + (2px"), (Tokens{{"--cut", "calc(1px + (2px"}}));
  for (const std::string& broken : std::vector<std::string>{"", "--", "--:", ":root { --a", "}}}{{{ --b: ;", std::string(10000, '-'), std::string(5000, '(')})
    EXPECT_NO_THROW(parse_css_vars(broken)) << broken.substr(0, 20);
}

TEST(Styles, ThemeTokensOfEveryThemeModule) {
  static const std::regex pair(R"re("(--[\w-]+)"\s*:\s*"([^"]*)")re");
  auto read_pairs = [](const std::string& js) {
    Tokens out;
    for (std::sregex_iterator it(js.begin(), js.end(), pair), end; it != end; ++it) out.emplace_back((*it)[1], (*it)[2]);
    return out;
  };
  std::size_t modules = 0;
  for (std::string version : {"3.20.6", "3.0.0"}) {
    auto root = "@varlet/ui@" + version + "/es/themes/";
    auto model = built_model(version, "en-US");
    // The themes are the folders the index imports, which each have an index.mjs.
    std::set<std::string> folders;
    static const std::regex index_import(R"re(from "\./([\w-]+)/index\.mjs")re");
    auto index = required_file(root + "index.mjs");
    for (std::sregex_iterator it(index.begin(), index.end(), index_import), end; it != end; ++it) folders.insert((*it)[1]);
    std::set<std::string> names;
    for (const auto& t : model->themes) names.insert(t.name);
    EXPECT_EQ(names, folders) << version;
    EXPECT_GE(folders.size(), 3u);
    for (const auto& theme : model->themes) {
      auto base = required_file(root + theme.name + "/index.mjs");
      EXPECT_EQ(theme.tokens, read_pairs(base)) << version << " " << theme.name;
      EXPECT_EQ(theme.export_name, camel_case(theme.name));
      ++modules;
      // Every component module in the folder, by directory listing.
      std::size_t component_files = 0;
      for (auto& entry : std::filesystem::directory_iterator(testing::npm_dir() + root + theme.name)) {
        auto file = entry.path().filename().string();
        if (file == "index.mjs" || !file.ends_with(".mjs")) continue;
        ++component_files;
        ++modules;
        auto kebab = kebab_case(file.substr(0, file.size() - 4));
        auto it = theme.component_tokens.find(kebab);
        ASSERT_NE(it, theme.component_tokens.end()) << version << " " << theme.name << " " << file;
        EXPECT_EQ(it->second, read_pairs(*package_file(root + theme.name + "/" + file))) << file;
      }
      EXPECT_EQ(theme.component_tokens.size(), component_files) << version << " " << theme.name;
    }
  }
  std::cout << "[styles] " << modules << " theme modules checked" << std::endl;
}

TEST(Styles, ModuleImportsAndTokenObjectsOfBrokenModules) {
  EXPECT_EQ(module_imports("import a from './a.mjs';\nimport { b } from \"./b.mjs\"\nimport c from 'vue';\nimport './side.mjs';"),
            (std::vector<std::string>{"./a.mjs", "./b.mjs"}));
  EXPECT_TRUE(module_imports("import a from").empty());
  EXPECT_TRUE(module_imports("import a from './unterminated").empty());
  EXPECT_EQ(parse_token_object(R"({ "--a": "1", "--b" : 'two', "--c": 3, "--d": "esc\"aped", "--e")"),
            (Tokens{{"--a", "1"}, {"--b", "two"}, {"--d", "esc\"aped"}}));
  for (const std::string& broken : std::vector<std::string>{"", "\"--", "\"--a\":", "\"--a\": \"", std::string(3000, '"')})
    EXPECT_NO_THROW(parse_token_object(broken));
}

TEST(Styles, IconNamesAreThoseOfTheIconPngs) {
  auto icons = required_file("@varlet/icons@3.20.6/dist/index.js");
  std::vector<std::string> pngs;
  for (auto& entry : std::filesystem::directory_iterator(testing::npm_dir() + "@varlet/icons@3.20.6/dist/png"))
    if (entry.path().extension() == ".png") pngs.push_back(entry.path().stem().string());
  std::sort(pngs.begin(), pngs.end());
  ASSERT_GT(pngs.size(), 100u);
  EXPECT_EQ(parse_icon_names(icons), pngs);
  auto model = built_model("3.20.6", "en-US");
  EXPECT_EQ(model->icons, pngs);
  EXPECT_EQ(model->icons_version, "3.20.6");
}

TEST(Styles, IconNamesOfOddAndBrokenModules) {
  EXPECT_EQ(parse_icon_names("export const pointCodes = { b: 'e1', \"a-b\": 'e2', 'c': 'e3', b: 'e4' }"),
            (std::vector<std::string>{"a-b", "b", "c"}));
  EXPECT_TRUE(parse_icon_names("export default ['a', 'b']").empty());
  for (std::string broken : {"", "pointCodes", "pointCodes = {", "pointCodes = { 'a", "pointCodes = { a }", "pointCodes = }{"})
    EXPECT_NO_THROW(parse_icon_names(broken)) << broken;
}

TEST(Styles, AReleaseWithoutItsIconsPackageSaysSo) {
  // @varlet/icons@3.0.0 is not in the data folder: the model has no icons and a warning.
  ASSERT_FALSE(package_file("@varlet/icons@3.0.0/dist/index.js"));
  auto model = built_model("3.0.0", "en-US");
  EXPECT_TRUE(model->icons.empty());
  EXPECT_NE(std::find(model->warnings.begin(), model->warnings.end(), "@varlet/icons@3.0.0 is not available: no icon names"),
            model->warnings.end());
  auto result = testing::run_tool("search_icons", {{"query", "close"}}, model);
  EXPECT_TRUE(testing::is_error(result));
  EXPECT_NE(testing::text_of(result).find("could not be read"), std::string::npos);
}

}  // namespace
}  // namespace varlet::catalog
