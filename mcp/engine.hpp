#pragma once
// The protocol engine: JSON-RPC dispatch, lifecycle, capabilities, listing, validation, logging,
// progress and cancellation. Pure code: the application behind it answers asynchronously through
// a Reply, and the transports carry bytes through an Exchange.
#include "mcp/errors.hpp"
#include "mcp/exchange.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/modern_result.hpp"
#include "mcp/registry.hpp"
#include "mcp/session.hpp"
#include "mcp/state_seal.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace varlet::mcp {

// A result (serialized, shared) or an error.
struct Outcome {
  SharedJson result;
  std::optional<RpcError> error;
  bool tool_error = false;  // a tools/call result with "isError": true, which the metrics count as failed
  // How long the answer stays true in ms, when known: for good about a concrete version, what is
  // left of a tag's resolution over a tag (the cache hint of a modern result).
  std::optional<std::int64_t> ttl_ms = std::nullopt;
  // The gzip form the cache keeps beside `result` (a rendered answer served from the cache), which an
  // HTTP answer splices in; only ever set with the very result it was made from.
  std::shared_ptr<const compression::Spliceable> spliceable = nullptr;

  static Outcome ok(SharedJson json, bool tool_error = false) { return {std::move(json), std::nullopt, tool_error}; }
  static Outcome ok(const json::value& v) {
    const auto* flag = v.is_object() ? v.get_object().if_contains("isError") : nullptr;
    return ok(std::make_shared<const std::string>(json::serialize(v)), flag && *flag == true);
  }
  static Outcome fail(RpcError e) { return {nullptr, std::move(e)}; }
};

// Called exactly once with the outcome. A Reply dropped without being called answers the client
// with an internal error, so no request is ever left hanging.
using Reply = std::function<void(Outcome)>;

struct RequestState;
class ResponseBatch;

// What a handler may do while it works on a request.
class RequestContext {
public:
  explicit RequestContext(std::shared_ptr<RequestState> state) : state_(std::move(state)) {}

  const Session& session() const;
  const json::value& request_id() const;
  bool cancelled() const;
  bool has_progress_token() const;
  // Sends notifications/progress when the client asked for it; ignores non-increasing values.
  void progress(double progress, std::optional<double> total = std::nullopt, std::string message = {}) const;
  // Sends notifications/message when the session's level lets it through.
  void log(LogLevel level, std::string_view logger, json::value data) const;
  // Sends a request to the client (sampling/createMessage, elicitation/create, roots/list) when
  // the client declared the matching capability; `done` gets its response or an error.
  void ask_client(std::string_view method, json::object params, std::function<void(Outcome)> done) const;
  // Lets the transport drop this request's stream connection; the client resumes it later.
  void release_connection() const;
  // Tells the transport the answer is being built, not served from the cache (it costs more).
  void note_built() const;

  // 2026-07-28 multi round-trip requests (tools/call, prompts/get, resources/read): the server
  // answers input_required with what it needs from the client, and the client retries the same
  // request with its answers in inputResponses and the requestState it was given.
  bool modern() const;
  // Whether the client declared a capability (e.g. "elicitation"), in this request's _meta or
  // the session's initialize.
  bool client_supports(std::string_view capability) const;
  // The client's answer to the input request `key`, as sent (an object unless it is malformed).
  const json::value* input_response(std::string_view key) const;
  // The payload of the requestState the client sent back, already checked to be what this server
  // sealed, within ten minutes, for the same method, tool, prompt or resource and arguments (it is
  // not single-use: a handler that must not repeat an effect keeps its own record); nothing when
  // it sent none.
  const std::optional<std::string>& request_state() const;
  // An input_required result: `requests` maps keys to {method, params} input requests; `state` is
  // sealed for this request and comes back through request_state().
  Outcome input_required(json::object requests, std::optional<std::string> state = std::nullopt) const;

private:
  std::shared_ptr<RequestState> state_;
};

class Application {
public:
  virtual ~Application() = default;
  virtual void call_tool(const RequestContext& ctx, const ToolSpec& tool, json::object arguments, Reply reply) = 0;
  // `match` is the template the uri matched with its variables, or nothing for a listed resource.
  virtual void read_resource(const RequestContext& ctx, const std::string& uri,
                             const std::optional<std::pair<const ResourceTemplateSpec*,
                                                           std::map<std::string, std::string>>>& match,
                             Reply reply) = 0;
  virtual void get_prompt(const RequestContext& ctx, const PromptSpec& prompt,
                          std::map<std::string, std::string> arguments, Reply reply) = 0;
  // Whether a URI that matched a template names something (resources/subscribe holds state only
  // for real resources); `done` is called once.
  virtual void resource_exists(const RequestContext& ctx, const std::string& uri,
                               const std::pair<const ResourceTemplateSpec*, std::map<std::string, std::string>>& match,
                               std::function<void(bool)> done) = 0;
  // ref is {type: ref/prompt, name} or {type: ref/resource, uri}; context holds already-chosen arguments.
  virtual void complete(const RequestContext& ctx, const json::object& ref, const std::string& argument,
                        const std::string& value, const std::map<std::string, std::string>& context,
                        Reply reply) = 0;
};

struct ServerInfo {
  std::string name;
  std::string title;
  std::string version;
  std::string website_url;
  std::string instructions;
  bool completions = true;  // whether the application answers completion/complete
};

// What one client may make the engine handle or hold. Longer names, URIs and argument values are
// refused with -32602 before any lookup, so no suggestion or match ever runs over megabytes.
struct EngineLimits {
  std::size_t max_name_bytes = 128;       // tool and prompt names
  std::size_t max_uri_bytes = 2048;       // resources/read, subscribe, completion refs
  std::size_t max_argument_bytes = 1024;  // prompt arguments and completion values
  std::size_t max_subscriptions = 1000;   // per session
};

// Told about every answered request: its session, method and tool or prompt name as metric labels
// (a method or name the server does not have is "other", so clients cannot mint labels), whether
// it failed (an error or an isError result), how long it took since it was received, and the
// trace id the client sent in _meta.traceparent (empty when none).
using RequestObserver = std::function<void(const Session& session, std::string_view method, std::string_view name,
                                           bool failed, std::chrono::nanoseconds took, std::string_view trace_id)>;

class Engine {
public:
  Engine(ServerInfo info, std::shared_ptr<const Registry> registry, Application& app, EngineLimits limits = {});

  void set_observer(RequestObserver observer) {
    observer_ = std::make_shared<const RequestObserver>(std::move(observer));
  }

  // Handles one body, already decoded. The exchange gets every response through finish().
  void handle(const std::shared_ptr<Session>& session, Envelope&& envelope,
              const std::shared_ptr<Exchange>& exchange,
              std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now());
  void handle(const std::shared_ptr<Session>& session, std::string_view body,
              const std::shared_ptr<Exchange>& exchange) {
    handle(session, decode_body(body), exchange);
  }

  // The capabilities initialize (legacy) and server/discover (modern) declare.
  json::object capabilities() const;
  const Registry& registry() const { return *registry_; }

private:
  void handle_message(const std::shared_ptr<Session>& session, Message&& msg,
                      const std::shared_ptr<ResponseBatch>& batch, std::chrono::steady_clock::time_point received);
  void handle_notification(Session& session, const Message& msg);
  void handle_request(const std::shared_ptr<RequestState>& state);
  // Checks a 2026-07-28 request and serves it with what its _meta says about the client; false
  // when it was answered (an error, or server/discover).
  bool begin_modern(const std::shared_ptr<RequestState>& state, const Message& msg);
  std::optional<Outcome> handle_sync(Session& session, const Message& msg);
  void call_tool(const std::shared_ptr<RequestState>& state, const json::object& params);
  void read_resource(const std::shared_ptr<RequestState>& state, const json::object& params);
  void get_prompt(const std::shared_ptr<RequestState>& state, const json::object& params);
  void complete(const std::shared_ptr<RequestState>& state, const json::object& params);
  Outcome initialize(Session& session, const json::object& params);
  Outcome discover() const;
  void subscribe(const std::shared_ptr<RequestState>& state, const json::object& params);
  // subscriptions/listen (modern): acknowledges, then streams until the client goes away.
  void listen(const std::shared_ptr<RequestState>& state, const json::object& params);
  std::optional<RpcError> too_long(const std::map<std::string, std::string>& values, std::string_view what) const;
  // The metric labels of a request: its method and tool or prompt name, "other" when unknown.
  std::pair<std::string, std::string> labels(const Message& msg) const;

  // Reads inputResponses and requestState of a modern request that may be a retry; false when it
  // was answered with -32602 (malformed answers, or state this server did not seal for it).
  bool take_input(const std::shared_ptr<RequestState>& state, const Message& msg) const;

  ServerInfo info_;
  std::shared_ptr<const ServerIdentity> server_;
  EngineLimits limits_;
  std::shared_ptr<const Registry> registry_;
  Application& app_;
  std::shared_ptr<const RequestObserver> observer_;  // shared: requests may outlive the engine
};

// A tool result: {content: [{type: text, text}], structuredContent?, isError?}.
json::object tool_result(std::string text, std::optional<json::value> structured = std::nullopt,
                         bool is_error = false);

}  // namespace varlet::mcp
