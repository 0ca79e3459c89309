#include "mcp/schema.hpp"

#include <gtest/gtest.h>

using namespace varlet;
using namespace varlet::mcp;

namespace {
json::object schema() {
  return json::parse(R"({
    "type": "object",
    "properties": {
      "name": {"type": "string", "description": "Component name, e.g. button"},
      "sections": {"type": "array", "items": {"type": "string", "enum": ["props", "events", "slots"]}},
      "limit": {"type": "integer", "minimum": 1, "maximum": 50},
      "address": {"$ref": "#/$defs/address"}
    },
    "required": ["name"],
    "additionalProperties": false,
    "$defs": {"address": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
  })").as_object();
}
}  // namespace

TEST(Schema, AcceptsValidArguments) {
  EXPECT_FALSE(validate(json::parse(R"({"name":"button","sections":["props"],"limit":3})"), schema()));
}

TEST(Schema, MissingRequiredArgumentNamesItAndSaysWhatItIs) {
  auto v = validate(json::parse(R"({"limit":3})"), schema());
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "name");
  EXPECT_NE(v->message().find("required"), std::string::npos);
  EXPECT_NE(v->message().find("Component name"), std::string::npos);
}

TEST(Schema, WrongEnumValueSuggestsTheClosestOne) {
  auto v = validate(json::parse(R"({"name":"button","sections":["props","event"]})"), schema());
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "sections[1]");
  EXPECT_NE(v->message().find("Did you mean \"events\"?"), std::string::npos) << v->message();
}

TEST(Schema, UnknownArgumentSuggestsAKnownOne) {
  auto v = validate(json::parse(R"({"name":"button","limt":3})"), schema());
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "limt");
  EXPECT_NE(v->message().find("`limit`"), std::string::npos) << v->message();
}

TEST(Schema, TypeAndBoundsErrorsSayWhatWasExpected) {
  auto quoted = validate(json::parse(R"({"name":"button","limit":"3"})"), schema());
  ASSERT_TRUE(quoted);
  EXPECT_NE(quoted->message().find("expected integer"), std::string::npos);
  EXPECT_NE(quoted->message().find("without quotes"), std::string::npos);

  auto not_list = validate(json::parse(R"({"name":"button","sections":"props"})"), schema());
  ASSERT_TRUE(not_list);
  EXPECT_NE(not_list->message().find("Wrap the value in a list"), std::string::npos);

  auto too_big = validate(json::parse(R"({"name":"button","limit":99})"), schema());
  ASSERT_TRUE(too_big);
  EXPECT_NE(too_big->message().find("<= 50"), std::string::npos);
}

TEST(Schema, FollowsLocalReferences) {
  auto v = validate(json::parse(R"({"name":"x","address":{}})"), schema());
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "address.city");
}
