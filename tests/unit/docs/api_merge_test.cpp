#include "catalog/docs/api_merge.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace varlet::catalog::docs {
namespace {

Component package_component() {
  Component c;
  c.name = "Form";
  c.tag = "var-form";
  c.kebab = "form";
  c.props = {{"disabled", "boolean", "false", "Whether the form is disabled", "boolean"},
             {"readonly", "boolean", "false", "", "boolean"},
             {"scroll-to-error", "string", "-", "Scroll to the first error", ""}};
  c.events = {{"submit", "", {}}};
  c.methods = {{"validate", "validate(): Promise<boolean>", ""}};
  return c;
}

// A page in the real format: props with a since mark and a default that differs, an event, and a
// method the package's types do not declare.
constexpr const char* page = R"(# Form

## API

### Props

| Prop | Description | Type | Default |
| --- | --- | --- | --- |
| `disabled` | Whether to disable the form | _boolean_ | `false` |
| `readonly` ***3.1.0*** | Whether the form is readonly | _boolean_ | `true` |
| `scroll-to-error` | Scroll to the first failed field | _start \| end_ | `-` |
| `legacy` | A prop the package no longer has | _boolean_ | `false` |

### Methods

| Method | Description | Arguments | Return |
| --- | --- | --- | --- |
| `validate` | Trigger validation of the whole form | `-` | `Promise<boolean>` |
| `reset` | Clear the values and the validation | `-` | `void` |

### Events

| Event | Description | Arguments |
| --- | --- | --- |
| `submit` | Triggered when the form is submitted | `valid: boolean` |
)";

bool mentions(const std::vector<std::string>& notes, std::string_view a, std::string_view b = {}) {
  return std::any_of(notes.begin(), notes.end(), [&](const std::string& n) {
    return n.find(a) != std::string::npos && (b.empty() || n.find(b) != std::string::npos);
  });
}

TEST(ApiMerge, TheDocsFillWhatThePackageLacksAndNeverOverrideIt) {
  auto merged = merge_docs(package_component(), parse_component_doc(page));
  const auto& c = merged.component;
  ASSERT_EQ(c.props.size(), 3u);  // names come from the package: `legacy` is not added
  EXPECT_EQ(c.props[0].description, "Whether the form is disabled");  // the package's own text stays
  EXPECT_EQ(c.props[1].description, "Whether the form is readonly (since 3.1.0)");
  EXPECT_EQ(c.props[1].default_value, "false");  // the package is the truth for defaults
  EXPECT_EQ(c.events[0].description, "Triggered when the form is submitted");
  EXPECT_EQ(c.methods[0].signature, "validate(): Promise<boolean>");
  EXPECT_EQ(c.methods[0].description, "Trigger validation of the whole form");
  ASSERT_EQ(c.methods.size(), 2u);
  EXPECT_EQ(c.methods[1].name, "reset");
  EXPECT_EQ(c.methods[1].signature, "reset(): void");
}

TEST(ApiMerge, DisagreementsAreReportedNotHidden) {
  auto notes = merge_docs(package_component(), parse_component_doc(page)).disagreements;
  EXPECT_TRUE(mentions(notes, "prop `legacy`", "does not declare"));
  EXPECT_TRUE(mentions(notes, "prop `readonly`", "`false` in the package, `true` in the docs"));
  EXPECT_TRUE(mentions(notes, "method `reset`", "not declared"));
  EXPECT_FALSE(mentions(notes, "`disabled`"));
  EXPECT_EQ(notes.size(), 3u);
}

TEST(ApiMerge, APageWithoutTablesChangesNothing) {
  auto merged = merge_docs(package_component(), parse_component_doc("# Form\n\nJust an intro.\n"));
  EXPECT_TRUE(merged.disagreements.empty());
  EXPECT_EQ(merged.component.props[1].description, "");
  EXPECT_EQ(merged.component.methods.size(), 1u);
}

}  // namespace
}  // namespace varlet::catalog::docs
