#include "mcp/modern_result.hpp"

#include <gtest/gtest.h>

using namespace varlet;
using namespace varlet::mcp;

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
