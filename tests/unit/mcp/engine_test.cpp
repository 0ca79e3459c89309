#include "mcp/engine.hpp"
#include "mcp/era.hpp"
#include "mcp/listen.hpp"
#include "mcp/modern_result.hpp"
#include "tests/unit/compression/gunzip.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

using namespace varlet;
using namespace varlet::mcp;

namespace {

struct RecordingExchange : Exchange {
  std::vector<std::string> sent;
  std::optional<std::string> finished;
  bool refused = false;
  std::function<void()> closed_hook;
  void send(std::string m) override { sent.push_back(std::move(m)); }
  void when_closed(std::function<void()> hook) override { closed_hook = std::move(hook); }
  void finish(std::string body) override { finished = std::move(body); }
  void finish_refused(std::string body) override {
    refused = true;
    finish(std::move(body));
  }
  std::optional<HttpCaching> caching;
  compression::Reuse reuse;
  void finish_answer(std::string body, AnswerHints hints) override {
    caching = std::move(hints.caching);
    reuse = std::move(hints.reuse);
    finish(std::move(body));
  }
  json::value response() const { return json::parse(*finished); }
};

// An application that keeps each reply so a test decides when (and whether) to answer.
struct HeldApplication : Application {
  std::vector<std::pair<std::optional<RequestContext>, Reply>> held;
  std::vector<json::object> tool_arguments;
  void call_tool(const RequestContext& ctx, const ToolSpec&, json::object args, Reply reply) override {
    tool_arguments.push_back(std::move(args));
    held.emplace_back(ctx, std::move(reply));
  }
  void read_resource(const RequestContext& ctx, const std::string&,
                     const std::optional<std::pair<const ResourceTemplateSpec*, std::map<std::string, std::string>>>&,
                     Reply reply) override {
    held.emplace_back(ctx, std::move(reply));
  }
  void get_prompt(const RequestContext& ctx, const PromptSpec&, std::map<std::string, std::string>, Reply reply) override {
    held.emplace_back(ctx, std::move(reply));
  }
  // Components named "no-such-..." do not exist.
  void resource_exists(const RequestContext&, const std::string&,
                       const std::pair<const ResourceTemplateSpec*, std::map<std::string, std::string>>& match,
                       std::function<void(bool)> done) override {
    done(match.second.at("name").rfind("no-such-", 0) != 0);
  }
  void complete(const RequestContext& ctx, const json::object&, const std::string&, const std::string&,
                const std::map<std::string, std::string>&, Reply reply) override {
    held.emplace_back(ctx, std::move(reply));
  }
};

std::shared_ptr<Registry> registry(std::size_t page_size = 100) {
  auto r = std::make_shared<Registry>(page_size);
  for (int i = 0; i < 5; ++i) {
    ToolSpec t;
    t.name = "tool_" + std::to_string(i);
    t.description = "A tool";
    t.input_schema = json::parse(
        R"({"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false})")
                         .as_object();
    r->add_tool(t);
  }
  r->add_resource({"varlet://components", "components", "", "All components", "application/json"});
  r->add_resource_template({"varlet://components/{name}", "component", "", "One component", "text/markdown"});
  r->add_prompt({"usage", "", "How to use a component", {{"component", "Component name", true}}});
  r->seal();
  return r;
}

class EngineTest : public ::testing::Test {
protected:
  HeldApplication app;
  Engine engine{ServerInfo{"varlet-mcp", "Varlet", "1.0", "https://example.org", "Use the tools.", true},
                registry(2), app};
  std::shared_ptr<Session> session = std::make_shared<Session>("s1");

  json::value call(std::string_view body) {
    auto ex = std::make_shared<RecordingExchange>();
    engine.handle(session, body, ex);
    EXPECT_TRUE(ex->finished) << body;
    return ex->finished && !ex->finished->empty() ? ex->response() : json::value(nullptr);
  }
  void initialize(std::string_view version = "2025-11-25") {
    auto r = call(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" +
                  std::string(version) + R"(","capabilities":{"sampling":{}},"clientInfo":{"name":"t","version":"1"}}})");
    ASSERT_TRUE(r.as_object().contains("result"));
  }
};

}  // namespace

TEST_F(EngineTest, InitializeNegotiatesTheVersionAndDescribesTheServer) {
  auto r = call(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  auto& result = r.at("result");
  EXPECT_EQ(result.at("protocolVersion"), "2025-06-18");
  EXPECT_EQ(result.at("serverInfo").at("name"), "varlet-mcp");
  EXPECT_EQ(result.at("serverInfo").at("websiteUrl"), "https://example.org");
  EXPECT_EQ(result.at("instructions"), "Use the tools.");
  auto& caps = result.at("capabilities").as_object();
  EXPECT_TRUE(caps.contains("tools"));
  EXPECT_EQ(caps.at("resources").at("subscribe"), true);
  EXPECT_TRUE(caps.contains("prompts"));
  EXPECT_TRUE(caps.contains("logging"));
  EXPECT_TRUE(caps.contains("completions"));
}

TEST_F(EngineTest, UnknownProtocolVersionGetsTheLatest) {
  auto r = call(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"1999-01-01"}})");
  EXPECT_EQ(r.at("result").at("protocolVersion"), "2025-11-25");
}

TEST_F(EngineTest, RequestsBeforeInitializeAreRefusedExceptPing) {
  auto refused = call(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})");
  EXPECT_EQ(refused.at("error").at("code"), -32600);
  auto ping = call(R"({"jsonrpc":"2.0","id":2,"method":"ping"})");
  EXPECT_TRUE(ping.at("result").as_object().empty());
}

TEST_F(EngineTest, SecondInitializeIsInvalid) {
  initialize();
  auto again = call(R"({"jsonrpc":"2.0","id":9,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
  EXPECT_EQ(again.at("error").at("code"), -32600);
}

TEST_F(EngineTest, UnknownMethodAndNotifications) {
  initialize();
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":"m","method":"nope/nothing"})").at("error").at("code"), -32601);
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","method":"notifications/whatever"})", ex);
  ASSERT_TRUE(ex->finished);
  EXPECT_TRUE(ex->finished->empty());  // nothing to answer
}

TEST_F(EngineTest, ListsPaginateWithOpaqueCursors) {
  initialize();
  std::vector<std::string> names;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    std::string params = cursor ? R"({"cursor":")" + *cursor + R"("})" : "{}";
    auto r = call(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":)" + params + "}");
    for (auto& t : r.at("result").at("tools").as_array()) names.emplace_back(t.at("name").as_string());
    auto* next = r.at("result").as_object().if_contains("nextCursor");
    cursor = next ? std::optional<std::string>(std::string(next->as_string())) : std::nullopt;
    ++pages;
  } while (cursor);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names.size(), 5u);
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"forged"}})").at("error").at("code"),
            -32602);
}

TEST_F(EngineTest, ToolCallsAreValidatedBeforeTheApplicationSeesThem) {
  initialize();
  auto unknown = call(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tool_9"}})");
  EXPECT_EQ(unknown.at("error").at("code"), -32602);
  EXPECT_NE(std::string(unknown.at("error").at("message").as_string()).find("Did you mean"), std::string::npos);

  auto bad_args = call(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"tool_1","arguments":{"nam":"x"}}})");
  EXPECT_EQ(bad_args.at("result").at("isError"), true);
  auto text = std::string(bad_args.at("result").at("content").at(0).at("text").as_string());
  EXPECT_NE(text.find("`name`"), std::string::npos) << text;
  EXPECT_TRUE(app.held.empty());
}

TEST_F(EngineTest, AsyncRepliesAreEncodedWithTheRequestId) {
  initialize();
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":"abc","method":"tools/call","params":{"name":"tool_1","arguments":{"name":"x"}}})", ex);
  ASSERT_EQ(app.held.size(), 1u);
  EXPECT_FALSE(ex->finished);
  EXPECT_EQ(app.tool_arguments.at(0).at("name"), "x");
  app.held[0].second(Outcome::ok(tool_result("done")));
  ASSERT_TRUE(ex->finished);
  EXPECT_EQ(ex->response().at("id"), "abc");
  EXPECT_EQ(ex->response().at("result").at("content").at(0).at("text"), "done");
}

TEST_F(EngineTest, ADroppedReplyAnswersWithAnInternalError) {
  initialize();
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"tool_1","arguments":{"name":"x"}}})", ex);
  app.held.clear();  // the worker holding it went away
  ASSERT_TRUE(ex->finished);
  EXPECT_EQ(ex->response().at("error").at("code"), -32603);
}

TEST_F(EngineTest, ProgressCarriesTheTokenAndOnlyIncreases) {
  initialize();
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"tool_1","arguments":{"name":"x"},"_meta":{"progressToken":42}}})", ex);
  auto& ctx = *app.held.at(0).first;
  ctx.progress(1, 3, "one");
  ctx.progress(1, 3, "same again");
  ctx.progress(2.5, 3);
  app.held[0].second(Outcome::ok(tool_result("ok")));
  ctx.progress(3, 3);  // after the response: dropped
  ASSERT_EQ(ex->sent.size(), 2u);
  auto first = json::parse(ex->sent[0]);
  EXPECT_EQ(first.at("method"), "notifications/progress");
  EXPECT_EQ(first.at("params").at("progressToken"), 42);
  EXPECT_EQ(first.at("params").at("message"), "one");
  EXPECT_EQ(json::parse(ex->sent[1]).at("params").at("progress"), 2.5);
}

TEST_F(EngineTest, LogMessagesAreFilteredByTheSessionLevel) {
  initialize();
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"loud"}})").at("error").at("code"), -32602);
  call(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"warning"}})");
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"tool_1","arguments":{"name":"x"}}})", ex);
  auto& ctx = *app.held.at(0).first;
  ctx.log(LogLevel::info, "t", "hidden");
  ctx.log(LogLevel::error, "t", "shown");
  ASSERT_EQ(ex->sent.size(), 1u);
  auto msg = json::parse(ex->sent[0]);
  EXPECT_EQ(msg.at("params").at("level"), "error");
  EXPECT_EQ(msg.at("params").at("data"), "shown");
}

TEST_F(EngineTest, CancelledRequestsGetNoResponse) {
  initialize();
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":"long","method":"tools/call","params":{"name":"tool_1","arguments":{"name":"x"}}})", ex);
  call(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"long","reason":"user"}})");
  EXPECT_TRUE(app.held.at(0).first->cancelled());
  app.held[0].second(Outcome::ok(tool_result("too late")));
  ASSERT_TRUE(ex->finished);
  EXPECT_TRUE(ex->finished->empty());
}

TEST_F(EngineTest, BatchesOnlyFor20250326) {
  initialize("2025-11-25");
  auto refused = call(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])");
  EXPECT_EQ(refused.at("error").at("code"), -32600);

  session = std::make_shared<Session>("s2");
  initialize("2025-03-26");
  auto answered = call(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"},{"jsonrpc":"2.0","id":2,"method":"nope"}])");
  ASSERT_TRUE(answered.is_array());
  ASSERT_EQ(answered.as_array().size(), 2u);
  EXPECT_EQ(answered.at(0).at("id"), 1);
  EXPECT_EQ(answered.at(1).at("error").at("code"), -32601);
  auto with_init = call(R"([{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}])");
  EXPECT_EQ(with_init.at("error").at("code"), -32600);
}

TEST_F(EngineTest, ResourcesPromptsAndCompletionValidateTheirParams) {
  initialize();
  auto missing = call(R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"varlet://nothing"}})");
  EXPECT_EQ(missing.at("error").at("code"), -32002);
  EXPECT_EQ(missing.at("error").at("data").at("uri"), "varlet://nothing");

  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"varlet://components/button"}})", ex);
  EXPECT_EQ(app.held.size(), 1u);

  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"usage"}})").at("error").at("code"), -32602);
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":4,"method":"prompts/get","params":{"name":"nope"}})").at("error").at("code"), -32602);
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":5,"method":"prompts/get","params":{"name":"usage","arguments":{"component":7}}})").at("error").at("code"), -32602);
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":6,"method":"completion/complete","params":{"ref":{"type":"ref/other"},"argument":{"name":"a","value":"b"}}})").at("error").at("code"), -32602);
  EXPECT_TRUE(call(R"({"jsonrpc":"2.0","id":7,"method":"resources/subscribe","params":{"uri":"varlet://components/button"}})").at("result").as_object().empty());
  EXPECT_TRUE(session->subscribed("varlet://components/button"));
}

// What a client makes the server hold or compute is bounded, with an error that names the limit.
class EngineLimitsTest : public EngineTest {
protected:
  Engine limited{ServerInfo{"varlet-mcp", "Varlet", "1.0", "", "", true}, registry(), app,
                 EngineLimits{16, 64, 32, 2}};
  std::vector<std::pair<std::string, std::string>> labels;

  json::value send(std::string_view body) {
    auto ex = std::make_shared<RecordingExchange>();
    limited.handle(session, body, ex);
    return ex->finished && !ex->finished->empty() ? ex->response() : json::value(nullptr);
  }
  json::value request(std::string_view method, json::object params) {
    return send(encode_request(9, method, params));
  }
  void SetUp() override {
    limited.set_observer([this](const Session&, std::string_view method, std::string_view name, bool,
                                std::chrono::nanoseconds, std::string_view) { labels.emplace_back(method, name); });
    send(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
  }
};

TEST_F(EngineLimitsTest, SubscriptionsAreOnlyToResourcesTheServerHasAndCounted) {
  auto unknown = request("resources/subscribe", {{"uri", "made-up://x"}});
  EXPECT_EQ(unknown.at("error").at("code"), -32002);
  EXPECT_FALSE(session->subscribed("made-up://x"));
  auto no_component = request("resources/subscribe", {{"uri", "varlet://components/no-such-thing"}});
  EXPECT_EQ(no_component.at("error").at("code"), -32002) << "a template match alone names nothing";
  EXPECT_TRUE(request("resources/subscribe", {{"uri", "varlet://components"}}).as_object().contains("result"));
  EXPECT_TRUE(request("resources/subscribe", {{"uri", "varlet://components/button"}}).as_object().contains("result"));
  auto third = request("resources/subscribe", {{"uri", "varlet://components/card"}});
  EXPECT_EQ(third.at("error").at("code"), -32602);
  EXPECT_NE(std::string(third.at("error").at("message").as_string()).find("mcp.max-subscriptions"), std::string::npos);
  // Subscribing again to one already held, or after letting one go, is fine.
  EXPECT_TRUE(request("resources/subscribe", {{"uri", "varlet://components"}}).as_object().contains("result"));
  EXPECT_TRUE(request("resources/unsubscribe", {{"uri", "varlet://components"}}).as_object().contains("result"));
  EXPECT_TRUE(request("resources/subscribe", {{"uri", "varlet://components/card"}}).as_object().contains("result"));
}

TEST_F(EngineLimitsTest, OverlongNamesUrisAndValuesAreRefusedWithoutEchoingThem) {
  std::string huge(100000, 'b');
  auto tool = request("tools/call", {{"name", "tool_1" + huge}, {"arguments", json::object{{"name", "x"}}}});
  EXPECT_EQ(tool.at("error").at("code"), -32602);
  auto text = std::string(tool.at("error").at("message").as_string());
  EXPECT_LT(text.size(), 300u) << "the error echoes at most an excerpt";
  EXPECT_EQ(text.find("Did you mean"), std::string::npos);

  auto read = request("resources/read", {{"uri", "varlet://components/" + huge}});
  EXPECT_EQ(read.at("error").at("code"), -32602);
  auto subscribe = request("resources/subscribe", {{"uri", "varlet://components/" + huge}});
  EXPECT_EQ(subscribe.at("error").at("code"), -32602);

  auto prompt = request("prompts/get", {{"name", "usage"}, {"arguments", json::object{{"component", huge}}}});
  EXPECT_EQ(prompt.at("error").at("code"), -32602);
  EXPECT_NE(std::string(prompt.at("error").at("message").as_string()).find("arguments.component"), std::string::npos);

  auto complete = request("completion/complete", {{"ref", json::object{{"type", "ref/prompt"}, {"name", "usage"}}},
                                                  {"argument", json::object{{"name", "component"}, {"value", huge}}}});
  EXPECT_EQ(complete.at("error").at("code"), -32602);
  EXPECT_NE(std::string(complete.at("error").at("message").as_string()).find("argument.value"), std::string::npos);
  EXPECT_TRUE(app.held.empty()) << "nothing over a limit reaches the application";
}

TEST_F(EngineLimitsTest, MetricLabelsAreOnlyMethodsAndNamesTheServerHas) {
  labels.clear();
  request("tools/call", {{"name", "tool_1"}, {"arguments", json::object{{"name", "x"}}}});
  app.held.back().second(Outcome::ok(json::object{}));
  request("tools/call", {{"name", "made_up_tool"}});
  request("prompts/get", {{"name", std::string(5000, 'p')}});
  request(std::string(5000, 'm'), {});
  ASSERT_EQ(labels.size(), 4u);
  EXPECT_EQ(labels[0], (std::pair<std::string, std::string>{"tools/call", "tool_1"}));
  EXPECT_EQ(labels[1], (std::pair<std::string, std::string>{"tools/call", "other"}));
  EXPECT_EQ(labels[2], (std::pair<std::string, std::string>{"prompts/get", "other"}));
  EXPECT_EQ(labels[3], (std::pair<std::string, std::string>{"other", ""}));
}

TEST_F(EngineTest, ServerToClientRequestsAreCorrelatedWithTheirResponses) {
  initialize();
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tool_1","arguments":{"name":"x"}}})", ex);
  std::optional<Outcome> answer;
  app.held.at(0).first->ask_client("sampling/createMessage", {{"maxTokens", 10}}, [&](Outcome o) { answer = o; });
  ASSERT_EQ(ex->sent.size(), 1u);
  auto request = json::parse(ex->sent[0]);
  EXPECT_EQ(request.at("method"), "sampling/createMessage");
  auto response = R"({"jsonrpc":"2.0","id":)" + json::serialize(request.at("id")) + R"(,"result":{"role":"assistant"}})";
  auto ex2 = std::make_shared<RecordingExchange>();
  engine.handle(session, response, ex2);
  ASSERT_TRUE(answer);
  EXPECT_EQ(json::parse(*answer->result).at("role"), "assistant");

  std::optional<Outcome> refused;  // the client declared no elicitation capability
  app.held.at(0).first->ask_client("elicitation/create", {}, [&](Outcome o) { refused = o; });
  ASSERT_TRUE(refused && refused->error);
}

TEST_F(EngineTest, ClosingASessionDropsWhatWaitsForTheClient) {
  initialize();
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tool_1","arguments":{"name":"x"}}})", ex);
  auto probe = std::make_shared<int>(0);
  std::weak_ptr<int> alive = probe;
  app.held.at(0).first->ask_client("sampling/createMessage", {{"maxTokens", 10}}, [probe](Outcome) {});
  probe.reset();
  EXPECT_FALSE(alive.expired()) << "the handler waits for the client's response";
  session->close();
  EXPECT_TRUE(alive.expired()) << "a client that never answers no longer holds the handler";
}

// -- 2026-07-28 (modern) requests: each one carries what the server must know of its client.

namespace {

// A modern request's body: `params` gets the required _meta plus `meta_extra` members.
std::string modern(std::string_view id, std::string_view method, std::string params = "{}",
                   std::string_view meta_extra = "") {
  std::string meta = R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
                     R"("io.modelcontextprotocol/clientCapabilities":{})" +
                     std::string(meta_extra.empty() ? "" : ",") + std::string(meta_extra) + "}";
  params.insert(params.size() - 1, std::string(params == "{}" ? "" : ",") + meta);
  return R"({"jsonrpc":"2.0","id":)" + std::string(id) + R"(,"method":")" + std::string(method) +
         R"(","params":)" + params + "}";
}

}  // namespace

TEST_F(EngineTest, ModernRequestsNeedNoInitialize) {
  auto r = call(modern("1", "tools/list"));
  auto& result = r.at("result");
  EXPECT_EQ(result.at("tools").as_array().size(), 2u);  // the first page
  EXPECT_EQ(result.at("resultType"), "complete");
  EXPECT_EQ(result.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"), "varlet-mcp");
  EXPECT_EQ(result.at("ttlMs"), changing_answer_hint.ttl_ms);
  EXPECT_EQ(result.at("cacheScope"), "public");
  EXPECT_FALSE(session->initialized());  // nothing was kept
}

TEST_F(EngineTest, DiscoverDescribesTheModernServer) {
  auto result = call(modern("\"d\"", "server/discover")).at("result");
  EXPECT_EQ(result.at("supportedVersions"), json::array{"2026-07-28"});
  auto& caps = result.at("capabilities").as_object();
  EXPECT_TRUE(caps.contains("tools"));
  EXPECT_TRUE(caps.contains("prompts"));
  // Resource updates and list changes through subscriptions/listen.
  EXPECT_EQ(caps.at("resources").at("subscribe"), true);
  EXPECT_EQ(caps.at("resources").at("listChanged"), true);
  EXPECT_EQ(result.at("instructions"), "Use the tools.");
  EXPECT_EQ(result.at("resultType"), "complete");
  EXPECT_TRUE(result.as_object().contains("ttlMs"));
  // A legacy session does not know the method.
  initialize();
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":2,"method":"server/discover"})").at("error").at("code"), -32601);
}

TEST_F(EngineTest, ModernRequestsAreRefusedWithTheirId) {
  auto removed = call(modern("\"x\"", "ping"));
  EXPECT_EQ(removed.at("id"), "x");
  EXPECT_EQ(removed.at("error").at("code"), -32601);
  auto initialize = call(modern("3", "initialize", R"({"protocolVersion":"2025-11-25"})"));
  EXPECT_EQ(initialize.at("error").at("code"), -32601);
  EXPECT_FALSE(session->initialized());
}

TEST_F(EngineTest, ModernRequestsTakeNothingFromALegacySession) {
  initialize();  // declares sampling, logs at info
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, modern("5", "tools/call", R"({"name":"tool_1","arguments":{"name":"x"}})"), ex);
  auto& ctx = *app.held.at(0).first;
  EXPECT_FALSE(ctx.session().client_supports("sampling"));
  ctx.log(LogLevel::emergency, "t", "no logLevel in _meta: never sent");
  EXPECT_TRUE(ex->sent.empty());
  std::optional<Outcome> asked;
  ctx.ask_client("roots/list", {}, [&](Outcome o) { asked = std::move(o); });
  ASSERT_TRUE(asked && asked->error);  // 2026-07-28 has no server-to-client requests
  EXPECT_TRUE(ex->sent.empty());
  app.held[0].second(Outcome::ok(tool_result("done")));
  auto result = ex->response().at("result");
  EXPECT_EQ(result.at("resultType"), "complete");
  EXPECT_FALSE(result.as_object().contains("ttlMs"));
}

TEST_F(EngineTest, ModernLogsFollowTheRequestsLogLevel) {
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session,
                modern("6", "tools/call", R"({"name":"tool_1","arguments":{"name":"x"}})",
                       R"("io.modelcontextprotocol/logLevel":"warning")"),
                ex);
  auto& ctx = *app.held.at(0).first;
  ctx.log(LogLevel::info, "t", "hidden");
  ctx.log(LogLevel::error, "t", "shown");
  ASSERT_EQ(ex->sent.size(), 1u);
  EXPECT_EQ(json::parse(ex->sent[0]).at("params").at("data"), "shown");
}

TEST_F(EngineTest, ASessionTheTransportMadeFromTheRequestIsUsedAsItIs) {
  // The HTTP transport checks a modern request before dispatch and makes its session from it; the
  // engine serves the request with that session instead of checking and making another.
  auto body = modern("8", "tools/call", R"({"name":"tool_1","arguments":{"name":"x"}})",
                     R"("io.modelcontextprotocol/logLevel":"error")");
  auto envelope = decode_body(body);
  const auto& message = std::get<Message>(envelope.messages.front());
  auto checked = check_modern_request(message, std::nullopt);
  ASSERT_TRUE(std::holds_alternative<RequestMeta>(checked));
  auto own = request_session("", "http", "alice", std::get<RequestMeta>(checked));
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(own, std::move(envelope), ex);
  auto& ctx = *app.held.at(0).first;
  EXPECT_EQ(&ctx.session(), own.get());
  ctx.log(LogLevel::warning, "t", "below the request's level");
  ctx.log(LogLevel::critical, "t", "shown");
  ASSERT_EQ(ex->sent.size(), 1u);
  app.held[0].second(Outcome::ok(tool_result("done")));
  EXPECT_EQ(ex->response().at("result").at("resultType"), "complete");
}

TEST_F(EngineTest, ModernCancellationReachesTheRequest) {
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, modern("\"long\"", "tools/call", R"({"name":"tool_1","arguments":{"name":"x"}})"), ex);
  call(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"long"}})");
  EXPECT_TRUE(app.held.at(0).first->cancelled());
}

TEST_F(EngineTest, ResourceNotFoundIsInvalidParamsInTheModernEra) {
  auto modern_missing = call(modern("1", "resources/read", R"({"uri":"varlet://nothing"})"));
  EXPECT_EQ(modern_missing.at("error").at("code"), -32602);
  EXPECT_EQ(modern_missing.at("error").at("data").at("uri"), "varlet://nothing");
  initialize();
  auto legacy_missing = call(R"({"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"varlet://nothing"}})");
  EXPECT_EQ(legacy_missing.at("error").at("code"), -32002);
}

TEST_F(EngineTest, LegacyResultsStayAsTheyWere) {
  initialize();
  auto result = call(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})").at("result").as_object();
  EXPECT_FALSE(result.contains("resultType"));
  EXPECT_FALSE(result.contains("ttlMs"));
  EXPECT_FALSE(result.contains("_meta"));
}

TEST_F(EngineTest, TheObserverHearsTheTraceId) {
  std::string heard;
  engine.set_observer([&](const Session&, std::string_view, std::string_view, bool, std::chrono::nanoseconds,
                          std::string_view trace_id) { heard = trace_id; });
  call(modern("1", "tools/list", "{}", R"("traceparent":"00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01")"));
  EXPECT_EQ(heard, "0af7651916cd43dd8448eb211c80319c");
}

// -- 2026-07-28 multi round-trip requests: input_required, then a retry with the client's answers.

namespace {

const std::string ask_tool = R"({"name":"tool_1","arguments":{"name":"x"})";

// tool_1 called with `extra` params members (inputResponses, requestState) after its arguments.
std::string retry(std::string_view id, std::string_view extra) {
  return modern(id, "tools/call", ask_tool + "," + std::string(extra) + "}");
}

}  // namespace

TEST_F(EngineTest, InputRequiredCarriesSealedStateThatComesBackOnTheRetry) {
  auto first = std::make_shared<RecordingExchange>();
  engine.handle(session, modern("1", "tools/call", ask_tool + "}"), first);
  auto& ctx = *app.held.at(0).first;
  EXPECT_TRUE(ctx.modern());
  EXPECT_FALSE(ctx.request_state());
  json::object ask{{"method", "roots/list"}, {"params", json::object{}}};
  app.held[0].second(ctx.input_required(json::object{{"roots", ask}}, "step-1"));
  auto result = first->response().at("result").as_object();
  EXPECT_EQ(result.at("resultType"), "input_required");
  EXPECT_EQ(result.at("inputRequests").at("roots").at("method"), "roots/list");
  EXPECT_FALSE(result.contains("ttlMs")) << "an input_required result is not an answer to cache";
  std::string state(result.at("requestState").as_string());
  EXPECT_EQ(state.find("step-1"), std::string::npos) << "the state travels encoded";

  auto second = std::make_shared<RecordingExchange>();
  engine.handle(session, retry("2", R"("inputResponses":{"roots":{"roots":[]},"extra":1},"requestState":")" + state + "\""),
                second);
  auto& again = *app.held.at(1).first;
  EXPECT_EQ(again.request_state(), std::optional<std::string>("step-1"));
  ASSERT_TRUE(again.input_response("roots"));
  EXPECT_TRUE(again.input_response("roots")->is_object());
  EXPECT_FALSE(again.input_response("missing"));

  // Altered, or sealed for another request: refused before the application sees it.
  auto tampered = call(retry("3", R"("requestState":")" + state + "x\""));
  EXPECT_EQ(tampered.at("error").at("code"), -32602);
  auto elsewhere = call(modern("4", "tools/call", R"({"name":"tool_2","arguments":{"name":"x"},"requestState":")" +
                                                      state + "\"}"));
  EXPECT_EQ(elsewhere.at("error").at("code"), -32602);
  EXPECT_EQ(call(retry("5", R"("inputResponses":null)")).at("error").at("code"), -32602);
  EXPECT_EQ(app.held.size(), 2u);
}

TEST_F(EngineTest, AMissingClientCapabilityIsARefusal) {
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, modern("1", "tools/call", ask_tool + "}"), ex);
  auto& ctx = *app.held.at(0).first;
  EXPECT_FALSE(ctx.client_supports("sampling"));
  app.held[0].second(Outcome::fail(RpcError::missing_capability("sampling")));
  EXPECT_TRUE(ex->refused) << "the transport answers it with a 400";
  auto error = ex->response().at("error");
  EXPECT_EQ(error.at("code"), -32021);
  EXPECT_TRUE(error.at("data").at("requiredCapabilities").at("sampling").is_object());
}

TEST_F(EngineTest, LegacySessionsGetNoInputRequiredResults) {
  initialize();
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":)" + ask_tool + "}}", ex);
  auto& ctx = *app.held.at(0).first;
  EXPECT_FALSE(ctx.modern());
  auto outcome = ctx.input_required(json::object{{"k", json::object{{"method", "roots/list"}}}});
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->code, ErrorCode::invalid_request);
}

// -- 2026-07-28 subscriptions/listen

TEST_F(EngineTest, ListenAcknowledgesWhatItHonoursAndTagsEveryNotification) {
  auto listeners = std::make_shared<Listeners>(8);
  session->set_listeners(listeners);
  auto ex = std::make_shared<RecordingExchange>();
  engine.handle(session,
                modern("\"sub\"", "subscriptions/listen",
                       R"({"notifications":{"toolsListChanged":true,"resourcesListChanged":true,)"
                       R"("resourceSubscriptions":["varlet://components","varlet://components/button","varlet://nope"]}})"),
                ex);
  EXPECT_FALSE(ex->finished) << "a listen is answered when it ends";
  ASSERT_EQ(ex->sent.size(), 1u);
  auto ack = json::parse(ex->sent[0]).as_object();
  EXPECT_EQ(ack.at("method"), "notifications/subscriptions/acknowledged");
  EXPECT_EQ(ack.at("params").at("_meta").at("io.modelcontextprotocol/subscriptionId"), "sub");
  EXPECT_EQ(json::serialize(ack.at("params").at("notifications")),
            R"({"resourcesListChanged":true,"resourceSubscriptions":["varlet://components","varlet://components/button"]})")
      << "tool lists never change here, and varlet://nope is no resource";

  listeners->deliver("notifications/tools/list_changed", "");
  listeners->deliver("notifications/resources/updated", "varlet://components/*");
  listeners->deliver("notifications/resources/list_changed", "");
  ASSERT_EQ(ex->sent.size(), 3u);
  auto updated = json::parse(ex->sent[1]);
  EXPECT_EQ(updated.at("method"), "notifications/resources/updated");
  EXPECT_EQ(updated.at("params").at("uri"), "varlet://components/button");
  EXPECT_EQ(updated.at("params").at("_meta").at("io.modelcontextprotocol/subscriptionId"), "sub");
  EXPECT_EQ(json::parse(ex->sent[2]).at("method"), "notifications/resources/list_changed");

  listeners->end_all();
  auto result = ex->response().at("result");
  EXPECT_EQ(result.at("resultType"), "complete");
  EXPECT_EQ(result.at("_meta").at("io.modelcontextprotocol/subscriptionId"), "sub");
  EXPECT_EQ(listeners->size(), 0u);
}

TEST_F(EngineTest, AListenEndsWithoutAnAnswerWhenTheClientLeavesOrCancels) {
  auto listeners = std::make_shared<Listeners>(8);
  session->set_listeners(listeners);
  auto closed = std::make_shared<RecordingExchange>();
  engine.handle(session, modern("1", "subscriptions/listen", R"({"notifications":{"resourcesListChanged":true}})"), closed);
  auto cancelled = std::make_shared<RecordingExchange>();
  engine.handle(session, modern("2", "subscriptions/listen", R"({"notifications":{}})"), cancelled);
  EXPECT_EQ(listeners->size(), 2u);
  ASSERT_TRUE(closed->closed_hook);
  closed->closed_hook();  // the HTTP client closed its stream
  EXPECT_EQ(listeners->size(), 1u);
  EXPECT_EQ(closed->finished, std::optional<std::string>("")) << "nobody to answer";
  call(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}})");  // stdio
  EXPECT_EQ(listeners->size(), 0u);
  EXPECT_EQ(cancelled->finished, std::optional<std::string>(""));
  listeners->deliver("notifications/resources/list_changed", "");
  EXPECT_EQ(closed->sent.size(), 1u) << "only the acknowledgment";
}

TEST_F(EngineTest, ListenIsModernAndChecksWhatItIsAsked) {
  EXPECT_EQ(call(modern("1", "subscriptions/listen", R"({"notifications":{}})")).at("error").at("code"), -32601)
      << "a transport without listens";
  session->set_listeners(std::make_shared<Listeners>(8));
  EXPECT_EQ(call(modern("2", "subscriptions/listen")).at("error").at("code"), -32602);
  EXPECT_EQ(call(modern("3", "subscriptions/listen", R"({"notifications":{"resourceSubscriptions":"x"}})"))
                .at("error").at("code"),
            -32602);
  std::string many = R"({"notifications":{"resourceSubscriptions":[)";
  for (int i = 0; i <= 1000; ++i) many += std::string(i ? "," : "") + "\"varlet://components\"";
  EXPECT_EQ(call(modern("4", "subscriptions/listen", many + "]}}")).at("error").at("code"), -32602);
  auto overlong = call(modern("6", "subscriptions/listen",
                              R"({"notifications":{"resourceSubscriptions":["varlet://)" + std::string(1 << 20, 'x') + R"("]}})"));
  EXPECT_EQ(overlong.at("error").at("code"), -32602);
  EXPECT_LT(overlong.at("error").at("message").as_string().size(), 200u) << "the URI is not echoed back";
  initialize();
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","id":5,"method":"subscriptions/listen","params":{"notifications":{}}})")
                .at("error").at("code"),
            -32601)
      << "legacy sessions subscribe with resources/subscribe";
}

TEST_F(EngineTest, CacheHintsReachTheTransportForHttpHeaders) {
  auto modern_list = std::make_shared<RecordingExchange>();
  engine.handle(session, modern("1", "tools/list"), modern_list);
  ASSERT_TRUE(modern_list->caching);
  EXPECT_EQ(modern_list->caching->max_age_seconds, changing_answer_hint.ttl_ms / 1000);
  EXPECT_TRUE(modern_list->caching->shared);
  EXPECT_EQ(modern_list->caching->etag.size(), 36u) << "a weak, quoted 128-bit hex tag";
  auto again = std::make_shared<RecordingExchange>();
  engine.handle(session, modern("2", "tools/list"), again);
  EXPECT_EQ(again->caching->etag, modern_list->caching->etag) << "the tag is the result's, not the request's";
  auto legacy = std::make_shared<RecordingExchange>();
  initialize();
  engine.handle(session, R"({"jsonrpc":"2.0","id":3,"method":"tools/list"})", legacy);
  EXPECT_FALSE(legacy->caching) << "legacy answers carry no hint";
}

TEST_F(EngineTest, ListensAreBoundedAndNoneOpensWhileStopping) {
  auto listeners = std::make_shared<Listeners>(2);
  session->set_listeners(listeners);
  std::vector<std::shared_ptr<RecordingExchange>> open;
  for (int i = 0; i < 2; ++i) {
    open.push_back(std::make_shared<RecordingExchange>());
    engine.handle(session, modern(std::to_string(i), "subscriptions/listen", R"({"notifications":{}})"), open.back());
  }
  EXPECT_EQ(listeners->size(), 2u);
  auto refused = call(modern("9", "subscriptions/listen", R"({"notifications":{}})"));
  EXPECT_EQ(refused.at("error").at("code"), -32602) << "the capacity is full";
  listeners->end_all();
  for (auto& ex : open) EXPECT_TRUE(ex->response().at("result").is_object());
  EXPECT_EQ(call(modern("10", "subscriptions/listen", R"({"notifications":{}})")).at("error").at("code"), -32602)
      << "a stopping transport takes no new listen";
}

// A cached result that keeps its gzip form: the answer says where it repeats the result, legacy and
// 2026-07-28 alike, and splicing the kept form there gives exactly the answer's bytes.
TEST_F(EngineTest, AnAnswerFromACachedResultSaysWhereItRepeatsIt) {
  auto rendered = tool_result(std::string(3000, 'x'), json::object{{"props", json::array{"size", "type"}}});
  rendered["_meta"] = json::object{{"varlet", json::object{{"version", "3.20.6"}}}};
  auto result = std::make_shared<const std::string>(json::serialize(rendered));
  auto kept = std::make_shared<const compression::Spliceable>(result, splice_points(result));
  auto answer = [&](std::string_view body) {
    auto ex = std::make_shared<RecordingExchange>();
    engine.handle(session, body, ex);
    EXPECT_EQ(app.held.size(), 1u);
    auto outcome = Outcome::ok(result);
    outcome.spliceable = kept;
    app.held.back().second(std::move(outcome));
    app.held.clear();
    return ex;
  };
  initialize();
  auto legacy = answer(R"({"jsonrpc":"2.0","id":"abc","method":"tools/call","params":{"name":"tool_0","arguments":{"name":"a"}}})");
  auto modern_call = answer(modern("41", "tools/call", R"({"name":"tool_0","arguments":{"name":"a"}})"));
  for (const auto& ex : {legacy, modern_call}) {
    ASSERT_TRUE(ex->reuse);
    auto gz = compression::gzip_spliced(*ex->finished, ex->reuse);
    ASSERT_TRUE(gz);
    EXPECT_EQ(decoders::gunzip(*gz), *ex->finished);
  }
  EXPECT_EQ(legacy->reuse.spans.size(), 1u);
  EXPECT_EQ(modern_call->reuse.spans.size(), 2u) << "around the server's identity in the result's _meta";

  auto other = std::make_shared<RecordingExchange>();
  engine.handle(session, R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"tool_0","arguments":{"name":"a"}}})",
                other);
  auto outcome = Outcome::ok(std::make_shared<const std::string>(*result));  // equal bytes, another string
  outcome.spliceable = kept;
  app.held.back().second(std::move(outcome));
  EXPECT_FALSE(other->reuse) << "a kept form only ever goes with the result it was made from";
}

TEST_F(EngineTest, ListPagesKeepTheirGzipFormToo) {
  initialize();
  for (auto body : {modern("1", "tools/list"), std::string(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})")}) {
    auto ex = std::make_shared<RecordingExchange>();
    engine.handle(session, body, ex);
    ASSERT_TRUE(ex->reuse) << body;
    auto gz = compression::gzip_spliced(*ex->finished, ex->reuse);
    ASSERT_TRUE(gz);
    EXPECT_EQ(decoders::gunzip(*gz), *ex->finished);
  }
}
