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
#include "transports/http/oauth.hpp"
#include "transports/http/rate_limiter.hpp"

#include <atomic>
#include <memory>

namespace varlet::transports {

class McpEndpoint {
public:
  // `inline_server` (may be null) serves what it can on the I/O thread that read the request.
  McpEndpoint(const HttpSettings& settings, std::shared_ptr<const msg::Directory> directory,
              std::shared_ptr<msg::InlineServer> inline_server);
  // Why the endpoint cannot serve (an unreadable keys file), or empty.
  std::string error() const { return keys_ ? keys_->error() : std::string(); }

  // OAuth access tokens on /mcp, beside the API keys if there are any.
  void use_oauth(std::shared_ptr<OAuth> oauth) { oauth_ = std::move(oauth); }
  // Requests still waiting for the issuer's keys are left unanswered (the server is stopping).
  void stop_oauth() {
    if (oauth_) oauth_->stop();
  }
  const OAuth* oauth() const { return oauth_.get(); }

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
  void route(const std::shared_ptr<HttpConnection>& connection, Request&& request, const std::string& client);
  // A bearer token that is no API key, checked as an OAuth access token; the request waits (off
  // the I/O thread) while the issuer's keys are fetched.
  void check_token(const std::shared_ptr<HttpConnection>& connection, Request&& request, std::string token);
  void admit_token(const std::shared_ptr<HttpConnection>& connection, Request&& request, const jwt::Verdict& verdict);
  // 401 for a request without credentials that count (`sent`: it had a bearer token).
  void unauthorized(const std::shared_ptr<HttpConnection>& connection, bool sent);
  void post(const std::shared_ptr<HttpConnection>& connection, Request&& request, const std::string& client);
  void post_modern(const std::shared_ptr<HttpConnection>& connection, std::unique_ptr<Admission::Ticket> ticket,
                   Request&& request, mcp::Envelope&& envelope, const std::string& client, Headers headers);
  void get(const std::shared_ptr<HttpConnection>& connection, const Request& request, const std::string& client);
  void remove(const std::shared_ptr<HttpConnection>& connection, const Request& request, const std::string& client);
  // The session named by the request, or nullptr after answering the error. With API keys, only
  // or OAuth, only the client whose key or token made a session can use it.
  std::shared_ptr<HttpSession> session_of(const std::shared_ptr<HttpConnection>& connection, const Request& request,
                                          const std::string& client);
  // A new session for the client, or nullptr after answering why there is none.
  std::shared_ptr<HttpSession> new_session(const std::shared_ptr<HttpConnection>& connection, const std::string& client);
  // Who limits are counted against without access control: the peer address or the proxy's
  // X-Forwarded-For entry. With it, the API key's name or the token's subject.
  std::string address_of(const std::shared_ptr<HttpConnection>& connection, const Request& request) const;
  void dispatch(std::shared_ptr<msg::Inbound> inbound);

  HttpSettings settings_;
  std::shared_ptr<const msg::Directory> directory_;
  std::shared_ptr<msg::InlineServer> inline_server_;
  SessionTable sessions_;
  std::atomic<std::size_t> round_robin_{0};
  std::atomic<std::size_t> open_streams_{0};
  Admission admission_;
  std::shared_ptr<mcp::Listeners> listeners_;  // 2026-07-28 listens: at most half the in-flight slots
  std::shared_ptr<ApiKeys> keys_;               // nullptr: no API keys
  std::shared_ptr<OAuth> oauth_;                // nullptr: no OAuth
  RateLimiter limiter_;
};

// An HTTP error with a JSON-RPC error body (id null).
Response json_error(int status, int code, std::string message);
// The same, for a limit the client can wait out: with Retry-After.
Response busy_error(int status, std::string message);

}  // namespace varlet::transports
