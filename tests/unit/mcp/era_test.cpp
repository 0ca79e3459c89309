#include "mcp/era.hpp"

#include <gtest/gtest.h>

using namespace varlet;
using namespace varlet::mcp;

namespace {

Message request(std::string_view method, std::string_view params_json) {
  Message m;
  m.id = 7;
  m.method = std::string(method);
  m.params = json::parse(params_json).as_object();
  return m;
}

constexpr std::string_view modern_params =
    R"({"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                 "io.modelcontextprotocol/clientCapabilities":{"elicitation":{}},
                 "io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"},
                 "io.modelcontextprotocol/logLevel":"warning"}})";

int code_of(const std::variant<RequestMeta, RpcError>& checked) {
  auto* error = std::get_if<RpcError>(&checked);
  return error ? static_cast<int>(error->code) : 0;
}

}  // namespace

TEST(Era, ModernIsWhatNamesAProtocolVersionInMeta) {
  EXPECT_TRUE(has_modern_meta(request("tools/list", modern_params).params));
  EXPECT_FALSE(has_modern_meta(request("tools/list", R"({"_meta":{"progressToken":1}})").params));
  EXPECT_FALSE(has_modern_meta(request("tools/list", "{}").params));
}

TEST(Era, AValidRequestGivesWhatItsMetaSays) {
  auto sent = request("tools/list", modern_params);  // what the meta points into
  auto checked = check_modern_request(sent, std::nullopt);
  ASSERT_TRUE(std::holds_alternative<RequestMeta>(checked));
  auto& meta = std::get<RequestMeta>(checked);
  EXPECT_EQ(meta.protocol_version, "2026-07-28");
  ASSERT_NE(meta.client_capabilities, nullptr);
  EXPECT_TRUE(meta.client_capabilities->contains("elicitation"));
  EXPECT_EQ(meta.log_level, LogLevel::warning);
  EXPECT_EQ(code_of(check_modern_request(request("tools/list", modern_params), "2026-07-28")), 0);
}

TEST(Era, ClientInfoAndLogLevelAreOptional) {
  auto checked = check_modern_request(
      request("tools/list", R"({"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                                         "io.modelcontextprotocol/clientCapabilities":{}}})"),
      std::nullopt);
  ASSERT_TRUE(std::holds_alternative<RequestMeta>(checked));
  EXPECT_FALSE(std::get<RequestMeta>(checked).log_level);
}

TEST(Era, ChecksComeInTheOrderTheConformanceSuiteExpects) {
  // A missing header first, even when _meta is missing too.
  EXPECT_EQ(code_of(check_modern_request(request("tools/list", "{}"), "")), -32020);
  // Then the required _meta fields, even when the header is there.
  EXPECT_EQ(code_of(check_modern_request(request("tools/list", "{}"), "2026-07-28")), -32602);
  EXPECT_EQ(code_of(check_modern_request(
                request("tools/list", R"({"_meta":{"io.modelcontextprotocol/clientCapabilities":{}}})"), "2026-07-28")),
            -32602);
  EXPECT_EQ(code_of(check_modern_request(
                request("tools/list", R"({"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}})"),
                "2026-07-28")),
            -32602);
  // Then a header that names another version than _meta: a mismatch, not an unsupported version.
  constexpr std::string_view v999 = R"({"_meta":{"io.modelcontextprotocol/protocolVersion":"v999.0.0",
                                                 "io.modelcontextprotocol/clientCapabilities":{}}})";
  EXPECT_EQ(code_of(check_modern_request(request("tools/list", v999), "2026-07-28")), -32020);
  // Then the version itself.
  auto unsupported = check_modern_request(request("tools/list", v999), "v999.0.0");
  ASSERT_EQ(code_of(unsupported), -32022);
  auto& data = std::get<RpcError>(unsupported).data;
  EXPECT_EQ(data.at("requested"), "v999.0.0");
  EXPECT_EQ(data.at("supported"), json::array{"2026-07-28"});
  // Then the method: gone in 2026-07-28, or never there.
  for (auto removed : {"initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe",
                       "unknown/method"})
    EXPECT_EQ(code_of(check_modern_request(request(removed, modern_params), "2026-07-28")), -32601) << removed;
}

TEST(Era, AnInvalidLogLevelIsInvalidParams) {
  auto checked = check_modern_request(
      request("tools/list", R"({"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                                         "io.modelcontextprotocol/clientCapabilities":{},
                                         "io.modelcontextprotocol/logLevel":"loud"}})"),
      std::nullopt);
  EXPECT_EQ(code_of(checked), -32602);
}

// clientInfo is not kept, but when it is sent it must be an object.
TEST(Era, AClientInfoThatIsNotAnObjectIsInvalidParams) {
  for (std::string_view info : {R"("t")", "[]", "7", "null", "true", R"([{"name":"t"}])"}) {
    auto sent = request("tools/list", R"({"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                                                   "io.modelcontextprotocol/clientCapabilities":{},
                                                   "io.modelcontextprotocol/clientInfo":)" +
                                          std::string(info) + "}}");
    auto checked = check_modern_request(sent, std::nullopt);
    ASSERT_EQ(code_of(checked), -32602) << info;
    EXPECT_NE(std::get<RpcError>(checked).message.find("clientInfo as an object"), std::string::npos) << info;
  }
}

TEST(Era, ARequestsSessionIsBegunFromItsMetaAndServesOnlyIt) {
  auto sent = request("tools/list", modern_params);
  auto session = request_session("", "http", "alice", std::get<RequestMeta>(check_modern_request(sent, std::nullopt)));
  EXPECT_EQ(session->client(), "alice");
  EXPECT_TRUE(session->serves_one_request());
  EXPECT_TRUE(session->initialized());
  EXPECT_EQ(session->protocol_version(), "2026-07-28");
  EXPECT_TRUE(session->client_supports("elicitation"));
  EXPECT_TRUE(session->should_log(LogLevel::warning));
  EXPECT_FALSE(session->should_log(LogLevel::info));
  auto quiet = request_session("", "http", "", std::get<RequestMeta>(check_modern_request(
      request("tools/list", R"({"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                                         "io.modelcontextprotocol/clientCapabilities":{}}})"), std::nullopt)));
  EXPECT_FALSE(quiet->should_log(LogLevel::emergency));  // no logLevel: no notifications/message
  EXPECT_FALSE(Session("s").serves_one_request());
}

TEST(Era, TraceIdComesFromAWellFormedTraceparent) {
  auto meta = [](std::string_view traceparent) {
    return json::object{{"traceparent", traceparent}};
  };
  EXPECT_EQ(trace_id_of(meta("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01")),
            "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(trace_id_of(meta("00-not-a-trace")), "");
  EXPECT_EQ(trace_id_of(meta("00-0af7651916cd43dd8448eb211c80319z-00f067aa0ba902b7-01")), "");
  EXPECT_EQ(trace_id_of(json::object{}), "");
}
