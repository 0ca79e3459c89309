// How attribute names and tags read the way Vue's compiler reads them, and what a prop's declared
// type allows.
#include "catalog/templates/prop_values.hpp"
#include "catalog/templates/vue_syntax.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog::templates {
namespace {

TEST(VueSyntax, BindingFormsOfPropsEventsModelsSlotsAndDirectives) {
  struct Case {
    std::string_view attribute;
    BindingKind kind;
    std::string_view argument;
    std::vector<std::string_view> modifiers;
  };
  for (const auto& c : std::vector<Case>{{"size", BindingKind::attribute, "size", {}},
                                         {":size", BindingKind::bind, "size", {}},
                                         {"v-bind:size.camel", BindingKind::bind, "size", {"camel"}},
                                         {".scroll-top", BindingKind::bind, "scroll-top", {}},
                                         {"v-bind", BindingKind::bind, "", {}},
                                         {"@click.stop.prevent", BindingKind::on, "click", {"stop", "prevent"}},
                                         {"v-on:update:show", BindingKind::on, "update:show", {}},
                                         {"v-model", BindingKind::model, "", {}},
                                         {"v-model.trim", BindingKind::model, "", {"trim"}},
                                         {"v-model:show", BindingKind::model, "show", {}},
                                         {"#header", BindingKind::slot, "header", {}},
                                         {"#item.name", BindingKind::slot, "item.name", {}},
                                         {"v-slot", BindingKind::slot, "", {}},
                                         {"v-ripple", BindingKind::directive, "", {}},
                                         {"v-hover:in.once", BindingKind::directive, "in", {"once"}}}) {
    SCOPED_TRACE(c.attribute);
    auto b = parse_binding(c.attribute);
    EXPECT_EQ(b.kind, c.kind);
    EXPECT_EQ(b.argument, c.argument);
    EXPECT_EQ(b.modifiers, c.modifiers);
    EXPECT_FALSE(b.dynamic_argument);
  }
  EXPECT_TRUE(parse_binding(":[name]").dynamic_argument);
  EXPECT_TRUE(parse_binding("#[slot.name]").dynamic_argument);
  EXPECT_TRUE(parse_binding("v-on:[event].stop").dynamic_argument);
  EXPECT_EQ(parse_binding("v-ripple").directive, "ripple");
}

TEST(VueSyntax, VarletTagsAsVueResolvesThem) {
  EXPECT_EQ(varlet_tag("var-button-group"), "var-button-group");
  EXPECT_EQ(varlet_tag("VarButtonGroup"), "var-button-group");
  EXPECT_EQ(varlet_tag("varButton"), "var-button");
  EXPECT_FALSE(varlet_tag("variable"));
  EXPECT_FALSE(varlet_tag("div"));
  EXPECT_FALSE(varlet_tag("Var"));
  EXPECT_EQ(vue_key("update:model-value"), "update:modelValue");
  EXPECT_EQ(vue_key("Click"), "click");
}

TEST(VueSyntax, LiteralsOfBoundExpressions) {
  EXPECT_EQ(literal_of(" 'primary' ").kind, LiteralKind::string);
  EXPECT_EQ(literal_of("'primary'").text, "primary");
  EXPECT_EQ(literal_of("`a`").kind, LiteralKind::string);
  EXPECT_EQ(literal_of("`${a}`").kind, LiteralKind::none);
  EXPECT_EQ(literal_of("'a' + 'b'").kind, LiteralKind::none);
  EXPECT_EQ(literal_of("-2.5").kind, LiteralKind::number);
  EXPECT_EQ(literal_of("false").kind, LiteralKind::boolean);
  EXPECT_EQ(literal_of("count").kind, LiteralKind::none);
  EXPECT_EQ(literal_of("1.2.3").kind, LiteralKind::none);
}

TEST(PropValues, LiteralUnionsThroughAliasesInlineAndNested) {
  Component c;
  c.types = {{"Size", "type", "'small' | 'normal' | Inner"}, {"Inner", "type", "('large') | undefined"},
             {"Loose", "type", "string | 'x'"}, {"Self", "type", "Self | 'a'"}};
  auto prop = [](std::string ts) { return Prop{"p", "string", "", "", std::move(ts), ""}; };
  EXPECT_EQ(allowed_values(c, prop("Size")), (std::vector<std::string>{"small", "normal", "large"}));
  EXPECT_EQ(allowed_values(c, prop("'a' | \"b\" | undefined")), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(allowed_values(c, prop("Loose")).empty());
  EXPECT_TRUE(allowed_values(c, prop("Size | number")).empty());
  EXPECT_TRUE(allowed_values(c, prop("Unknown")).empty());
  EXPECT_TRUE(allowed_values(c, prop("Self")).empty()) << "a cycle stops at the depth limit, unexpanded";
  Prop web_types_only{"p", "'x' | 'y'", "", "", "", ""};
  EXPECT_EQ(allowed_values(c, web_types_only), (std::vector<std::string>{"x", "y"}));
  auto kinds = accepted_kinds(c, prop("boolean | number"));
  EXPECT_TRUE(kinds.boolean && kinds.number && !kinds.string && !kinds.other);
  EXPECT_TRUE(accepted_kinds(c, prop("TeleportProps['to'] | false")).other);
}

}  // namespace
}  // namespace varlet::catalog::templates
