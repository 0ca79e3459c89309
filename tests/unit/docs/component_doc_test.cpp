#include "catalog/docs/component_doc.hpp"
#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::docs {
namespace {

using testing::component_page;

const ApiEntry* find_entry(const ComponentDoc& doc, ApiKind kind, std::string_view subject, std::string_view name) {
  for (const auto* table : doc.tables(kind, subject))
    for (const auto& e : table->entries)
      if (e.name == name) return &e;
  return nullptr;
}

TEST(ComponentDoc, ButtonPageHasTitleIntroExamplesAndApiInBothLocales) {
  for (std::string locale : {"en-US", "zh-CN"}) {
    SCOPED_TRACE(locale);
    auto page = parse_component_doc(component_page("button", locale));
    EXPECT_EQ(page.document.title, locale == "en-US" ? "Button" : "按钮");
    EXPECT_FALSE(page.intro.empty());
    EXPECT_EQ(page.intro.find('#'), std::string::npos);
    ASSERT_EQ(page.examples.size(), 10u);
    EXPECT_EQ(page.examples.front().code.size(), 1u);
    EXPECT_EQ(page.examples.front().code[0].language, "html");
    // The example that registers handlers carries both its script and its template.
    const auto& events = page.examples[8];
    EXPECT_NE(events.code[0].code.find("<script setup>"), std::string::npos);
    EXPECT_NE(events.code[0].code.find("</template>"), std::string::npos);
    EXPECT_FALSE(events.description.empty());

    auto button_props = page.tables(ApiKind::props, "Button");
    ASSERT_EQ(button_props.size(), 1u);
    EXPECT_EQ(button_props[0]->subject, "Button");
    EXPECT_EQ(page.tables(ApiKind::props, "ButtonGroup").size(), 1u);
    EXPECT_EQ(page.tables(ApiKind::props).size(), 2u);
    EXPECT_EQ(page.tables(ApiKind::events).size(), 1u);
    EXPECT_EQ(page.tables(ApiKind::slots).size(), 2u);
    EXPECT_EQ(page.tables(ApiKind::style_variables).size(), 1u);

    const auto* tonal = find_entry(page, ApiKind::props, "Button", "tonal");
    ASSERT_NE(tonal, nullptr);
    EXPECT_EQ(tonal->since, "3.18.0");
    EXPECT_EQ(tonal->type, "boolean");
    EXPECT_EQ(tonal->default_value, "false");
    const auto* elevation = find_entry(page, ApiKind::props, "Button", "elevation");
    ASSERT_NE(elevation, nullptr);
    EXPECT_EQ(elevation->type, "string | number | boolean");
    EXPECT_TRUE(elevation->since.empty());
    const auto* radius = find_entry(page, ApiKind::props, "Button", "loading-radius");
    ASSERT_NE(radius, nullptr);
    EXPECT_TRUE(radius->default_value.empty());
    const auto* click = find_entry(page, ApiKind::events, "Button", "click");
    ASSERT_NE(click, nullptr);
    EXPECT_EQ(click->arguments, "event: Event");
    const auto* var = find_entry(page, ApiKind::style_variables, "Button", "--button-fab-size");
    ASSERT_NE(var, nullptr);
    EXPECT_EQ(var->default_value, "56px");
  }
}

TEST(ComponentDoc, EscapedPipesStayInsideTheirCell) {
  for (std::string locale : {"en-US", "zh-CN"}) {
    SCOPED_TRACE(locale);
    auto page = parse_component_doc(component_page("input", locale));
    const auto* rules = find_entry(page, ApiKind::props, "", "rules");
    ASSERT_NE(rules, nullptr);
    EXPECT_EQ(rules->type, "((v: string) => any) | ZodType | Array<((v: string) => any) | ZodType>");
    EXPECT_EQ(rules->default_value, "");
    const auto* hint = find_entry(page, ApiKind::props, "", "enterkeyhint");
    ASSERT_NE(hint, nullptr);
    EXPECT_NE(hint->description.find("`'go' | 'search'`"), std::string::npos);
    EXPECT_EQ(hint->type, "string");
    // Two spaces before the next cell and trailing spaces after the row do not matter.
    const auto* autofill = find_entry(page, ApiKind::props, "", "prevent-auto-fill");
    ASSERT_NE(autofill, nullptr);
    EXPECT_EQ(autofill->since, "3.11.4");
    EXPECT_EQ(autofill->default_value, "true");
    const auto* input = find_entry(page, ApiKind::events, "", "input");
    ASSERT_NE(input, nullptr);
    EXPECT_EQ(input->arguments, "`value: string`, `event: Event`");
    const auto* validate = find_entry(page, ApiKind::methods, "", "validate");
    ASSERT_NE(validate, nullptr);
    EXPECT_EQ(validate->returns, "valid: Promise<boolean>");
    const auto* clear = find_entry(page, ApiKind::slots, "", "clear-icon");
    ASSERT_NE(clear, nullptr);
    EXPECT_NE(clear->arguments.find("clear: (e: Event) => void"), std::string::npos);
  }
}

TEST(ComponentDoc, ExamplesKeepTheirCallStyleGroupAndMethodsTableItsNote) {
  for (std::string locale : {"en-US", "zh-CN"}) {
    SCOPED_TRACE(locale);
    auto page = parse_component_doc(component_page("snackbar", locale));
    ASSERT_EQ(page.examples.size(), 4u);
    EXPECT_EQ(page.examples[0].group, locale == "en-US" ? "Component Call" : "组件调用");
    EXPECT_EQ(page.examples[2].group, locale == "en-US" ? "Function Call" : "函数调用");
    auto methods = page.tables(ApiKind::methods);
    ASSERT_EQ(methods.size(), 1u);
    EXPECT_NE(methods[0]->note.find("Snackbar.clear"), std::string::npos);
    EXPECT_EQ(methods[0]->entries.size(), 7u);
    EXPECT_EQ(methods[0]->entries[0].arguments, "options | string");
    auto options = page.tables(ApiKind::options);
    ASSERT_EQ(options.size(), 1u);
    EXPECT_EQ(options[0]->entries.back().type, "() => void");
  }
}

TEST(ComponentDoc, NestedAndTildeFencesAreOneCodeBlockEach) {
  for (std::string locale : {"en-US", "zh-CN"}) {
    SCOPED_TRACE(locale);
    auto page = parse_component_doc(component_page("code", locale));
    ASSERT_EQ(page.examples.size(), 3u);
    const auto& nested = page.examples[1];
    ASSERT_EQ(nested.code.size(), 1u);
    EXPECT_EQ(nested.code[0].language, "html");
    EXPECT_NE(nested.code[0].code.find("```md"), std::string::npos);
    EXPECT_EQ(nested.code[0].code.substr(nested.code[0].code.size() - 3), "```");
    EXPECT_NE(nested.code[0].code.find("</template>"), std::string::npos);
    const auto& tilde = page.examples[2];
    ASSERT_EQ(tilde.code.size(), 1u);
    EXPECT_EQ(tilde.code[0].language, "js");
    EXPECT_NE(tilde.code[0].code.find("const fence = '```'"), std::string::npos);
    // The API after the fences is still found.
    EXPECT_EQ(page.tables(ApiKind::props).size(), 1u);
  }
}

// Tables as the docs often write them: aligned columns padded with spaces, `|---|` and `|:--:|`
// separators, spaces after the closing pipe, a cell with no space after its pipe, two spaces before
// an escaped pipe; headings straight after headings or text straight after a heading; examples of
// several code blocks and of a function call only; blank lines piling up before `## API`.
TEST(ComponentDoc, CompactAndPaddedTablesAndTightHeadingsInBothLocales) {
  for (std::string locale : {"en-US", "zh-CN"}) {
    SCOPED_TRACE(locale);
    auto page = parse_component_doc(component_page("action-sheet", locale));
    EXPECT_EQ(page.document.title, locale == "en-US" ? "ActionSheet" : "动作面板");
    EXPECT_NE(page.intro.find("Promise"), std::string::npos);
    EXPECT_EQ(page.intro.find('#'), std::string::npos);

    ASSERT_EQ(page.examples.size(), 3u);
    EXPECT_EQ(page.examples[0].group, locale == "en-US" ? "Function Call" : "函数调用");
    EXPECT_EQ(page.examples[0].code.size(), 1u);
    EXPECT_EQ(page.examples[0].code[0].language, "js");
    const auto& keep_open = page.examples[1];
    EXPECT_NE(keep_open.description.find("closeOnClickAction"), std::string::npos);  // text right under its heading
    EXPECT_EQ(keep_open.description.find('#'), std::string::npos);
    const auto& component_call = page.examples[2];
    EXPECT_EQ(component_call.group, locale == "en-US" ? "Component Call" : "组件调用");
    ASSERT_EQ(component_call.code.size(), 2u);
    EXPECT_EQ(component_call.code[0].language, "html");
    EXPECT_EQ(component_call.code[1].language, "js");
    EXPECT_NE(component_call.code[0].code.find("<var-action-sheet v-model:show"), std::string::npos);

    auto props = page.tables(ApiKind::props);
    ASSERT_EQ(props.size(), 1u);
    EXPECT_EQ(props[0]->columns.size(), 4u);  // the space after the last pipe makes no fifth column
    ASSERT_EQ(props[0]->entries.size(), 7u);
    const auto* show = find_entry(page, ApiKind::props, "", "v-model:show");
    ASSERT_NE(show, nullptr);
    EXPECT_EQ(show->type, "boolean");
    EXPECT_EQ(show->default_value, "false");
    const auto* title = find_entry(page, ApiKind::props, "", "title");
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->default_value, locale == "en-US" ? "Select One" : "请选择");
    const auto* z = find_entry(page, ApiKind::props, "", "z-index");
    ASSERT_NE(z, nullptr);
    EXPECT_EQ(z->since, "3.19.0");
    EXPECT_EQ(z->type, "string | number");
    EXPECT_TRUE(z->default_value.empty());
    EXPECT_NE(z->description.find("`'auto' | 'inherit'`"), std::string::npos);
    const auto* tight = find_entry(page, ApiKind::props, "", "close-on-click-action");
    ASSERT_NE(tight, nullptr);
    EXPECT_FALSE(tight->description.empty());
    EXPECT_NE(tight->description.front(), ' ');
    EXPECT_EQ(tight->default_value, "true");
    const auto* teleport = find_entry(page, ApiKind::props, "", "teleport");
    ASSERT_NE(teleport, nullptr);
    EXPECT_EQ(teleport->type, "TeleportProps['to'] | false");
    EXPECT_EQ(teleport->default_value, "body");

    ASSERT_EQ(page.tables(ApiKind::events).size(), 1u);
    const auto* select = find_entry(page, ApiKind::events, "", "select");
    ASSERT_NE(select, nullptr);
    EXPECT_EQ(select->arguments, "action: Action");
    EXPECT_EQ(find_entry(page, ApiKind::events, "", "close")->arguments, "");
    auto options = page.tables(ApiKind::options);
    ASSERT_EQ(options.size(), 1u);
    ASSERT_EQ(options[0]->entries.size(), 3u);
    EXPECT_EQ(options[0]->entries[2].type, "(action: Action) => void");
    EXPECT_EQ(page.tables(ApiKind::slots).at(0)->entries.size(), 2u);
    auto vars = page.tables(ApiKind::style_variables);
    ASSERT_EQ(vars.size(), 1u);
    EXPECT_NE(vars[0]->note.find("StyleProvider"), std::string::npos);  // text right under its heading
    ASSERT_EQ(vars[0]->entries.size(), 2u);
    EXPECT_EQ(vars[0]->entries[1].name, "--action-sheet-action-item-height");
    EXPECT_EQ(vars[0]->entries[1].default_value, "48px");
  }
}

TEST(ComponentDoc, ApiOnlyPageHasNoTitleButItsTables) {
  auto page = parse_component_doc(component_page("button-group", "en-US"));
  EXPECT_TRUE(page.document.title.empty());
  EXPECT_TRUE(page.examples.empty());
  EXPECT_EQ(page.tables(ApiKind::props).size(), 1u);
  EXPECT_EQ(page.tables(ApiKind::slots).size(), 1u);
}

TEST(ComponentDoc, MalformedInputNeverCrashes) {
  for (std::string_view junk : {"", "\n\n\n", "```", "```html\n<template>", "| a | b |\n|---|", "# \n##\n###",
                                "## API\n\n| Prop |\n| --- |\n| `x` ***3.1.0", "## API\n### Props\n| |\n|-|\n||||\n",
                                "\r\n# T\r\n### Intro\r\ntext\r\n", "####### seven", "| `a \\| b` |\n|:-:|\n| \\| |"}) {
    auto page = parse_component_doc(junk);
    EXPECT_LE(page.document.blocks.size(), junk.size() + 1);
  }
  auto crlf = parse_component_doc("# T\r\n\r\n### Intro\r\n\r\nHello\r\n");
  EXPECT_EQ(crlf.document.title, "T");
  EXPECT_EQ(crlf.intro, "Hello");
}

}  // namespace
}  // namespace varlet::catalog::docs
