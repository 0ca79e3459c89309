#include "mcp/modern_result.hpp"

#include <gtest/gtest.h>

using namespace varlet;
using namespace varlet::mcp;

namespace {

constexpr std::int64_t an_hour_ms = 60 * 60 * 1000;

std::shared_ptr<const ServerIdentity> server() {
  return std::make_shared<const ServerIdentity>(json::object{{"name", "varlet-mcp"}, {"version", "1"}});
}

ModernForm form_of(std::string_view result, std::string_view method, std::optional<std::int64_t> ttl_ms = an_hour_ms) {
  return modern_form(std::make_shared<const std::string>(result), method, server(), ttl_ms);
}

json::object modern(std::string_view result, std::string_view method, std::optional<std::int64_t> ttl_ms = an_hour_ms) {
  return json::parse(modern_result(form_of(result, method, ttl_ms))).as_object();
}

const json::value& server_name(const json::object& result) {
  return result.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name");
}

}  // namespace

TEST(ModernResult, EveryResultIsCompleteAndNamesTheServer) {
  auto r = modern(R"({"content":[],"_meta":{"varlet":{"stale":true}}})", "tools/call");
  EXPECT_EQ(r.at("resultType"), "complete");
  EXPECT_EQ(server_name(r), "varlet-mcp");
  EXPECT_EQ(r.at("_meta").at("varlet").at("stale"), true);  // what was there stays
  EXPECT_FALSE(r.contains("ttlMs"));                         // a tool call is not cacheable
}

TEST(ModernResult, CacheableResultsCarryHints) {
  for (auto method : {"server/discover", "tools/list", "prompts/list", "resources/list", "resources/templates/list"}) {
    auto r = modern("{}", method);
    EXPECT_EQ(r.at("ttlMs"), changing_answer_hint.ttl_ms) << method;
    EXPECT_EQ(r.at("cacheScope"), "public") << method;
  }
  EXPECT_EQ(modern("{}", "resources/read", pinned_answer_hint.ttl_ms).at("ttlMs"), pinned_answer_hint.ttl_ms);
  EXPECT_EQ(modern("{}", "resources/read", 42'000).at("ttlMs"), 42'000) << "what is left of a tag's resolution";
  EXPECT_EQ(modern("{}", "resources/read", 0).at("ttlMs"), 0) << "a stale answer is not to be kept";
  EXPECT_EQ(modern("{}", "resources/read", -5).at("ttlMs"), 0);
  EXPECT_EQ(modern("{}", "resources/read", std::nullopt).at("ttlMs"), changing_answer_hint.ttl_ms)
      << "no known expiry: the default for what changes";
}

// The spliced hot path and the parsed path say the same, whatever the result holds.
TEST(ModernResult, SplicingAndParsingAgree) {
  for (std::string_view result :
       {R"({})", R"({"content":[{"type":"text","text":"a \"_meta\": {"}],"x":{"_meta":1}})",
        R"({"contents":[{"uri":"varlet://x","text":"{\"ttlMs\":1}"}]})",
        R"({"resultType":"input_required","inputRequests":{}})", R"({"content":[],"_meta":{}})",
        R"({"content":[],"_meta":{"varlet":{"version":"3.20.6"}},"isError":false})",
        R"({"_meta":{"varlet":{"a":"}\"_meta\""}},"content":["{"]})", R"({"content":[],"_meta":7})",
        R"({"content":[],"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"other"}}})",
        R"({ "content" : [], "_meta" : { "a" : 1 } })", R"({"n":-1.5e3,"t":true,"z":null,"_meta":{"k":[1,{}]}})"}) {
    for (auto method : {"tools/call", "resources/read"}) {
      auto r = modern(result, method);
      auto original = json::parse(result).as_object();
      for (auto& [key, value] : original) {
        if (key != "_meta") EXPECT_EQ(r.at(key), value) << result;
      }
      if (auto* own = original.if_contains("_meta"); own && own->is_object()) {
        for (auto& [key, value] : own->get_object()) {
          if (key != "io.modelcontextprotocol/serverInfo") EXPECT_EQ(r.at("_meta").at(key), value) << result;
        }
      }
      EXPECT_EQ(server_name(r), "varlet-mcp") << result;
      bool input_required = original.contains("resultType");
      EXPECT_EQ(r.at("resultType"), input_required ? "input_required" : "complete") << result;
      EXPECT_EQ(r.contains("ttlMs"), std::string_view(method) == "resources/read" && !input_required) << result;
    }
  }
}

TEST(ModernResult, TheFormSharesAHotAnswerAndTagsWhatItHints) {
  auto answer = std::make_shared<const std::string>(R"({"contents":[{"uri":"varlet://a","text":"x"}]})");
  auto form = modern_form(answer, "resources/read", server(), pinned_answer_hint.ttl_ms);
  EXPECT_EQ(form.body, answer) << "the answer is not copied";
  EXPECT_EQ(form.hint->ttl_ms, pinned_answer_hint.ttl_ms);
  EXPECT_EQ(form.etag.size(), 36u);
  EXPECT_EQ(modern_form(answer, "resources/read", server(), pinned_answer_hint.ttl_ms).etag, form.etag);
  EXPECT_NE(modern_form(answer, "resources/read", server(), 1000).etag, form.etag) << "the hint is part of the result";
  auto response = json::parse(encode_modern_result(7, form));
  EXPECT_EQ(response.at("id"), 7);
  EXPECT_EQ(json::serialize(response.at("result")), mcp::modern_result(form));
  EXPECT_TRUE(modern_form(answer, "tools/call", server(), std::nullopt).etag.empty()) << "no hint, no tag";
}

// Every tool answer has a _meta of its own (the varlet provenance): the server's identity goes
// into it in place, so a hot answer is neither parsed nor copied.
TEST(ModernResult, AResultWithItsOwnMetaIsSplicedNotRewritten) {
  auto with_meta = std::make_shared<const std::string>(R"({"content":[],"_meta":{"varlet":{"version":"3.20.6"}}})");
  auto form = modern_form(with_meta, "tools/call", server(), std::nullopt);
  EXPECT_EQ(form.body, with_meta);
  EXPECT_NE(form.meta_at, std::string::npos);
  auto r = json::parse(modern_result(form)).as_object();
  EXPECT_EQ(r.at("_meta").as_object().size(), 2u);
  EXPECT_EQ(r.at("_meta").at("varlet").at("version"), "3.20.6");

  // What cannot take the members in place is rewritten: a _meta that already names a server, or
  // one that is not an object.
  for (auto odd : {R"({"content":[],"_meta":{"io.modelcontextprotocol/serverInfo":{}}})", R"({"content":[],"_meta":[]})"}) {
    auto rewritten = form_of(odd, "tools/call");
    EXPECT_TRUE(rewritten.head.empty()) << odd;
    EXPECT_EQ(server_name(json::parse(modern_result(rewritten)).as_object()), "varlet-mcp") << odd;
  }
}
