// The <Name>Props interface of a component's .d.ts merged with its web-types row: what a member
// adds, what it only confirms, and what names no prop at all.
#include "catalog/assemble.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog {
namespace {

Component assembled(const WebTypesTag& tag, const std::string& declarations) {
  auto file = dts::scan(declarations);
  return assemble_component({&tag, &file, "types/demo.d.ts", nullptr, "", "highlight/web-types.en-US.json"});
}

template <class Item>
std::vector<std::pair<std::string, std::string>> sources(const std::vector<Item>& items) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& i : items) out.emplace_back(i.name, i.source);
  return out;
}

TEST(MergePropsInterface, SignaturesNameNoPropAndAMemberDeclaredTwiceCountsOnce) {
  WebTypesTag tag{"var-demo", {{"native-type", "string", "button", "", ""}}, {{"click", "", {}}}, {}};
  auto c = assembled(tag, R"(export interface DemoProps {
    nativeType?: 'button' | 'submit'
    size?: number
    (value: number): void
    [key: string]: unknown
    size?: string
    'onUpdate:modelValue'?: (value: number) => void
    onClick?: (e: Event) => void
    onClick?: (e: MouseEvent) => void
  })");
  using Sources = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(sources(c.props), (Sources{{"native-type", "web-types+types"}, {"size", "types"}}));
  EXPECT_EQ(c.props[0].ts_type, "'button' | 'submit'");
  EXPECT_EQ(c.props[1].type, "number") << "the first declaration of a member counts";
  EXPECT_EQ(sources(c.events), (Sources{{"click", "web-types+types"}, {"update:modelValue", "types"}}));
  ASSERT_EQ(c.events[0].arguments.size(), 1u);
  EXPECT_EQ(c.events[0].arguments[0].type, "Event");
}

TEST(MergePropsInterface, AComponentWithoutAnInterfaceKeepsItsWebTypesItems) {
  WebTypesTag tag{"var-demo", {{"size", "number", "", "", ""}}, {}, {}};
  auto c = assembled(tag, "export interface OtherProps { color?: string }");
  using Sources = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(sources(c.props), (Sources{{"size", "web-types"}}));
}

}  // namespace
}  // namespace varlet::catalog
