#include "mcp/engine.hpp"

#include "mcp/era.hpp"
#include "mcp/listen.hpp"
#include "mcp/modern_result.hpp"
#include "mcp/schema.hpp"
#include "mcp/suggest.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>
#include <vector>

namespace varlet::mcp {
namespace {

// What a request's state is sealed to: the method, the tool, prompt or resource, and the arguments
// as sent (a retry repeats the request's params), so it cannot be replayed against other arguments.
// Made only when state is sealed or opened, not on every request.
std::string state_binding(const Message& request) {
  auto target = get_string(request.params, request.method == "resources/read" ? "uri" : "name");
  const auto* arguments = request.params.if_contains("arguments");
  return request.method + "\n" + std::string(target.value_or("")) + "\n" +
         (arguments ? json::serialize(*arguments) : std::string());
}

}  // namespace

// Collects the responses of one body and finishes the exchange when the last one is in.
class ResponseBatch {
public:
  ResponseBatch(std::shared_ptr<Exchange> exchange, bool is_batch) : exchange_(std::move(exchange)), is_batch_(is_batch) {}

  void expect() {
    std::lock_guard lock(mutex_);
    ++pending_;
  }
  // `reuse`: what a one-answer body repeats of a cached result kept with its gzip form.
  void add(std::string response, compression::Reuse reuse = {}) {
    {
      std::lock_guard lock(mutex_);
      hints_.reuse = std::move(reuse);
    }
    settle(std::move(response));
  }
  // A 2026-07-28 request refused for what it declared (its HTTP answer is a 400).
  void add_refusal(std::string response) {
    refused_ = true;
    settle(std::move(response));
  }
  // A 2026-07-28 answer with a cache hint, which HTTP mirrors when it is the body's only answer.
  void add_cacheable(std::string response, HttpCaching caching, compression::Reuse reuse = {}) {
    {
      std::lock_guard lock(mutex_);
      hints_.caching = std::move(caching);
      hints_.reuse = std::move(reuse);
    }
    settle(std::move(response));
  }
  void skip() { settle(std::nullopt); }
  void seal() {
    std::unique_lock lock(mutex_);
    sealed_ = true;
    finish_if_done(lock);
  }
  Exchange& exchange() { return *exchange_; }

private:
  void settle(std::optional<std::string> response) {
    std::unique_lock lock(mutex_);
    if (response) parts_.push_back(std::move(*response));
    --pending_;
    finish_if_done(lock);
  }

  void finish_if_done(std::unique_lock<std::mutex>& lock) {
    if (!sealed_ || pending_ > 0 || finished_) return;
    finished_ = true;
    std::string body;
    if (is_batch_ && !parts_.empty()) {
      body = "[";
      for (std::size_t i = 0; i < parts_.size(); ++i) body += (i ? "," : "") + parts_[i];
      body += "]";
    } else if (!parts_.empty()) {
      body = std::move(parts_.front());
    }
    lock.unlock();
    if (refused_ && !is_batch_) exchange_->finish_refused(std::move(body));
    else if ((hints_.caching || hints_.reuse) && !is_batch_) exchange_->finish_answer(std::move(body), std::move(hints_));
    else exchange_->finish(std::move(body));
  }

  std::shared_ptr<Exchange> exchange_;
  const bool is_batch_;
  std::mutex mutex_;
  std::vector<std::string> parts_;
  std::size_t pending_ = 0;
  bool sealed_ = false;
  bool finished_ = false;
  std::atomic<bool> refused_{false};
  AnswerHints hints_;  // set under mutex_, read once the batch is finished; for a body of one answer
};

struct RequestState {
  // Whose version, capabilities and log level the request is served with: the transport's session
  // (legacy), or one made from the request's own _meta (modern).
  std::shared_ptr<Session> session;
  std::shared_ptr<Session> connection;  // the transport's session: requests in flight, for cancellation
  std::shared_ptr<ResponseBatch> batch;
  json::value progress_token = nullptr;  // null: the client asked for no progress
  std::shared_ptr<CancelToken> cancel;
  std::string method;
  std::string name;  // tool or prompt
  std::string trace_id;  // from _meta.traceparent, for the request log
  std::shared_ptr<const ServerIdentity> modern_server;  // set when the request is modern
  // The request itself (its id answers it): its params outlive the handler's first call (an
  // input_required answer seals its state to them).
  Message request;
  // Multi round-trip requests (modern): the client's answers and the payload of the state it sent back.
  json::object input_responses;
  std::optional<std::string> request_state;
  std::chrono::steady_clock::time_point received;
  std::shared_ptr<const RequestObserver> observer;
  std::atomic<bool> answered{false};
  std::mutex progress_mutex;
  double last_progress = -std::numeric_limits<double>::infinity();

  void answer(Outcome outcome) {
    if (answered.exchange(true)) return;
    const auto& id = request.id;
    if (cancel) connection->finish_request(id);
    if (observer && *observer) {
      (*observer)(*session, method, name, outcome.error || outcome.tool_error, std::chrono::steady_clock::now() - received,
                  trace_id);
    }
    if (cancel && cancel->cancelled.load()) {
      batch->skip();  // a cancelled request gets no response
      return;
    }
    if (modern_server && outcome.error && outcome.error->code == ErrorCode::resource_not_found)
      outcome.error->code = ErrorCode::invalid_params;  // 2026-07-28 retired -32002; data {uri} stays
    // A result with its gzip form kept beside it: the answer says where it repeats the result.
    bool kept = outcome.spliceable && outcome.result && &outcome.spliceable->text() == outcome.result.get();
    if (modern_server && !outcome.error) {
      auto form = modern_form(outcome.result, method, modern_server, outcome.ttl_ms);
      compression::Reuse reuse;
      kept = kept && form.body == outcome.result;  // else the form rewrote it
      auto body = encode_modern_result(id, form, kept ? &reuse.spans : nullptr);
      if (kept) reuse.source = outcome.spliceable;
      if (!form.hint) return batch->add(std::move(body), std::move(reuse));
      HttpCaching caching{form.hint->ttl_ms / 1000, form.hint->scope == "public", std::move(form.etag)};
      return batch->add_cacheable(std::move(body), std::move(caching), std::move(reuse));
    }
    if (!outcome.error) {
      auto body = encode_result(id, *outcome.result);
      compression::Reuse reuse;
      if (kept) {
        auto size = outcome.result->size();
        reuse = {outcome.spliceable, {{body.size() - 1 - size, 0, size}}};  // before the closing brace
      }
      return batch->add(std::move(body), std::move(reuse));
    }
    auto code = outcome.error->code;
    bool refusal = modern_server && (code == ErrorCode::header_mismatch ||
                                          code == ErrorCode::missing_client_capability ||
                                          code == ErrorCode::unsupported_protocol_version);
    if (refusal) batch->add_refusal(encode_error(id, *outcome.error));
    else batch->add(encode_error(id, *outcome.error));
  }

  ~RequestState() {
    if (!answered.load())
      answer(Outcome::fail(RpcError::internal("The server dropped this request (a worker restarted); please retry")));
  }
};

// -- RequestContext

const Session& RequestContext::session() const { return *state_->session; }
const json::value& RequestContext::request_id() const { return state_->request.id; }
bool RequestContext::cancelled() const { return state_->cancel && state_->cancel->cancelled.load(); }
bool RequestContext::has_progress_token() const { return !state_->progress_token.is_null(); }

void RequestContext::progress(double progress, std::optional<double> total, std::string message) const {
  if (!has_progress_token() || cancelled() || state_->answered.load()) return;
  {
    std::lock_guard lock(state_->progress_mutex);
    if (progress <= state_->last_progress) return;
    state_->last_progress = progress;
  }
  auto number = [](double x) -> json::value {
    if (x == static_cast<double>(static_cast<std::int64_t>(x))) return static_cast<std::int64_t>(x);
    return x;
  };
  json::object params{{"progressToken", state_->progress_token}, {"progress", number(progress)}};
  if (total) params["total"] = number(*total);
  if (!message.empty()) params["message"] = std::move(message);
  state_->batch->exchange().send(encode_notification("notifications/progress", params));
}

void RequestContext::log(LogLevel level, std::string_view logger, json::value data) const {
  if (!state_->session->should_log(level) || cancelled()) return;
  json::object params{{"level", to_string(level)}, {"data", std::move(data)}};
  if (!logger.empty()) params["logger"] = logger;
  state_->batch->exchange().send(encode_notification("notifications/message", params));
}

void RequestContext::ask_client(std::string_view method, json::object params,
                                std::function<void(Outcome)> done) const {
  if (state_->modern_server) {
    done(Outcome::fail(RpcError::invalid_request("Protocol version 2026-07-28 has no server-to-client requests")));
    return;
  }
  std::string_view capability = method.substr(0, method.find('/'));
  if (capability == "sampling" || capability == "elicitation" || capability == "roots") {
    if (!state_->session->client_supports(capability)) {
      done(Outcome::fail(RpcError::invalid_request("The client did not declare the " + std::string(capability) +
                                                   " capability")));
      return;
    }
  }
  auto id = state_->session->next_server_request_id();
  state_->session->expect_response(id, [done = std::move(done)](const Message& response) {
    if (response.error) done(Outcome::fail(*response.error));
    else done(Outcome::ok(response.result));
  });
  state_->batch->exchange().send(encode_request(id, method, params));
}

void RequestContext::release_connection() const { state_->batch->exchange().release_connection(); }

void RequestContext::note_built() const { state_->batch->exchange().answer_was_built(); }

bool RequestContext::modern() const { return state_->modern_server != nullptr; }

bool RequestContext::client_supports(std::string_view capability) const {
  return state_->session->client_supports(capability);
}

const json::value* RequestContext::input_response(std::string_view key) const {
  return state_->input_responses.if_contains(key);
}

const std::optional<std::string>& RequestContext::request_state() const { return state_->request_state; }

Outcome RequestContext::input_required(json::object requests, std::optional<std::string> state) const {
  if (!modern())
    return Outcome::fail(RpcError::invalid_request(
        "Invalid Request: this asks the client for input the 2026-07-28 way (an input_required result); call it "
        "with protocol version 2026-07-28"));
  json::object result{{"resultType", "input_required"}};
  if (!requests.empty()) result["inputRequests"] = std::move(requests);
  if (state) {
    constexpr auto lifetime = std::chrono::minutes(10);
    result["requestState"] = StateSeal::of_process().seal(state_binding(state_->request), *state, StateSeal::Clock::now() + lifetime);
  }
  return Outcome::ok(result);
}

// -- helpers

json::object tool_result(std::string text, std::optional<json::value> structured, bool is_error) {
  json::object r{{"content", json::array{json::object{{"type", "text"}, {"text", std::move(text)}}}}};
  if (structured) r["structuredContent"] = std::move(*structured);
  if (is_error) r["isError"] = true;
  return r;
}

namespace {

const json::value empty_object_value = json::object{};
const SharedJson empty_result = std::make_shared<const std::string>("{}");

std::optional<std::string_view> optional_cursor(const json::object& params, RpcError& error) {
  auto* c = params.if_contains("cursor");
  if (!c || c->is_null()) return std::nullopt;
  if (!c->is_string()) {
    error = RpcError::invalid_params("Invalid params: cursor must be a string");
    return std::nullopt;
  }
  return std::string_view(c->get_string());
}

Outcome from_list(const std::variant<Registry::Page, RpcError>& listed) {
  auto* page = std::get_if<Registry::Page>(&listed);
  if (!page) return Outcome::fail(std::get<RpcError>(listed));
  auto outcome = Outcome::ok(page->json);
  outcome.spliceable = page->gzip;
  return outcome;
}

std::optional<std::map<std::string, std::string>> string_map(const json::value* v, std::string_view what,
                                                              RpcError& error) {
  std::map<std::string, std::string> out;
  if (!v || v->is_null()) return out;
  if (!v->is_object()) {
    error = RpcError::invalid_params("Invalid params: " + std::string(what) + " must be an object");
    return std::nullopt;
  }
  for (auto& kv : v->get_object()) {
    if (!kv.value().is_string()) {
      error = RpcError::invalid_params("Invalid params: " + std::string(what) + "." + std::string(kv.key()) +
                                       " must be a string");
      return std::nullopt;
    }
    out[std::string(kv.key())] = std::string(kv.value().get_string());
  }
  return out;
}

bool is_async_method(std::string_view m) {
  return m == "tools/call" || m == "resources/read" || m == "resources/subscribe" || m == "prompts/get" ||
         m == "completion/complete" || m == "subscriptions/listen";
}

constexpr std::string_view other_label = "other";

std::optional<RpcError> too_long_value(std::string_view value, std::size_t max, const std::string& what) {
  if (value.size() <= max) return std::nullopt;
  return RpcError::invalid_params("Invalid params: " + what + " is " + std::to_string(value.size()) +
                                  " bytes, more than the " + std::to_string(max) + " it may have");
}

bool is_known_method(std::string_view m) {
  static constexpr std::string_view known[] = {
      "initialize",     "ping",           "logging/setLevel",         "tools/list",          "tools/call",
      "resources/list", "resources/read", "resources/templates/list", "resources/subscribe", "resources/unsubscribe",
      "prompts/list",   "prompts/get",    "completion/complete",      "server/discover",     "subscriptions/listen"};
  return std::find(std::begin(known), std::end(known), m) != std::end(known);
}

bool completes(const Registry& registry, const json::object& ref, std::string_view type, std::string_view argument) {
  if (type == "ref/prompt") {
    const auto* prompt = registry.find_prompt(get_string(ref, "name").value_or(""));
    return prompt && std::any_of(prompt->arguments.begin(), prompt->arguments.end(),
                                 [&](const PromptArgument& a) { return a.name == argument; });
  }
  auto uri = get_string(ref, "uri").value_or("");
  return registry.find_template(uri) || registry.find_resource(uri);
}

}  // namespace

// -- Engine

Engine::Engine(ServerInfo info, std::shared_ptr<const Registry> registry, Application& app, EngineLimits limits)
    : info_(std::move(info)), limits_(limits), registry_(std::move(registry)), app_(app) {
  json::object server_info{{"name", info_.name}, {"title", info_.title}, {"version", info_.version}};
  if (!info_.website_url.empty()) server_info["websiteUrl"] = info_.website_url;
  server_ = std::make_shared<const ServerIdentity>(std::move(server_info));
}

std::pair<std::string, std::string> Engine::labels(const Message& msg) const {
  if (!is_known_method(msg.method)) return {std::string(other_label), ""};
  std::string name;
  if (auto n = get_string(msg.params, "name")) {
    bool known = (msg.method == "tools/call" && n->size() <= limits_.max_name_bytes && registry_->find_tool(*n)) ||
                 (msg.method == "prompts/get" && n->size() <= limits_.max_name_bytes && registry_->find_prompt(*n));
    name = known ? std::string(*n) : std::string(other_label);
  }
  return {msg.method, std::move(name)};
}

std::optional<RpcError> Engine::too_long(const std::map<std::string, std::string>& values, std::string_view what) const {
  for (const auto& [name, value] : values)
    if (auto refusal = too_long_value(value, limits_.max_argument_bytes, std::string(what) + "." + excerpt(name, 64)))
      return refusal;
  return std::nullopt;
}

json::object Engine::capabilities() const {
  json::object caps{{"logging", json::object{}}};
  if (info_.completions) caps["completions"] = json::object{};
  if (registry_->has_tools()) caps["tools"] = json::object{{"listChanged", false}};
  // Legacy clients subscribe with resources/subscribe, modern ones with subscriptions/listen.
  if (registry_->has_resources()) caps["resources"] = json::object{{"subscribe", true}, {"listChanged", true}};
  if (registry_->has_prompts()) caps["prompts"] = json::object{{"listChanged", false}};
  return caps;
}

void Engine::handle(const std::shared_ptr<Session>& session, Envelope&& envelope,
                    const std::shared_ptr<Exchange>& exchange, std::chrono::steady_clock::time_point received) {
  if (envelope.batch) {
    std::optional<RpcError> refusal;
    for (auto& d : envelope.messages)
      if (auto* m = std::get_if<Message>(&d); m && m->method == "initialize")
        refusal = RpcError::invalid_request("Invalid Request: initialize must not be part of a batch");
    if (!refusal && session->initialized() && !protocol_allows_batches(session->protocol_version()))
      refusal = RpcError::invalid_request("Invalid Request: batches are not part of protocol version " +
                                          session->protocol_version());
    if (refusal) {
      exchange->finish(encode_error(nullptr, *refusal));
      return;
    }
  }
  auto batch = std::make_shared<ResponseBatch>(exchange, envelope.batch);
  for (auto& decoded : envelope.messages) {
    if (auto* bad = std::get_if<BadMessage>(&decoded)) {
      batch->expect();
      batch->add(encode_error(bad->id, bad->error));
    } else {
      handle_message(session, std::move(std::get<Message>(decoded)), batch, received);
    }
  }
  batch->seal();
}

void Engine::handle_message(const std::shared_ptr<Session>& session, Message&& msg,
                            const std::shared_ptr<ResponseBatch>& batch,
                            std::chrono::steady_clock::time_point received) {
  switch (msg.kind) {
    case MessageKind::notification:
      handle_notification(*session, msg);
      return;
    case MessageKind::response:
      if (auto handler = session->take_response_handler(msg.id)) handler(msg);
      return;
    case MessageKind::request:
      break;
  }
  batch->expect();
  auto state = std::make_shared<RequestState>();
  state->session = session;
  state->connection = session;
  state->batch = batch;
  state->request = std::move(msg);
  const auto& request = state->request;
  std::tie(state->method, state->name) = labels(request);
  state->received = received;
  state->observer = observer_;
  if (auto* meta = request.params.if_contains("_meta"); meta && meta->is_object()) {
    if (auto* token = meta->get_object().if_contains("progressToken"); token && (token->is_string() || token->is_number()))
      state->progress_token = *token;
    state->trace_id = trace_id_of(meta->get_object());
  }
  handle_request(state);
}

void Engine::handle_notification(Session& session, const Message& msg) {
  if (msg.method == "notifications/cancelled") {
    if (auto* id = msg.params.if_contains("requestId"); id && (id->is_string() || id->is_number())) {
      session.cancel_request(*id);
      if (auto listeners = session.listeners()) listeners->remove_request(*id);
    }
  }
  // notifications/initialized needs no action: the session is usable once initialize succeeded.
  // Unknown notifications are ignored, as JSON-RPC requires.
}

void Engine::handle_request(const std::shared_ptr<RequestState>& state) {
  const Message& msg = state->request;
  if (has_modern_meta(msg.params)) {
    if (!begin_modern(state, msg) || !take_input(state, msg)) return;
  } else if (msg.method != "initialize" && msg.method != "ping" && !state->session->initialized()) {
    state->answer(Outcome::fail(RpcError::invalid_request(
        "Invalid Request: the session is not initialized; send initialize first")));
    return;
  }
  Session& session = *state->session;
  if (auto sync = handle_sync(session, msg)) {
    state->answer(std::move(*sync));
    return;
  }
  if (!is_async_method(msg.method)) {
    state->answer(Outcome::fail(RpcError::method_not_found(msg.method)));
    return;
  }
  state->cancel = state->connection->track_request(msg.id);
  if (msg.method == "tools/call") call_tool(state, msg.params);
  else if (msg.method == "resources/read") read_resource(state, msg.params);
  else if (msg.method == "resources/subscribe") subscribe(state, msg.params);
  else if (msg.method == "subscriptions/listen") listen(state, msg.params);
  else if (msg.method == "prompts/get") get_prompt(state, msg.params);
  else complete(state, msg.params);
}

std::optional<Outcome> Engine::handle_sync(Session& session, const Message& msg) {
  const auto& m = msg.method;
  const auto& params = msg.params;
  if (m == "initialize") return initialize(session, params);
  if (m == "ping") return Outcome::ok(empty_result);
  if (m == "logging/setLevel") {
    auto name = get_string(params, "level");
    auto level = name ? parse_log_level(*name) : std::nullopt;
    if (!level)
      return Outcome::fail(RpcError::invalid_params(
          "Invalid params: level must be one of debug, info, notice, warning, error, critical, alert, emergency"));
    session.set_log_level(*level);
    return Outcome::ok(empty_result);
  }
  bool tools = registry_->has_tools(), resources = registry_->has_resources(), prompts = registry_->has_prompts();
  if ((m == "tools/list" && tools) || (m == "resources/list" && resources) ||
      (m == "resources/templates/list" && resources) || (m == "prompts/list" && prompts)) {
    RpcError error;
    auto cursor = optional_cursor(params, error);
    if (!error.message.empty()) return Outcome::fail(error);
    if (m == "tools/list") return from_list(registry_->list_tools(cursor));
    if (m == "resources/list") return from_list(registry_->list_resources(cursor));
    if (m == "prompts/list") return from_list(registry_->list_prompts(cursor));
    return from_list(registry_->list_resource_templates(cursor));
  }
  if (m == "resources/unsubscribe" && resources) {
    auto uri = get_string(params, "uri");
    if (!uri) return Outcome::fail(RpcError::invalid_params("Invalid params: uri must be a string"));
    session.unsubscribe(std::string(*uri));
    return Outcome::ok(empty_result);
  }
  bool declared = (m == "tools/call" && tools) || (m == "resources/read" && resources) ||
                  (m == "resources/subscribe" && resources) || (m == "prompts/get" && prompts) ||
                  (m == "completion/complete" && info_.completions) ||
                  (m == "subscriptions/listen" && has_modern_meta(params));
  if (!declared) return Outcome::fail(RpcError::method_not_found(m));
  return std::nullopt;
}

// Subscriptions are state a client makes the server hold: only to resources the server has (a
// template's variables must name something, which the application says), and at most
// max_subscriptions per session.
void Engine::subscribe(const std::shared_ptr<RequestState>& state, const json::object& params) {
  auto uri = get_string(params, "uri");
  if (!uri) return state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: uri must be a string")));
  if (uri->size() > limits_.max_uri_bytes)
    return state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: uri is longer than " +
                                                                std::to_string(limits_.max_uri_bytes) + " bytes")));
  auto hold = [state, max = limits_.max_subscriptions](std::string u) {
    if (!state->session->subscribe(std::move(u), max))
      return state->answer(Outcome::fail(RpcError::invalid_params(
          "Invalid params: this session already holds " + std::to_string(max) +
          " subscriptions, the most one session may (mcp.max-subscriptions); unsubscribe from some first")));
    state->answer(Outcome::ok(empty_result));
  };
  std::string u(*uri);
  if (registry_->find_resource(u)) return hold(std::move(u));
  auto match = registry_->match_resource(u);
  if (!match) return state->answer(Outcome::fail(RpcError::resource_not_found(u)));
  app_.resource_exists(RequestContext(state), u, *match, [state, u, hold](bool exists) {
    if (!exists) return state->answer(Outcome::fail(RpcError::resource_not_found(u)));
    hold(u);
  });
}

void Engine::listen(const std::shared_ptr<RequestState>& state, const json::object& params) {
  auto listeners = state->connection->listeners();
  if (!listeners) return state->answer(Outcome::fail(RpcError::method_not_found("subscriptions/listen")));
  auto refuse = [&](std::string why) { state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: " + why))); };
  auto* requested = params.if_contains("notifications");
  if (!requested || !requested->is_object())
    return refuse("notifications must be an object {toolsListChanged?, promptsListChanged?, resourcesListChanged?, "
                  "resourceSubscriptions?}");
  const auto& asked = requested->get_object();
  ListenFilter filter;
  // Only what this server sends: its tool and prompt lists never change while it runs.
  auto* list_changed = asked.if_contains("resourcesListChanged");
  filter.resources_list_changed = registry_->has_resources() && list_changed && *list_changed == true;
  if (auto* uris = asked.if_contains("resourceSubscriptions"); uris && !uris->is_null()) {
    if (!uris->is_array()) return refuse("notifications.resourceSubscriptions must be an array of resource URIs");
    if (uris->get_array().size() > limits_.max_subscriptions)
      return refuse("notifications.resourceSubscriptions names " + std::to_string(uris->get_array().size()) +
                    " resources, more than the " + std::to_string(limits_.max_subscriptions) +
                    " one listen may (mcp.max-subscriptions)");
    for (const auto& uri : uris->get_array()) {
      if (!uri.is_string()) return refuse("notifications.resourceSubscriptions must hold strings");
      std::string u(uri.get_string());
      if (auto refusal = too_long_value(u, limits_.max_uri_bytes, "a resource URI"))
        return state->answer(Outcome::fail(*refusal));
      // The acknowledgment leaves out what this server does not have.
      if (registry_->find_resource(u) || registry_->match_resource(u)) filter.resources.insert(std::move(u));
    }
  }
  auto listener = std::make_shared<Listener>(
      state->request.id, std::move(filter), [state](std::string message) { state->batch->exchange().send(std::move(message)); },
      [state](json::object result) { state->answer(Outcome::ok(result)); });
  // The registry holds the listener, which holds its request through its functions: a removal
  // (close, cancel, shutdown) ends both.
  if (!listeners->add(listener))
    return refuse("this transport holds as many open listens as it may (half its in-flight slots), or it is "
                  "stopping; close one first");
  listener->acknowledge();
  state->batch->exchange().when_closed([cancel = state->cancel, listeners, weak_listener = std::weak_ptr<Listener>(listener)] {
    cancel->cancelled = true;  // the client is gone: no answer
    if (auto gone = weak_listener.lock()) listeners->remove(gone.get());
  });
}

bool Engine::begin_modern(const std::shared_ptr<RequestState>& state, const Message& msg) {
  if (!state->connection->serves_one_request()) {  // else the transport checked it and made its session
    auto checked = check_modern_request(msg, std::nullopt);
    if (auto* error = std::get_if<RpcError>(&checked)) {
      state->answer(Outcome::fail(std::move(*error)));
      return false;
    }
    const auto& connection = *state->connection;
    state->session = request_session(connection.id(), connection.transport(), connection.client(), std::get<RequestMeta>(checked));
  }
  state->modern_server = server_;
  if (msg.method != "server/discover") return true;
  state->answer(discover());
  return false;
}

bool Engine::take_input(const std::shared_ptr<RequestState>& state, const Message& msg) const {
  if (msg.method != "tools/call" && msg.method != "prompts/get" && msg.method != "resources/read") return true;
  auto refuse = [&](std::string why) {
    state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: " + std::move(why))));
    return false;
  };
  if (auto* answers = msg.params.if_contains("inputResponses")) {
    // Keys the handler did not ask for are ignored; it checks the answers it reads.
    if (!answers->is_object()) return refuse("inputResponses must be an object of the client's answers by key");
    state->input_responses = answers->get_object();
  }
  auto* sent = msg.params.if_contains("requestState");
  if (!sent || sent->is_null()) return true;
  auto opened = sent->is_string() ? StateSeal::of_process().open(state_binding(msg), sent->get_string(), StateSeal::Clock::now())
                                  : std::nullopt;
  if (!opened)
    return refuse("requestState is not one this server issued for this request, or it expired; send the request again "
                  "without it");
  state->request_state = std::move(opened);
  return true;
}

Outcome Engine::discover() const {
  json::array versions;
  for (auto v : modern_protocol_versions) versions.emplace_back(v);
  json::object result{{"supportedVersions", std::move(versions)}, {"capabilities", capabilities()}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  return Outcome::ok(result);
}

Outcome Engine::initialize(Session& session, const json::object& params) {
  auto requested = get_string(params, "protocolVersion");
  if (!requested) return Outcome::fail(RpcError::invalid_params("Invalid params: protocolVersion must be a string"));
  json::object client_caps;
  if (auto* cc = params.if_contains("capabilities"); cc && cc->is_object()) client_caps = cc->get_object();
  std::string version(negotiate_protocol_version(*requested));
  if (!session.begin(version, std::move(client_caps)))
    return Outcome::fail(RpcError::invalid_request("Invalid Request: the session is already initialized"));
  json::object result{{"protocolVersion", version}, {"capabilities", capabilities()}, {"serverInfo", server_->info}};
  if (!info_.instructions.empty()) result["instructions"] = info_.instructions;
  return Outcome::ok(result);
}

namespace {
Reply reply_to(const std::shared_ptr<RequestState>& state) {
  return [state](Outcome o) { state->answer(std::move(o)); };
}
}  // namespace

void Engine::call_tool(const std::shared_ptr<RequestState>& state, const json::object& params) {
  auto name = get_string(params, "name");
  if (!name) {
    state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: name must be a string naming a tool")));
    return;
  }
  const ToolSpec* tool = name->size() <= limits_.max_name_bytes ? registry_->find_tool(*name) : nullptr;
  if (!tool) {
    std::vector<std::string> names;
    for (const auto& t : registry_->tools()) names.push_back(t.name);
    auto close = closest_matches(*name, names, 3);
    std::string msg = "Unknown tool: " + excerpt(*name);
    if (!close.empty()) {
      msg += ". Did you mean ";
      for (std::size_t i = 0; i < close.size(); ++i) msg += (i ? ", " : "") + close[i];
      msg += "?";
    }
    state->answer(Outcome::fail(RpcError::invalid_params(msg)));
    return;
  }
  json::object arguments;
  if (auto* a = params.if_contains("arguments"); a && !a->is_null()) {
    if (!a->is_object()) {
      state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: arguments must be an object")));
      return;
    }
    arguments = a->get_object();
  }
  if (auto violation = validate(arguments, tool->input_schema)) {
    state->answer(Outcome::ok(tool_result(violation->message() + " (tool " + tool->name + ")", std::nullopt, true)));
    return;
  }
  app_.call_tool(RequestContext(state), *tool, std::move(arguments), reply_to(state));
}

void Engine::read_resource(const std::shared_ptr<RequestState>& state, const json::object& params) {
  auto uri = get_string(params, "uri");
  if (!uri) {
    state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: uri must be a string")));
    return;
  }
  if (uri->size() > limits_.max_uri_bytes) {
    state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: uri is longer than " +
                                                         std::to_string(limits_.max_uri_bytes) + " bytes")));
    return;
  }
  std::string u(*uri);
  if (registry_->find_resource(u)) {
    app_.read_resource(RequestContext(state), u, std::nullopt, reply_to(state));
    return;
  }
  auto match = registry_->match_resource(u);
  if (!match) {
    state->answer(Outcome::fail(RpcError::resource_not_found(u)));
    return;
  }
  app_.read_resource(RequestContext(state), u, match, reply_to(state));
}

void Engine::get_prompt(const std::shared_ptr<RequestState>& state, const json::object& params) {
  auto name = get_string(params, "name");
  const PromptSpec* prompt = name && name->size() <= limits_.max_name_bytes ? registry_->find_prompt(*name) : nullptr;
  if (!prompt) {
    state->answer(Outcome::fail(RpcError::invalid_params(
        name ? "Invalid params: unknown prompt " + excerpt(*name) : "Invalid params: name must be a string")));
    return;
  }
  RpcError error;
  auto args = string_map(params.if_contains("arguments"), "arguments", error);
  if (!args) {
    state->answer(Outcome::fail(error));
    return;
  }
  if (auto refusal = too_long(*args, "arguments")) {
    state->answer(Outcome::fail(*refusal));
    return;
  }
  for (const auto& a : prompt->arguments) {
    if (a.required && !args->count(a.name)) {
      state->answer(Outcome::fail(RpcError::invalid_params("Invalid params: prompt " + prompt->name +
                                                           " needs the argument " + a.name)));
      return;
    }
  }
  app_.get_prompt(RequestContext(state), *prompt, std::move(*args), reply_to(state));
}

void Engine::complete(const std::shared_ptr<RequestState>& state, const json::object& params) {
  auto* ref = params.if_contains("ref");
  auto* argument = params.if_contains("argument");
  std::optional<std::string_view> arg_name, arg_value, ref_type;
  if (argument && argument->is_object()) {
    arg_name = get_string(argument->get_object(), "name");
    arg_value = get_string(argument->get_object(), "value");
  }
  if (ref && ref->is_object()) ref_type = get_string(ref->get_object(), "type");
  if (!ref_type || (*ref_type != "ref/prompt" && *ref_type != "ref/resource") || !arg_name || !arg_value) {
    state->answer(Outcome::fail(RpcError::invalid_params(
        "Invalid params: completion/complete needs ref {type: ref/prompt|ref/resource} and argument {name, value}")));
    return;
  }
  auto ref_id = get_string(ref->get_object(), *ref_type == "ref/prompt" ? "name" : "uri").value_or("");
  auto refusal = too_long_value(ref_id, limits_.max_uri_bytes, "ref");
  if (!refusal) refusal = too_long_value(*arg_name, limits_.max_argument_bytes, "argument.name");
  if (!refusal) refusal = too_long_value(*arg_value, limits_.max_argument_bytes, "argument.value");
  if (refusal) {
    state->answer(Outcome::fail(*refusal));
    return;
  }
  // A ref this server does not have, or an argument its prompt does not take, has no values
  // (an empty answer rather than an error, as clients probe completion with names of their own).
  if (!completes(*registry_, ref->get_object(), *ref_type, *arg_name)) {
    state->answer(Outcome::ok(json::object{
        {"completion", json::object{{"values", json::array{}}, {"total", 0}, {"hasMore", false}}}}));
    return;
  }
  RpcError error;
  const json::value* context_args = nullptr;
  if (auto* ctx = params.if_contains("context"); ctx && ctx->is_object())
    context_args = ctx->get_object().if_contains("arguments");
  auto context = string_map(context_args, "context.arguments", error);
  if (!context) {
    state->answer(Outcome::fail(error));
    return;
  }
  if (auto refusal = too_long(*context, "context.arguments")) {
    state->answer(Outcome::fail(*refusal));
    return;
  }
  app_.complete(RequestContext(state), ref->get_object(), std::string(*arg_name), std::string(*arg_value), *context,
                reply_to(state));
}

}  // namespace varlet::mcp
