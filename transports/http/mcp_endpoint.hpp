#pragma once
// The Streamable HTTP endpoint (/mcp): POST, GET and DELETE with the status rules of the MCP
// specification and the official SDK, sessions, resumable SSE, and the hand-off to dispatchers.
#include "mcp/listen.hpp"
#include "messages/directory.hpp"
#include "transports/http/connection.hpp"
#include "transports/http/http_session.hpp"
#include "transports/http/http_settings.hpp"
#include "transports/http/admission.hpp"
#include "transports/http/api_keys.hpp"
#include "transports/http/rate_limiter.hpp"

#include <atomic>
#include <memory>

namespace varlet::transports {

class McpEndpoint {
public:
  McpEndpoint(const HttpSettings& settings, std::shared_ptr<const msg::Directory> directory);
  // Why the endpoint cannot serve (an unreadable keys file), or empty.
  std::string error() const { return keys_ ? keys_->error() : std::string(); }

  void serve(const std::shared_ptr<HttpConnection>& connection, Request&& request);
  // New rate limits, and the API keys file read again (a configuration reload).
  void reload(const HttpSettings& settings);
  // Server-initiated notifications to every session (see mcp::deliver_notification).
  void notify(const std::string& method, const std::string& uri);
  void expire_sessions();
  void close_all_sessions();
  std::size_t sessions() const { return sessions_.size(); }
  std::size_t streams() const { return open_streams_.load(); }
  // Ends every subscriptions/listen (each gets its result), then waits until no POST is waiting for
  // its answer, or the deadline passed.
  bool drain(std::chrono::steady_clock::time_point deadline);

  // Called by exchanges.
  void stream_opened() { ++open_streams_; }
  void stream_closed() { --open_streams_; }
  // A request of `client` had its answer built, not served from the cache: its rate limit is charged.
  void charge_built(const std::string& client);

private:
  void post(const std::shared_ptr<HttpConnection>& connection, Request&& request, const std::string& client);
  void post_modern(const std::shared_ptr<HttpConnection>& connection, std::unique_ptr<Admission::Ticket> ticket,
                   Request&& request, mcp::Envelope&& envelope, const std::string& client, Headers headers);
  void get(const std::shared_ptr<HttpConnection>& connection, const Request& request, const std::string& client);
  void remove(const std::shared_ptr<HttpConnection>& connection, const Request& request, const std::string& client);
  // The session named by the request, or nullptr after answering the error. With API keys, only
  // the client whose key made a session can use it.
  std::shared_ptr<HttpSession> session_of(const std::shared_ptr<HttpConnection>& connection, const Request& request,
                                          const std::string& client);
  // A new session for the client, or nullptr after answering why there is none.
  std::shared_ptr<HttpSession> new_session(const std::shared_ptr<HttpConnection>& connection, const std::string& client);
  // Who limits are counted against: the name of the request's API key when keys are on (nothing
  // after answering 401 when it has none that counts), else the peer address or the proxy's
  // X-Forwarded-For entry.
  std::optional<std::string> client_of(const std::shared_ptr<HttpConnection>& connection, const Request& request);
  void dispatch(std::shared_ptr<msg::Inbound> inbound);

  HttpSettings settings_;
  std::shared_ptr<const msg::Directory> directory_;
  SessionTable sessions_;
  std::atomic<std::size_t> round_robin_{0};
  std::atomic<std::size_t> open_streams_{0};
  Admission admission_;
  std::shared_ptr<mcp::Listeners> listeners_;  // 2026-07-28 listens: at most half the in-flight slots
  std::shared_ptr<ApiKeys> keys_;               // nullptr: no access control
  RateLimiter limiter_;
};

// An HTTP error with a JSON-RPC error body (id null).
Response json_error(int status, int code, std::string message);
// The same, for a limit the client can wait out: with Retry-After.
Response busy_error(int status, std::string message);

}  // namespace varlet::transports
