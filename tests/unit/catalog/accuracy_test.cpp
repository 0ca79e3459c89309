// Accuracy over whole releases: for every tag of both web-types files of a pinned package, the
// structured answer of get_component_api lists exactly the props (type, default, description),
// events and slots the web-types file gives, read here independently with Boost.JSON, first and
// marked as declared there. Every member of the `export interface <Name>Props` of its
// types/<camel>.d.ts (read with a scan of the test's own) is there too, once, marked with the
// sources that declare it (the runtime source is proven apart, by tests/e2e/api_truth.test.mjs,
// which runs the package's own modules). Three releases far apart (3.0.0, 3.10.9 and 3.20.6) show
// the parsers are not tuned to one of them.
#include "package.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace varlet::testing {
namespace {

struct Entry {
  std::string name, type, default_value, description;
  bool operator==(const Entry&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Entry& e) {
  return os << "{" << e.name << " : " << e.type << " = " << e.default_value << "}";
}

std::vector<Entry> web_types_list(const json::object& tag, std::string_view key) {
  std::vector<Entry> out;
  if (auto* list = tag.if_contains(key))
    for (const auto& item : list->as_array()) {
      const auto& o = item.as_object();
      Entry e{string_at(o, "name"), "", string_at(o, "default"), string_at(o, "description")};
      if (auto* value = o.if_contains("value")) e.type = string_at(value->as_object(), "type");
      out.push_back(std::move(e));
    }
  return out;
}

// The items of the answer web-types declares: all of them before any it does not.
std::vector<Entry> answer_list(const json::object& component, std::string_view key, const std::string& where) {
  std::vector<Entry> out;
  bool others_seen = false;
  if (auto* list = component.if_contains(key))  // a section without content is left out
    for (const auto& item : list->as_array()) {
      const auto& o = item.as_object();
      auto name = string_at(o, "name");
      if (key != "slots" && !string_at(o, "source").starts_with("web-types")) {  // slots have no source
        others_seen = true;
        continue;
      }
      EXPECT_FALSE(others_seen) << where << " " << key << " " << name << " comes after one web-types does not declare";
      out.push_back({name, string_at(o, "type"), string_at(o, "default"), string_at(o, "description")});
    }
  return out;
}

// Entries the web-types generator got wrong, found independently of the parser:
// - one name listed twice in a tag (3.20.6 en-US var-menu has two `reference` rows, the old
//   `string` one and the current `string | HTMLElement` one);
// - a type cut at an escaped pipe of the docs table (3.0.0 and 3.20.6 zh-CN var-tab-item `name`: type
//   "string \", default "number_": the cell `string \| number` was split in two).
// For these the model may differ from the file; it must then name the attribute once and carry
// no cut type.
std::vector<std::string> malformed(const std::vector<Entry>& entries) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& e : entries) {
    if (!seen.insert(e.name).second) out.push_back(e.name + " (listed twice)");
    if (!e.type.empty() && e.type.back() == '\\') out.push_back(e.name + " (type cut at an escaped pipe)");
  }
  return out;
}

void expect_repaired(const std::vector<Entry>& expected, const std::vector<Entry>& got, const std::string& where) {
  std::vector<std::string> expected_names, got_names;
  for (const auto& e : expected)
    if (std::find(expected_names.begin(), expected_names.end(), e.name) == expected_names.end())
      expected_names.push_back(e.name);
  for (const auto& e : got) got_names.push_back(e.name);
  EXPECT_EQ(got_names, expected_names) << where << ": each attribute once, in the file's order";
  for (const auto& g : got) {
    EXPECT_TRUE(g.type.empty() || g.type.back() != '\\') << where << " " << g;
    // Every entry the model gives is one of the file's, or the repair of a cut type.
    bool from_file = std::find(expected.begin(), expected.end(), g) != expected.end();
    bool repaired_cut = std::any_of(expected.begin(), expected.end(), [&](const Entry& e) {
      return e.name == g.name && !e.type.empty() && e.type.back() == '\\' &&
             g.type.rfind(e.type.substr(0, e.type.find_last_not_of(" \\") + 1), 0) == 0 && g.type.size() > e.type.size() &&
             g.default_value != e.default_value;  // the stray half of the type is no default
    });
    EXPECT_TRUE(from_file || repaired_cut) << where << " " << g;
  }
}

std::string kebab(const std::string& camel) {
  std::string out;
  for (char ch : camel) {
    if (std::isupper(static_cast<unsigned char>(ch))) {
      if (!out.empty()) out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else {
      out += ch;
    }
  }
  return out;
}

struct Declared {
  std::vector<std::string> props;   // kebab names
  std::vector<std::string> events;  // of the listeners: "onUpdate:modelValue" -> "update:modelValue"
};

// The members of `export interface <Name>Props ... { ... }`: the name before `?:`, `:` or `(` of each
// statement at the interface's own bracket depth.
std::optional<Declared> props_interface(const std::string& source, const std::string& name) {
  auto start = source.find("export interface " + name + "Props ");
  if (start == std::string::npos) return std::nullopt;
  auto open = source.find('{', start);
  Declared out;
  static const std::regex member(R"(^\s*'?([A-Za-z_$][\w$:-]*)'?\??\s*[:(])");
  std::string statement;
  int depth = 0;
  for (auto i = open + 1; i < source.size(); ++i) {
    char ch = source[i];
    bool ends = depth == 0 && (ch == '\n' || ch == ';' || ch == '}');
    if (ends) {
      std::smatch m;
      if (std::regex_search(statement, m, member)) {
        std::string n = m[1];
        if (n.size() > 2 && n.starts_with("on") && std::isupper(static_cast<unsigned char>(n[2]))) {
          auto colon = n.find(':');
          out.events.push_back(colon == std::string::npos ? kebab(n.substr(2))
                                                          : kebab(n.substr(2, colon - 2)) + n.substr(colon));
        } else {
          out.props.push_back(kebab(n));
        }
      }
      statement.clear();
      if (ch == '}') break;
      continue;
    }
    if (ch == '{' || ch == '(' || ch == '<' || ch == '[') ++depth;
    if (ch == '}' || ch == ')' || (ch == '>' && source[i - 1] != '=') || ch == ']') --depth;
    statement += ch;
  }
  return out;
}

std::string camel_file(const std::string& kebab_name) {
  std::string out;
  for (std::size_t i = 0; i < kebab_name.size(); ++i)
    out += kebab_name[i] == '-' ? static_cast<char>(std::toupper(static_cast<unsigned char>(kebab_name[++i])))
                                : kebab_name[i];
  return out;
}

std::vector<std::string> names_of(const json::object& tag, std::string_view key) {
  std::vector<std::string> out;
  if (auto* list = tag.if_contains(key))
    for (const auto& item : list->as_array()) out.push_back(string_at(item.as_object(), "name"));
  return out;
}

// name -> source of one section of the answer; each name must be there once.
std::map<std::string, std::string> answered(const json::object& component, std::string_view key,
                                            const std::string& where) {
  std::map<std::string, std::string> out;
  if (auto* list = component.if_contains(key))
    for (const auto& item : list->as_array()) {
      const auto& o = item.as_object();
      EXPECT_TRUE(out.emplace(string_at(o, "name"), string_at(o, "source")).second)
          << where << ": " << key << " " << string_at(o, "name") << " listed twice";
    }
  return out;
}

// An answered source without the runtime: "web-types+types+runtime" -> "web-types+types"; "runtime" -> "".
std::string without_runtime(std::string source) {
  for (std::string_view part : {"+runtime", "runtime"})
    if (source.ends_with(part)) return source.substr(0, source.size() - part.size());
  return source;
}

void expect_sources(const std::vector<std::string>& web_types, const std::vector<std::string>& types,
                    std::map<std::string, std::string> got, const std::string& where) {
  std::set<std::string> in_web_types(web_types.begin(), web_types.end()), in_types(types.begin(), types.end());
  for (auto& [name, source] : got) {
    source = without_runtime(source);
    if (!source.empty())
      EXPECT_TRUE(in_web_types.count(name) || in_types.count(name)) << where << ": " << name << " is in neither source";
  }
  for (const auto& name : in_web_types) {
    auto it = got.find(name);
    if (it == got.end()) {
      ADD_FAILURE() << where << ": web-types' " << name << " is missing";
      continue;
    }
    EXPECT_EQ(it->second, in_types.count(name) ? "web-types+types" : "web-types") << where << " " << name;
  }
  for (const auto& name : in_types) {
    if (in_web_types.count(name)) continue;
    auto it = got.find(name);
    if (it == got.end()) ADD_FAILURE() << where << ": the types' " << name << " is missing";
    else EXPECT_EQ(it->second, "types") << where << " " << name;
  }
}

struct Figure {
  std::size_t total = 0, exact = 0, malformed = 0;
  std::vector<std::string> notes;
};

Figure check_release(const std::string& version, const std::string& locale) {
  Figure figure;
  auto model = built_model(version, locale);
  auto root = web_types_json(version, locale);
  EXPECT_EQ(string_at(root.as_object(), "version"), version);
  std::set<std::string> tags;
  for (const auto& t : root.at("contributions").at("html").at("tags").as_array()) {
    const auto& tag = t.as_object();
    auto name = string_at(tag, "name");
    tags.insert(name);
    ++figure.total;
    auto where = version + " " + locale + " " + name;
    auto result = run_tool("get_component_api", {{"name", name}}, model);
    if (is_error(result)) {
      ADD_FAILURE() << where << ": " << text_of(result);
      continue;
    }
    const auto& component = structured(result).at("component").as_object();
    EXPECT_EQ(string_at(component, "tag"), name);
    EXPECT_EQ(string_at(component, "version"), version);
    EXPECT_EQ(string_at(component, "locale"), locale);

    auto props = web_types_list(tag, "attributes");
    auto events = web_types_list(tag, "events");
    auto slots = web_types_list(tag, "slots");
    auto got_props = answer_list(component, "props", where);
    auto got_events = answer_list(component, "events", where);
    auto got_slots = answer_list(component, "slots", where);
    // Where web-types gives no default, the answer gives the runtime's.
    for (auto& got : got_props)
      for (const auto& documented : props)
        if (documented.name == got.name && (documented.default_value.empty() || documented.default_value == "-"))
          got.default_value = documented.default_value;
    bool exact = got_props == props && got_events == events && got_slots == slots;
    if (exact) {
      ++figure.exact;
      continue;
    }
    auto bad = malformed(props);
    if (!bad.empty() && got_events == events && got_slots == slots) {
      ++figure.malformed;
      for (auto& b : bad) figure.notes.push_back(name + ": " + b);
      expect_repaired(props, got_props, where);
      continue;
    }
    EXPECT_EQ(got_props, props) << where << " props";
    EXPECT_EQ(got_events, events) << where << " events";
    EXPECT_EQ(got_slots, slots) << where << " slots";
  }
  // list_components names the same tags, no more.
  auto listed = run_tool("list_components", {}, model);
  std::set<std::string> listed_tags;
  for (const auto& c : structured(listed).at("components").as_array())
    listed_tags.insert(string_at(c.as_object(), "tag"));
  EXPECT_EQ(listed_tags, tags) << version << " " << locale;
  return figure;
}

class Accuracy : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(Accuracy, EveryTagListsExactlyTheWebTypesPropsEventsAndSlotsFirst) {
  auto [version, locale] = GetParam();
  auto figure = check_release(version, locale);
  EXPECT_GT(figure.total, 50u);
  EXPECT_EQ(figure.exact + figure.malformed, figure.total);
  std::ostringstream line;
  line << "[accuracy] @varlet/ui@" << version << " " << locale << ": " << figure.exact << "/" << figure.total
       << " components exact";
  if (figure.malformed) {
    line << ", " << figure.malformed << " with a malformed web-types entry repaired (";
    for (std::size_t i = 0; i < figure.notes.size(); ++i) line << (i ? "; " : "") << figure.notes[i];
    line << ")";
  }
  std::cout << line.str() << std::endl;
}

TEST_P(Accuracy, EveryPropAndListenerOfEitherSourceIsAnsweredWithItsSource) {
  auto [version, locale] = GetParam();
  auto model = built_model(version, locale);
  auto root = web_types_json(version, locale);
  std::size_t interfaces = 0, types_only_props = 0, types_only_events = 0;
  for (const auto& t : root.at("contributions").at("html").at("tags").as_array()) {
    const auto& tag = t.as_object();
    auto name = string_at(tag, "name");
    auto where = version + " " + locale + " " + name;
    auto kebab_name = name.substr(4);
    auto camel = camel_file(kebab_name);
    auto pascal = camel;
    pascal[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(pascal[0])));
    Declared declared;
    if (auto source = package_file("@varlet/ui@" + version + "/types/" + camel + ".d.ts"))
      if (auto found = props_interface(*source, pascal)) {
        declared = std::move(*found);
        ++interfaces;
      }
    auto result = run_tool("get_component_api", {{"name", name}, {"sections", {"props", "events"}}}, model);
    ASSERT_FALSE(is_error(result)) << where << ": " << text_of(result);
    const auto& component = structured(result).at("component").as_object();
    auto props = answered(component, "props", where);
    auto events = answered(component, "events", where);
    expect_sources(names_of(tag, "attributes"), declared.props, props, where + " props");
    expect_sources(names_of(tag, "events"), declared.events, events, where + " events");
    for (const auto& [n, source] : props) types_only_props += without_runtime(source) == "types";
    for (const auto& [n, source] : events) types_only_events += without_runtime(source) == "types";
  }
  EXPECT_GT(interfaces, 50u) << "the scan found too few props interfaces";
  std::cout << "[types props] @varlet/ui@" << version << " " << locale << ": " << interfaces
            << " props interfaces, " << types_only_props << " props and " << types_only_events
            << " events only the types declare" << std::endl;
}

INSTANTIATE_TEST_SUITE_P(PinnedReleases, Accuracy,
                         ::testing::Values(std::pair{std::string("3.20.6"), std::string("en-US")},
                                           std::pair{std::string("3.20.6"), std::string("zh-CN")},
                                           std::pair{std::string("3.10.9"), std::string("en-US")},
                                           std::pair{std::string("3.10.9"), std::string("zh-CN")},
                                           std::pair{std::string("3.0.0"), std::string("en-US")},
                                           std::pair{std::string("3.0.0"), std::string("zh-CN")}),
                         [](const auto& info) {
                           auto name = info.param.first + "_" + info.param.second;
                           for (auto& c : name)
                             if (c == '.' || c == '-') c = '_';
                           return name;
                         });

// The case of issue 12: web-types 3.20.6 gives var-rate no attributes, types/rate.d.ts and its
// runtime props.mjs 19 props, which are its public API.
TEST(PublicApi, RateOf3_20_6HasTheNineteenPropsOfItsDeclarationAndRuntime) {
  auto result = run_tool("get_component_api", {{"name", "rate"}, {"sections", {"props", "events"}}},
                         built_model("3.20.6", "en-US"));
  const auto& component = structured(result).at("component").as_object();
  const auto& props = component.at("props").as_array();
  std::vector<std::string> names;
  for (const auto& p : props) {
    names.push_back(string_at(p.as_object(), "name"));
    EXPECT_EQ(string_at(p.as_object(), "source"), "types+runtime") << names.back();
    EXPECT_TRUE(p.at("public").as_bool()) << names.back();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"model-value", "count", "color", "empty-color", "disabled-color", "icon",
                                             "empty-icon", "half-icon", "namespace", "empty-icon-namespace",
                                             "half-icon-namespace", "size", "gap", "half", "disabled", "readonly",
                                             "clearable", "ripple", "rules"}));
  EXPECT_EQ(string_at(props[1].as_object(), "type"), "string | number");
  EXPECT_EQ(string_at(props[1].as_object(), "runtimeType"), "String | Number");
  EXPECT_EQ(string_at(props[1].as_object(), "default"), "5");
  // Picked from var-icon's props at run time: its type and default come from there.
  EXPECT_EQ(string_at(props[9].as_object(), "runtimeType"), "String");
  EXPECT_EQ(string_at(props[9].as_object(), "default"), "\"var-icon\"");
  auto text = text_of(result);
  EXPECT_NE(text.find("- `count`: string | number = `5`\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("disagrees"), std::string::npos) << text;
  std::map<std::string, std::string> events;
  for (const auto& e : component.at("events").as_array())
    events[string_at(e.as_object(), "name")] = string_at(e.as_object(), "source");
  EXPECT_EQ(events, (std::map<std::string, std::string>{{"change", "web-types+types+runtime"},
                                                        {"update:modelValue", "types+runtime"}}));
}

// 3.0.0's SpaceProps declares `warp`, a typo: the component takes `wrap`. Both are shown, each
// with how the package disagrees with itself; neither is dropped nor counted public.
TEST(PublicApi, TheSpaceTypoOf3_0_0IsADisagreementOfThePackage) {
  auto result = run_tool("get_component_api", {{"name", "space"}, {"sections", {"props"}}}, built_model("3.0.0", "en-US"));
  std::map<std::string, json::object> props;
  for (const auto& p : structured(result).at("component").at("props").as_array())
    props[string_at(p.as_object(), "name")] = p.as_object();
  ASSERT_TRUE(props.count("warp") && props.count("wrap"));
  EXPECT_EQ(string_at(props["warp"], "source"), "types");
  EXPECT_FALSE(props["warp"].at("public").as_bool());
  EXPECT_NE(string_at(props["warp"], "disagreement").find("no effect"), std::string::npos);
  EXPECT_EQ(string_at(props["wrap"], "source"), "web-types+runtime");
  EXPECT_FALSE(props["wrap"].at("public").as_bool());
  EXPECT_NE(string_at(props["wrap"], "disagreement").find("does not declare it"), std::string::npos);
  EXPECT_TRUE(props["direction"].at("public").as_bool());
  auto text = text_of(result);
  EXPECT_NE(text.find("Where the package disagrees with itself:\n- `wrap`"), std::string::npos) << text;
}

// Internal props (accepted at run time, neither declared nor documented) are listed apart and
// left out of the counts.
TEST(PublicApi, InternalRuntimePropsAreListedButNotCounted) {
  auto model = built_model("3.20.6", "en-US");
  auto* input = model->component("var-input");
  ASSERT_NE(input, nullptr);
  auto internal = std::find_if(input->props.begin(), input->props.end(),
                               [](const catalog::Prop& p) { return p.name == "is-force-focusing-effect"; });
  ASSERT_NE(internal, input->props.end());
  EXPECT_EQ(internal->source, "runtime");
  EXPECT_NE(internal->disagreement.find("internal"), std::string::npos);
  auto listed = run_tool("list_components", {}, model);
  for (const auto& c : structured(listed).at("components").as_array())
    if (string_at(c.as_object(), "tag") == "var-input")
      EXPECT_EQ(c.at("props").to_number<std::size_t>(), catalog::public_count(input->props));
  EXPECT_LT(catalog::public_count(input->props), input->props.size());
}

// A type a prop names is expanded where the package defines it, through imports and aliases
// (button.d.ts: `import { Type as ButtonType } from './varComponent'`); a literal union lists its values.
TEST(PublicApi, ReferencedTypesAreExpandedWithTheirValues) {
  auto result = run_tool("get_component_api", {{"name", "button"}, {"sections", {"types"}}}, built_model("3.20.6", "en-US"));
  std::map<std::string, json::object> types;
  for (const auto& t : structured(result).at("component").at("types").as_array())
    types[string_at(t.as_object(), "name")] = t.as_object();
  ASSERT_TRUE(types.count("ButtonType"));
  EXPECT_EQ(json::serialize(types["ButtonType"].at("values")),
            R"(["default","primary","info","success","warning","danger"])");
  ASSERT_TRUE(types.count("LoadingType"));  // imported from ./loading
  EXPECT_NE(string_at(types["LoadingType"], "definition").find("'wave'"), std::string::npos);
  EXPECT_NE(text_of(result).find("- `ButtonType` = `'default' | 'primary'"), std::string::npos) << text_of(result);
}

}  // namespace
}  // namespace varlet::testing
