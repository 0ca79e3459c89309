#pragma once
// The protocol state of one client session, shared by the transport that owns it and the
// dispatchers that serve it; every member is safe to use from several threads.
#include "mcp/json.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/protocol.hpp"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace varlet::mcp {

class Listeners;

// Where messages that belong to no request go: the standalone SSE stream, or stdout.
class Outbox {
public:
  virtual ~Outbox() = default;
  virtual void send(std::string message) = 0;
};

struct CancelToken {
  std::atomic<bool> cancelled{false};
};

class Session {
public:
  using ResponseHandler = std::function<void(const Message& response)>;

  explicit Session(std::string id = {}, std::string transport = "stdio", std::string client = {})
      : id_(std::move(id)), transport_(std::move(transport)), client_(std::move(client)) {}

  const std::string& id() const { return id_; }
  // The transport that carries this session ("stdio", "http"), for metrics.
  const std::string& transport() const { return transport_; }
  // Who the transport says the client is (an API key's name, or the peer address; empty over
  // stdio), for the request log.
  const std::string& client() const { return client_; }

  // -- lifecycle
  // Records the initialize request; false when the session was already initialized.
  bool begin(std::string protocol_version, json::object client_capabilities);
  // Begins a session that serves one modern (2026-07-28) request, made from that request's _meta by
  // whoever checked it (the HTTP transport before dispatch, or the engine).
  void begin_for_request(std::string protocol_version, json::object client_capabilities);
  bool serves_one_request() const { return one_request_; }
  bool initialized() const { return initialized_.load(std::memory_order_acquire); }
  std::string protocol_version() const;
  // True when the client declared the capability (e.g. "sampling", "elicitation", "roots").
  bool client_supports(std::string_view capability) const;

  // -- logging
  void set_log_level(LogLevel level) { log_level_.store(static_cast<int>(level)); }
  // No notifications/message at any level.
  void mute_logs() { log_level_.store(static_cast<int>(LogLevel::emergency) + 1); }
  bool should_log(LogLevel level) const { return static_cast<int>(level) >= log_level_.load(); }

  // -- resource subscriptions
  // False when the session already holds `max` other subscriptions.
  bool subscribe(std::string uri, std::size_t max);
  void unsubscribe(const std::string& uri);
  bool subscribed(const std::string& uri) const;
  // The subscribed URIs that match `pattern`: the URI itself, or any URI starting with the part
  // before a trailing '*'.
  std::vector<std::string> subscriptions_matching(const std::string& pattern) const;

  // -- requests in flight, for cancellation
  std::shared_ptr<CancelToken> track_request(const json::value& id);
  void finish_request(const json::value& id);
  void cancel_request(const json::value& id);
  std::size_t requests_in_flight() const;

  // -- server-to-client requests
  json::value next_server_request_id();
  void expect_response(const json::value& id, ResponseHandler handler);
  // The handler waiting for `id`, removed; empty when nothing waits.
  ResponseHandler take_response_handler(const json::value& id);

  // The session is over: handlers still waiting for the client's responses are dropped. They hold
  // their request (and through it this session), which would otherwise never be freed when the
  // client never answers.
  void close();

  // -- messages that belong to no request
  void set_outbox(std::shared_ptr<Outbox> outbox);
  // False when no outbox is attached (the message is dropped).
  bool send_standalone(std::string message);

  // -- 2026-07-28 subscriptions/listen: where the transport keeps its open listens (none: the
  // transport does not serve it)
  void set_listeners(std::shared_ptr<Listeners> listeners);
  std::shared_ptr<Listeners> listeners() const;

private:
  static std::string key_of(const json::value& id) { return json::serialize(id); }

  const std::string id_;
  const std::string transport_;
  const std::string client_;
  std::atomic<bool> initialized_{false};
  bool one_request_ = false;  // set before the session is shared, never changed after
  std::atomic<int> log_level_{static_cast<int>(LogLevel::info)};
  std::atomic<long long> next_request_id_{1};
  mutable std::mutex mutex_;
  std::string protocol_version_{default_http_protocol_version};
  json::object client_capabilities_;
  std::set<std::string> subscriptions_;
  std::map<std::string, std::shared_ptr<CancelToken>> in_flight_;
  std::map<std::string, ResponseHandler> awaiting_;
  std::shared_ptr<Outbox> outbox_;
  std::shared_ptr<Listeners> listeners_;
};

// The URIs of `uris` that match `pattern`: the URI itself, or any URI starting with the part
// before a trailing '*'.
std::vector<std::string> uris_matching(const std::set<std::string>& uris, const std::string& pattern);

// Sends a server-initiated notification to an initialized session: a list_changed notification
// (empty pattern) as it is, notifications/resources/updated once per subscribed URI matching the
// pattern (see subscriptions_matching).
void deliver_notification(Session& session, const std::string& method, const std::string& uri_pattern);

}  // namespace varlet::mcp
