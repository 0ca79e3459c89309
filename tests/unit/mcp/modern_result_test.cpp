#include "mcp/modern_result.hpp"

#include <gtest/gtest.h>

using namespace varlet;
using namespace varlet::mcp;

namespace {

std::string modern_result(std::string_view result, std::string_view method, const json::object& server, bool pinned) {
  return mcp::modern_result(modern_form(std::make_shared<const std::string>(result), method, server, pinned));
}

}  // namespace

TEST(ModernResult, EveryResultIsCompleteAndNamesTheServer) {
  json::object server{{"name", "varlet-mcp"}, {"version", "1"}};
  auto r = json::parse(modern_result(R"({"content":[],"_meta":{"varlet":{"stale":true}}})", "tools/call", server, false));
  EXPECT_EQ(r.at("resultType"), "complete");
  EXPECT_EQ(r.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"), "varlet-mcp");
  EXPECT_EQ(r.at("_meta").at("varlet").at("stale"), true);  // what was there stays
  EXPECT_FALSE(r.as_object().contains("ttlMs"));            // a tool call is not cacheable
}

TEST(ModernResult, CacheableResultsCarryHints) {
  json::object server{{"name", "varlet-mcp"}, {"version", "1"}};
  for (auto method : {"server/discover", "tools/list", "prompts/list", "resources/list", "resources/templates/list"}) {
    auto r = json::parse(modern_result("{}", method, server, false));
    EXPECT_EQ(r.at("ttlMs"), changing_answer_hint.ttl_ms) << method;
    EXPECT_EQ(r.at("cacheScope"), "public") << method;
  }
  auto pinned = json::parse(modern_result("{}", "resources/read", server, true));
  EXPECT_EQ(pinned.at("ttlMs"), pinned_answer_hint.ttl_ms);
  auto tagged = json::parse(modern_result("{}", "resources/read", server, false));
  EXPECT_EQ(tagged.at("ttlMs"), changing_answer_hint.ttl_ms);
}

// The spliced hot path and the parsed path say the same, whatever the result holds.
TEST(ModernResult, SplicingAndParsingAgree) {
  json::object server{{"name", "varlet-mcp"}, {"version", "1"}};
  for (std::string_view result : {R"({})", R"({"content":[{"type":"text","text":"a \"_meta\": {"}],"x":{"_meta":1}})",
                             R"({"contents":[{"uri":"varlet://x","text":"{\"ttlMs\":1}"}]})",
                             R"({"resultType":"input_required","inputRequests":{}})"}) {
    for (auto method : {"tools/call", "resources/read"}) {
      auto r = json::parse(modern_result(result, method, server, true)).as_object();
      auto original = json::parse(result).as_object();
      for (auto& [key, value] : original) EXPECT_EQ(r.at(key), value) << result;
      EXPECT_EQ(r.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"), "varlet-mcp") << result;
      bool input_required = original.contains("resultType");
      EXPECT_EQ(r.at("resultType"), input_required ? "input_required" : "complete") << result;
      EXPECT_EQ(r.contains("ttlMs"), std::string_view(method) == "resources/read" && !input_required) << result;
    }
  }
}

TEST(ModernResult, TheFormSharesAHotAnswerAndTagsWhatItHints) {
  json::object server{{"name", "varlet-mcp"}, {"version", "1"}};
  auto answer = std::make_shared<const std::string>(R"({"contents":[{"uri":"varlet://a","text":"x"}]})");
  auto form = modern_form(answer, "resources/read", server, true);
  EXPECT_EQ(form.body, answer) << "the answer is not copied";
  EXPECT_EQ(form.hint->ttl_ms, pinned_answer_hint.ttl_ms);
  EXPECT_EQ(form.etag.size(), 36u);
  EXPECT_EQ(modern_form(answer, "resources/read", server, true).etag, form.etag);
  auto response = json::parse(encode_modern_result(7, form));
  EXPECT_EQ(response.at("id"), 7);
  EXPECT_EQ(json::serialize(response.at("result")), mcp::modern_result(form));
  EXPECT_TRUE(modern_form(answer, "tools/call", server, true).etag.empty()) << "no hint, no tag";
  auto with_meta = std::make_shared<const std::string>(R"({"content":[],"_meta":{"a":1}})");
  auto merged = modern_form(with_meta, "tools/call", server, true);
  EXPECT_TRUE(merged.head.empty());
  EXPECT_NE(merged.body, with_meta) << "a result with _meta of its own is rewritten";
}
