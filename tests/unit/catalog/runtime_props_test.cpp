#include "catalog/runtime_props.hpp"

#include "package.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace varlet::catalog::runtime {
namespace {

using State = ModuleText::State;

// Modules of a test package by path; a path not listed was never fetched.
struct Modules {
  std::map<std::string, std::optional<std::string>> files;
  ModuleLookup lookup() const {
    return [this](const std::string& path) {
      auto it = files.find(path);
      if (it == files.end()) return ModuleText{};
      if (!it->second) return ModuleText{State::missing, nullptr};
      return ModuleText{State::present, &*it->second};
    };
  }
};

// The real package folder, read as the builder does: every module it asks for.
RuntimeProps read_package(const std::string& version, const std::string& path) {
  Modules modules;
  for (int round = 0; round < 10; ++round) {
    auto read = read_runtime_props(path, modules.lookup());
    if (read.needed.empty()) return read;
    for (auto& needed : read.needed) modules.files[needed] = testing::package_file("@varlet/ui@" + version + "/" + needed);
  }
  ADD_FAILURE() << "the reader kept asking for modules";
  return {};
}

const RuntimeProp* find(const RuntimeProps& read, const std::string& name) {
  auto it = std::find_if(read.props.begin(), read.props.end(), [&](const RuntimeProp& p) { return p.name == name; });
  return it == read.props.end() ? nullptr : &*it;
}

TEST(RuntimeProps, ReadsTypesDefaultsAndListenersOfAnObjectLiteral) {
  Modules m{{{"es/a/props.mjs", R"(import { defineListenerProp } from "../utils/components.mjs";
const props = {
  modelValue: { type: Number, default: 0 },
  count: { type: [String, Number], default: 5 }, // a comment, with a comma
  color: String,
  title: { type: String, required: true },
  "onUpdate:modelValue": defineListenerProp(),
  anything: null
};
export { props };)"}}};
  auto read = read_runtime_props("es/a/props.mjs", m.lookup());
  ASSERT_TRUE(read.error.empty()) << read.error;
  ASSERT_EQ(read.props.size(), 6u);
  EXPECT_EQ(read.props[0].name, "modelValue");
  EXPECT_EQ(read.props[0].types, std::vector<std::string>{"Number"});
  EXPECT_EQ(read.props[0].default_value, "0");
  EXPECT_EQ(read.props[1].types, (std::vector<std::string>{"String", "Number"}));
  EXPECT_EQ(read.props[2].types, std::vector<std::string>{"String"});
  EXPECT_TRUE(read.props[3].required);
  EXPECT_TRUE(read.props[4].listener);
  EXPECT_EQ(read.props[4].name, "onUpdate:modelValue");
  EXPECT_TRUE(read.props[5].types.empty());
}

TEST(RuntimeProps, FollowsImportsOnDemandAndNamesWhatItNeeds) {
  Modules m{{{"es/a/props.mjs", R"(import { iconProps } from "../icon/index.mjs";
import { pickProps } from "../utils/components.mjs";
const props = { namespace: pickProps(iconProps, "namespace"), size: [String, Number] };
export { props };)"}}};
  auto first = read_runtime_props("es/a/props.mjs", m.lookup());
  EXPECT_TRUE(first.props.empty());
  EXPECT_EQ(first.needed, std::vector<std::string>{"es/icon/index.mjs"});

  m.files["es/icon/index.mjs"] = R"(import { props as iconProps } from "./props.mjs";
export { iconProps };)";
  EXPECT_EQ(read_runtime_props("es/a/props.mjs", m.lookup()).needed, std::vector<std::string>{"es/icon/props.mjs"});

  m.files["es/icon/props.mjs"] = R"(const props = { namespace: { type: String, default: "var-icon" } };
export { props };)";
  auto read = read_runtime_props("es/a/props.mjs", m.lookup());
  ASSERT_EQ(read.props.size(), 2u) << read.error;
  EXPECT_EQ(read.props[0].name, "namespace");
  EXPECT_EQ(read.props[0].types, std::vector<std::string>{"String"});
  EXPECT_EQ(read.props[0].default_value, "\"var-icon\"");
}

TEST(RuntimeProps, MergesSpreadsAndPickedListsWithLaterDeclarationsWinning) {
  Modules m{{{"es/a/props.mjs", R"(var __spreadValues = (a, b) => { for (var prop in b || (b = {})) a[prop] = b[prop]; return a; };
var __spreadProps = (a, b) => __defProps(a, __getOwnPropDescs(b));
import { props as base } from "../b/props.mjs";
const props = __spreadProps(__spreadValues({ own: Boolean, shared: String }, pickProps(base, ["shared", "picked"])), {
  // internal start
  internal: Boolean
});
export { props };)"},
             {"es/b/props.mjs", R"(const props = { shared: Number, picked: Array, notPicked: Object };
export { props };)"}}};
  auto read = read_runtime_props("es/a/props.mjs", m.lookup());
  ASSERT_TRUE(read.error.empty()) << read.error;
  std::vector<std::string> names;
  for (auto& p : read.props) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"own", "shared", "picked", "internal"}));
  EXPECT_EQ(find(read, "shared")->types, std::vector<std::string>{"Number"});
}

TEST(RuntimeProps, AMissingModuleOrAnUnreadableOneIsAnErrorNotACrash) {
  Modules m{{{"es/a/props.mjs", std::nullopt}}};
  EXPECT_NE(read_runtime_props("es/a/props.mjs", m.lookup()).error.find("does not exist"), std::string::npos);

  for (const std::string& garbage : std::vector<std::string>{"", "const props = ", "const props = {", "export { props };", "const props = 42;\nexport { props };",
                              "const props = {,,:,};\nexport { props };", std::string(100000, '{'), "\"unterminated"}) {
    m.files["es/a/props.mjs"] = garbage;
    auto read = read_runtime_props("es/a/props.mjs", m.lookup());
    EXPECT_TRUE(read.needed.empty());
    EXPECT_TRUE(read.props.empty());
    EXPECT_EQ(read.error.empty(), garbage.find("{,,") != std::string::npos) << garbage.substr(0, 40) << ": " << read.error;
  }
}

TEST(RuntimeProps, AnImportCycleEndsWithAnError) {
  Modules m{{{"es/a/props.mjs", "import { props as b } from \"../b/props.mjs\";\nconst props = b;\nexport { props };"},
             {"es/b/props.mjs", "import { props as a } from \"../a/props.mjs\";\nconst props = a;\nexport { props };"}}};
  auto read = read_runtime_props("es/a/props.mjs", m.lookup());
  EXPECT_TRUE(read.props.empty());
  EXPECT_FALSE(read.error.empty());
}

// Each level spreads the one below forty times: 40^5 reads without a budget.
TEST(RuntimeProps, SpreadsOfSpreadsEndWithAnErrorNotAHang) {
  std::string module = "const p0 = { a: String };\n";
  for (int i = 1; i <= 5; ++i) {
    module += "const p" + std::to_string(i) + " = __spreadValues(";
    for (int j = 0; j < 40; ++j) module += (j ? ", p" : "p") + std::to_string(i - 1);
    module += ");\n";
  }
  module += "const props = p5;\nexport { props };";
  Modules m{{{"es/a/props.mjs", module}}};
  auto read = read_runtime_props("es/a/props.mjs", m.lookup());
  EXPECT_TRUE(read.props.empty());
  EXPECT_NE(read.error.find("steps"), std::string::npos) << read.error;
}

TEST(RuntimeProps, ResolvesModulePathsInsideThePackageOnly) {
  EXPECT_EQ(resolve_module("es/rate/props.mjs", "../icon/index.mjs"), "es/icon/index.mjs");
  EXPECT_EQ(resolve_module("es/icon/index.mjs", "./props.mjs"), "es/icon/props.mjs");
  EXPECT_EQ(resolve_module("es/rate/props.mjs", "../../../etc/passwd"), std::nullopt);
  EXPECT_EQ(resolve_module("es/rate/props.mjs", "vue"), std::nullopt);
}

TEST(RuntimeProps, RealPackagesPickedAndInternalPropsAreRead) {
  auto rate = read_package("3.20.6", "es/rate/props.mjs");
  ASSERT_TRUE(rate.error.empty()) << rate.error;
  ASSERT_NE(find(rate, "emptyIconNamespace"), nullptr);
  EXPECT_EQ(find(rate, "emptyIconNamespace")->types, std::vector<std::string>{"String"});
  EXPECT_TRUE(find(rate, "onChange")->listener);

  auto space = read_package("3.20.6", "es/space/props.mjs");
  EXPECT_NE(find(space, "wrap"), nullptr);
  EXPECT_EQ(find(space, "warp"), nullptr);

  auto input = read_package("3.20.6", "es/input/props.mjs");
  ASSERT_TRUE(input.error.empty()) << input.error;
  EXPECT_NE(find(input, "isForceFocusingEffect"), nullptr);  // internal, after the picked ones
  EXPECT_NE(find(input, "variant"), nullptr);               // picked from field-decorator's props

  auto dialog = read_package("3.0.0", "es/dialog/props.mjs");
  ASSERT_TRUE(dialog.error.empty()) << dialog.error;
  EXPECT_NE(find(dialog, "closeOnClickOverlay"), nullptr);  // picked from popup's props
}

}  // namespace
}  // namespace varlet::catalog::runtime
