// The conformance suite's 2026-07-28 multi round-trip fixtures: tools and a prompt that answer
// input_required until the client's retry carries what they asked for (elicitation, sampling, the
// client's roots), some across rounds with sealed request state.
#include "mcp/fixtures.hpp"

namespace varlet::mcp {
namespace {

json::object elicit(std::string_view message, std::string_view field, std::string_view type) {
  json::object schema{{"type", "object"},
                      {"properties", json::object{{field, json::object{{"type", type}}}}},
                      {"required", json::array{field}}};
  json::object params{{"message", message}, {"requestedSchema", std::move(schema)}};
  return {{"method", "elicitation/create"}, {"params", std::move(params)}};
}

json::object sample(std::string_view question) {
  json::object message{{"role", "user"}, {"content", json::object{{"type", "text"}, {"text", question}}}};
  json::object params{{"messages", json::array{std::move(message)}}, {"maxTokens", 100}};
  return {{"method", "sampling/createMessage"}, {"params", std::move(params)}};
}

json::object list_roots() { return {{"method", "roots/list"}, {"params", json::object{}}}; }

json::object text_result(std::string text) {
  return {{"content", json::array{json::object{{"type", "text"}, {"text", std::move(text)}}}}};
}

// What the user entered in an accepted elicitation, or nothing (no answer, declined, cancelled).
const json::object* accepted(const json::object* answer) {
  if (!answer || get_string(*answer, "action").value_or("") != "accept") return nullptr;
  auto* content = answer->if_contains("content");
  return content ? content->if_object() : nullptr;
}

std::string field_text(const json::object* content, std::string_view field) {
  if (!content) return "";
  auto* v = content->if_contains(field);
  if (!v) return "";
  return v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
}

// A sampling answer's text, a roots answer's URIs.
std::string sampled_text(const json::object* answer) {
  auto* content = answer ? answer->if_contains("content") : nullptr;
  return content && content->is_object() ? field_text(&content->get_object(), "text") : "";
}

std::string roots_of(const json::object* answer) {
  std::string out;
  auto* roots = answer ? answer->if_contains("roots") : nullptr;
  if (roots && roots->is_array())
    for (auto& root : roots->get_array())
      if (root.is_object()) out += (out.empty() ? "" : ", ") + field_text(&root.get_object(), "uri");
  return out;
}

// The client's answer to input request `key` when it is an object (unanswered() refuses any other
// answer to a request it made).
const json::object* answer(const RequestContext& ctx, std::string_view key) {
  auto* value = ctx.input_response(key);
  return value ? value->if_object() : nullptr;
}

struct Need {
  std::string_view capability;
  std::string_view key;
  json::object request;
};

// The input requests of `needs` the client has not answered yet, or a missing capability.
std::variant<json::object, RpcError> unanswered(const RequestContext& ctx, const std::vector<Need>& needs) {
  json::object requests;
  for (const auto& need : needs) {
    if (!ctx.client_supports(need.capability)) return RpcError::missing_capability(need.capability);
    auto* value = ctx.input_response(need.key);
    if (value && !value->is_object())
      return RpcError::invalid_params("Invalid params: inputResponses." + std::string(need.key) +
                                      " must be an object (the result of the " +
                                      std::string(get_string(need.request, "method").value_or("")) + " it answers)");
    if (!value) requests[need.key] = need.request;
  }
  return requests;
}

// Answers input_required until every need is answered (and the state is back when one was given),
// then `done`.
template <typename Done>
void gather(const RequestContext& ctx, const std::vector<Need>& needs, std::optional<std::string> state,
            const Reply& reply, Done done) {
  auto open = unanswered(ctx, needs);
  if (auto* error = std::get_if<RpcError>(&open)) return reply(Outcome::fail(std::move(*error)));
  auto& requests = std::get<json::object>(open);
  bool state_back = !state || ctx.request_state() == state;
  if (!requests.empty() || !state_back) {
    if (requests.empty())  // answers without the state they belong to: ask again
      for (const auto& need : needs) requests[need.key] = need.request;
    return reply(ctx.input_required(std::move(requests), std::move(state)));
  }
  reply(Outcome::ok(done()));
}

}  // namespace

bool ConformanceFixtures::owns_input_required(std::string_view name) {
  return name.substr(0, 26) == "test_input_required_result" || name == "test_missing_capability" ||
         name == "test_streaming_elicitation";
}

void ConformanceFixtures::input_required_tool(const RequestContext& ctx, const std::string& name, Reply reply) {
  Need user_name{"elicitation", "user_name", elicit("What is your name?", "name", "string")};
  auto hello = [&ctx] { return text_result("Hello, " + field_text(accepted(answer(ctx, "user_name")), "name") + "!"); };
  if (name == "test_input_required_result_elicitation" || name == "test_streaming_elicitation")
    return gather(ctx, {user_name}, std::nullopt, reply, hello);
  Need capital{"sampling", "capital_question", sample("What is the capital of France?")};
  auto answered_capital = [&ctx] {
    return text_result("The model answered: " + sampled_text(answer(ctx, "capital_question")));
  };
  if (name == "test_input_required_result_sampling" || name == "test_missing_capability")
    return gather(ctx, {capital}, std::nullopt, reply, answered_capital);
  Need roots{"roots", "client_roots", list_roots()};
  if (name == "test_input_required_result_list_roots")
    return gather(ctx, {roots}, std::nullopt, reply,
                  [&ctx] { return text_result("The client's roots: " + roots_of(answer(ctx, "client_roots"))); });
  Need confirm{"elicitation", "confirm", elicit("Please confirm to continue", "ok", "boolean")};
  if (name == "test_input_required_result_request_state" || name == "test_input_required_result_tampered_state")
    return gather(ctx, {confirm}, name, reply, [&ctx] {
      return text_result("Confirmed: " + field_text(accepted(answer(ctx, "confirm")), "ok") +
                         " (state-ok: the request state came back intact)");
    });
  if (name == "test_input_required_result_multiple_inputs") {
    Need greeting{"sampling", "greeting", sample("Write a one-line greeting")};
    return gather(ctx, {user_name, greeting, roots}, name, reply, [&ctx] {
      return text_result("Name: " + field_text(accepted(answer(ctx, "user_name")), "name") +
                         "; greeting: " + sampled_text(answer(ctx, "greeting")) +
                         "; roots: " + roots_of(answer(ctx, "client_roots")));
    });
  }
  if (name == "test_input_required_result_multi_round") {
    Need step1{"elicitation", "step1", elicit("Step 1 of 2: what is your name?", "name", "string")};
    Need step2{"elicitation", "step2", elicit("Step 2 of 2: what is your favourite colour?", "colour", "string")};
    if (!ctx.client_supports("elicitation")) return reply(Outcome::fail(RpcError::missing_capability("elicitation")));
    auto& state = ctx.request_state();
    if (state && state->rfind("round-2:", 0) == 0)
      return gather(ctx, {step2}, *state, reply, [&ctx, &state] {
        return text_result("Round 3: " + state->substr(8) + " likes " +
                           field_text(accepted(answer(ctx, "step2")), "colour"));
      });
    if (state == std::optional<std::string>("round-1") && answer(ctx, "step1")) {
      auto first = field_text(accepted(answer(ctx, "step1")), "name");
      return reply(ctx.input_required(json::object{{"step2", step2.request}}, "round-2:" + first));
    }
    return reply(ctx.input_required(json::object{{"step1", step1.request}}, "round-1"));
  }
  // test_input_required_result_capabilities: asks for what the client declared, and only that.
  std::vector<Need> declared;
  for (auto* need : {&user_name, &capital, &roots})
    if (ctx.client_supports(need->capability)) declared.push_back(*need);
  if (declared.empty()) return reply(Outcome::fail(RpcError::missing_capability("elicitation")));
  gather(ctx, declared, std::nullopt, reply, [&declared] {
    return text_result("Answered " + std::to_string(declared.size()) + " input requests");
  });
}

void ConformanceFixtures::input_required_prompt(const RequestContext& ctx, Reply reply) {
  Need context{"elicitation", "user_context", elicit("What should the prompt be about?", "context", "string")};
  gather(ctx, {context}, std::nullopt, reply, [&ctx] {
    auto about = field_text(accepted(answer(ctx, "user_context")), "context");
    json::object message{{"role", "user"},
                         {"content", json::object{{"type", "text"}, {"text", "Write about: " + about}}}};
    return json::object{{"messages", json::array{std::move(message)}}};
  });
}

}  // namespace varlet::mcp
