#include "transports/http/standard_headers.hpp"

#include <gtest/gtest.h>

using namespace varlet;
using namespace varlet::transports;

namespace {

mcp::Message request(std::string_view method, json::object params = {}) {
  mcp::Message m;
  m.id = 1;
  m.method = std::string(method);
  m.params = std::move(params);
  return m;
}

bool refused(const mcp::Message& m, std::string_view method, std::string_view name = "") {
  auto refusal = check_standard_headers(m, method, name);
  if (refusal) {
    EXPECT_EQ(refusal->code, mcp::ErrorCode::header_mismatch);
  }
  return refusal.has_value();
}

}  // namespace

TEST(StandardHeaders, McpMethodMustBeThereAndSayTheSameCaseSensitively) {
  auto list = request("tools/list");
  EXPECT_FALSE(refused(list, "tools/list"));
  EXPECT_FALSE(refused(list, "  tools/list\t"));  // surrounding whitespace is not part of a value
  EXPECT_TRUE(refused(list, ""));
  EXPECT_TRUE(refused(list, "TOOLS/LIST"));
  EXPECT_TRUE(refused(list, "prompts/list"));
}

TEST(StandardHeaders, McpNameRepeatsTheToolPromptOrUri) {
  auto call = request("tools/call", {{"name", "get_component_api"}});
  EXPECT_FALSE(refused(call, "tools/call", "get_component_api"));
  EXPECT_FALSE(refused(call, "tools/call", "  get_component_api  "));
  EXPECT_TRUE(refused(call, "tools/call", ""));
  EXPECT_TRUE(refused(call, "tools/call", "wrong_tool_name"));
  auto read = request("resources/read", {{"uri", "varlet://components"}});
  EXPECT_FALSE(refused(read, "resources/read", "varlet://components"));
  EXPECT_TRUE(refused(read, "resources/read", "varlet://icons"));
  auto prompt = request("prompts/get", {{"name", "usage"}});
  EXPECT_TRUE(refused(prompt, "prompts/get", "other"));
}

TEST(StandardHeaders, Base64WrappedValuesAreDecodedAndMustBeValid) {
  EXPECT_EQ(header_value("=?base64?SGVsbG8=?="), "Hello");
  EXPECT_EQ(header_value(" =?base64?SGk=?= "), "Hi");
  EXPECT_FALSE(header_value("=?base64?SGVsbG8?="));      // bad padding
  EXPECT_FALSE(header_value("=?base64?SGVs!!!bG8=?="));  // bad characters
  EXPECT_EQ(header_value("=?base64?SGVsbG8="), "=?base64?SGVsbG8=");  // not wrapped: a literal
  auto call = request("tools/call", {{"name", "Hello"}});
  EXPECT_FALSE(refused(call, "tools/call", "=?base64?SGVsbG8=?="));
  EXPECT_TRUE(refused(call, "tools/call", "=?base64?SGVsbG8?="));
}
