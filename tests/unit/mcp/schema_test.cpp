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

TEST(Schema, LengthsCountCharactersNotBytes) {
  auto bounded = json::parse(R"({"type":"object","properties":{"q":{"type":"string","maxLength":3}}})").as_object();
  EXPECT_FALSE(validate(json::parse(R"({"q":"轻提示"})"), bounded)) << "three characters, nine bytes";
  auto v = validate(json::parse(R"({"q":"轻提示吧"})"), bounded);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "q");
  EXPECT_NE(v->message().find("at most 3 characters"), std::string::npos) << v->message();
}

TEST(Schema, AViolationShowsAnExcerptOfAHugeValue) {
  auto bounded = json::parse(R"({"type":"object","properties":{"version":{"type":"string","maxLength":64}}})").as_object();
  auto v = validate(json::object{{"version", std::string(100000, '1')}}, bounded);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "version");
  EXPECT_LT(v->message().size(), 300u) << v->message();
}

TEST(Schema, APatternIsNotTriedOnAnOverlongString) {
  // std::regex recurses once per character: a long subject would overflow the stack.
  auto patterned = json::parse(R"({"type":"object","properties":{"id":{"type":"string","pattern":"^(a|b)*$"}}})").as_object();
  EXPECT_FALSE(validate(json::parse(R"({"id":"abab"})"), patterned));
  auto v = validate(json::object{{"id", std::string(1 << 20, 'a')}}, patterned);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "id");
}

TEST(Schema, BoundingAnInputSchemaCapsEveryOpenStringAndArray) {
  auto s = json::parse(R"({
    "type": "object",
    "properties": {
      "name": {"type": "string"},
      "mode": {"type": "string", "enum": ["a", "b"]},
      "query": {"type": "string", "maxLength": 500},
      "sections": {"type": "array", "items": {"type": "string"}},
      "filter": {"type": "object", "properties": {"tag": {"type": "string"}}},
      "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    }
  })").as_object();
  bound_input_schema(s, 1024, 100);
  auto& p = s.at("properties").as_object();
  EXPECT_EQ(p.at("name").at("maxLength"), 1024);
  EXPECT_FALSE(p.at("mode").as_object().contains("maxLength")) << "an enum bounds itself";
  EXPECT_EQ(p.at("query").at("maxLength"), 500) << "a schema's own bound stays";
  EXPECT_EQ(p.at("sections").at("maxItems"), 100);
  EXPECT_EQ(p.at("sections").at("items").at("maxLength"), 1024);
  EXPECT_EQ(p.at("filter").at("properties").at("tag").at("maxLength"), 1024);
  EXPECT_EQ(p.at("either").at("anyOf").at(0).at("maxLength"), 1024);
  auto v = validate(json::object{{"name", std::string(1025, 'x')}}, s);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "name");
}

TEST(Schema, AHugeWholeNumberIsAnIntegerOutOfBounds) {
  // 3e91 is a whole number; turning it into a 64-bit integer to check was undefined behaviour
  // (found by the schema_validate fuzz target).
  auto v = validate(json::parse(R"({"name":"button","limit":3e91})"), schema());
  ASSERT_TRUE(v);
  EXPECT_EQ(v->path, "limit");
  EXPECT_NE(v->message().find("<= 50"), std::string::npos) << v->message();
  EXPECT_TRUE(validate(json::parse(R"({"name":"button","limit":1e400})"), schema())) << "infinity is no integer";
}

// The conformance suite's JSON Schema 2020-12 fixture: applicators in place are enforced.
TEST(Schema, TwentyTwentyApplicatorsAreEnforced) {
  auto s = json::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"contactMethod": {"type": "string", "enum": ["phone", "email"]},
                   "phone": {"type": "string"}, "email": {"type": "string"},
                   "code": {"not": {"type": "string", "pattern": "^x"}},
                   "size": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 10}]}},
    "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
    "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
    "then": {"required": ["phone"]},
    "else": {"required": ["email"]}
  })").as_object();
  EXPECT_FALSE(validate(json::parse(R"({"contactMethod":"phone","phone":"1"})"), s));
  EXPECT_FALSE(validate(json::parse(R"({"email":"a@b"})"), s));
  auto none = validate(json::parse(R"({"name":"x"})"), s);
  ASSERT_TRUE(none) << "allOf/anyOf: a phone or an email is required";
  EXPECT_EQ(none->path, "phone");
  auto then = validate(json::parse(R"({"contactMethod":"phone","email":"a@b"})"), s);
  ASSERT_TRUE(then) << "if contactMethod is phone, then phone is required";
  EXPECT_EQ(then->path, "phone");
  auto otherwise = validate(json::parse(R"({"contactMethod":"email","phone":"1"})"), s);
  ASSERT_TRUE(otherwise) << "else: email is required";
  EXPECT_EQ(otherwise->path, "email");
  auto negated = validate(json::parse(R"({"email":"a@b","code":"xyz"})"), s);
  ASSERT_TRUE(negated);
  EXPECT_EQ(negated->path, "code");
  EXPECT_FALSE(validate(json::parse(R"({"email":"a@b","code":"abc"})"), s));
  EXPECT_FALSE(validate(json::parse(R"({"email":"a@b","size":12.5})"), s)) << "one choice matches";
  auto both = validate(json::parse(R"({"email":"a@b","size":12})"), s);
  ASSERT_TRUE(both) << "12 is an integer and a number >= 10: oneOf allows exactly one";
  EXPECT_EQ(both->path, "size");
}

TEST(Schema, BoundsStayOutOfNotAndIf) {
  auto s = json::parse(R"({"type": "object", "properties": {"a": {"not": {"type": "string"}}},
                           "if": {"properties": {"b": {"type": "string"}}}, "then": {"properties": {"c": {"type": "string"}}}})")
               .as_object();
  bound_input_schema(s, 16, 4);
  EXPECT_FALSE(s.at("properties").at("a").at("not").as_object().contains("maxLength"));
  EXPECT_FALSE(s.at("if").at("properties").at("b").as_object().contains("maxLength"));
  EXPECT_EQ(s.at("then").at("properties").at("c").at("maxLength"), 16);
}
