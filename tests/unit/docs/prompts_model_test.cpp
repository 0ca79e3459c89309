// The prompts over the model the server builds from the real package (web-types, .d.ts and CSS),
// not the web-types-only model of the other docs tests: what they embed is the component's
// resource, varlet://components/<name>, with every section the package has.
#include "../catalog/package.hpp"
#include "catalog/docs/prompts.hpp"
#include "catalog/render.hpp"
#include "catalog/resources.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

const PromptDefinition& prompt(std::string_view name) {
  static auto prompts = docs_prompts();
  for (const auto& p : prompts)
    if (p.spec.name == name) return p;
  throw std::runtime_error("no prompt " + std::string(name));
}

// Every embedded resource of a prompts/get result: uri -> text.
std::vector<std::pair<std::string, std::string>> embedded(const PromptResult& result) {
  if (const auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << *error;
    return {};
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& m : std::get<json::object>(result).at("messages").as_array()) {
    const auto& content = m.at("content").as_object();
    if (content.at("type") != "resource") continue;
    const auto& r = content.at("resource").as_object();
    out.emplace_back(std::string(r.at("uri").as_string()), std::string(r.at("text").as_string()));
  }
  return out;
}

TEST(PromptsOnThePackageModel, EmbeddedApisAreTheComponentResources) {
  for (std::string locale : {"en-US", "zh-CN"}) {
    SCOPED_TRACE(locale);
    auto model = testing::built_model("3.20.6", locale);
    ToolInputs inputs{"3.20.6", locale, model, {}};
    for (const auto& [name, args] : std::vector<std::pair<std::string, PromptArguments>>{
             {"component_usage", {{"component", "snackbar"}}},
             {"troubleshoot_component", {{"component", "pull-refresh"}, {"problem", "never stops"}}},
             {"optimize_performance", {{"components", "list, image"}}},
             {"migrate_from_library", {{"library", "vant"}, {"component", "van-uploader"}}},
             {"layout_design", {{"description", "a form"}, {"components", "input, button"}}}}) {
      SCOPED_TRACE(name);
      auto resources = embedded(prompt(name).get(args, inputs));
      ASSERT_FALSE(resources.empty());
      for (const auto& [uri, text] : resources) {
        SCOPED_TRACE(uri);
        auto read = read_resource(uri, {{"name", uri.substr(uri.rfind('/') + 1)}}, *model);
        ASSERT_TRUE(read.has_value());
        auto expected = std::string(read->at("contents").as_array().at(0).at("text").as_string());
        EXPECT_EQ(text, expected);
        const auto* c = model->component("var-" + uri.substr(uri.rfind('/') + 1));
        ASSERT_NE(c, nullptr);
        if (!c->props.empty()) {
          EXPECT_NE(text.find("`" + c->props.front().name + "`"), std::string::npos);
        }
      }
    }
  }
}

}  // namespace
}  // namespace varlet::catalog::docs
