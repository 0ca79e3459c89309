#include "transports/http/mcp_endpoint.hpp"

#include "mcp/era.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/protocol.hpp"
#include "transports/http/exchanges.hpp"
#include "transports/http/media_type.hpp"
#include "transports/http/standard_headers.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace varlet::transports {
namespace {

// A header's value, a view into the request (no copy: most are only compared).
std::string_view header(const Request& r, std::string_view name) { return r[name]; }

// Whether a POST is 2026-07-28 traffic: one message, no session, and either modern _meta or an
// MCP-Protocol-Version header that is not a legacy version (so `params: {}` sent with header
// 2026-07-28 is a modern request missing its _meta, and a legacy client's initialize is not).
bool is_modern_post(const Request& request, const mcp::Envelope& envelope) {
  if (envelope.batch || envelope.messages.size() != 1 || !header(request, "mcp-session-id").empty()) return false;
  const auto* message = std::get_if<mcp::Message>(&envelope.messages.front());
  if (!message) return false;
  if (mcp::has_modern_meta(message->params)) return true;
  auto version = header(request, "mcp-protocol-version");
  return !version.empty() && !mcp::is_legacy_protocol_version(version);
}

// The HTTP status of a modern request refused before dispatch.
int status_of(const mcp::RpcError& error) { return error.code == mcp::ErrorCode::method_not_found ? 404 : 400; }

// What a modern request says of its client, or why it cannot be served (answered with its id).
std::variant<mcp::RequestMeta, mcp::RpcError> check_modern_post(const Request& request, const mcp::Message& message) {
  auto checked = mcp::check_modern_request(message, std::string_view(request["mcp-protocol-version"]));
  if (std::holds_alternative<mcp::RpcError>(checked)) return checked;
  if (auto refusal = check_standard_headers(message, request["mcp-method"], request["mcp-name"])) return std::move(*refusal);
  return checked;
}

}  // namespace

Response json_error(int status, int code, std::string message) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = mcp::encode_error(nullptr, {static_cast<mcp::ErrorCode>(code), std::move(message)});
  return r;
}

Response busy_error(int status, std::string message) {
  auto r = json_error(status, -32000, std::move(message));
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

namespace {

std::string number(double value) { return fmt::format("{:g}", value); }

// What every answer to a rate-limited client says of its limit.
Headers rate_headers(const RateLimiter::Verdict& verdict) {
  if (verdict.quota == 0) return {};
  return {{"RateLimit-Policy", RateLimiter::policy_header(verdict)}, {"RateLimit", RateLimiter::limit_header(verdict)}};
}

Response rate_limited(const RateLimiter& limiter, const RateLimiter::Verdict& verdict, const std::string& client) {
  auto s = limiter.settings();
  Response r;
  r.status = 429;
  r.content_type = "application/json";
  auto retry = std::to_string(verdict.retry_after);
  r.body = mcp::encode_error(
      nullptr, {mcp::ErrorCode::connection_closed,
                "Too Many Requests: client " + mcp::excerpt(client, 64) + " may make " + number(s.per_second * 60) +
                    " requests a minute (limits.requests-per-minute), " + number(s.burst) +
                    " at once (limits.burst); an answer that has to be built costs " + number(s.cold_cost) +
                    " (limits.cold-cost). Retry after " + retry + " s",
                json::object{{"retryAfterSeconds", verdict.retry_after}}});
  r.headers = rate_headers(verdict);
  r.headers.emplace_back("Retry-After", retry);
  return r;
}

}  // namespace

void McpEndpoint::reload(const HttpSettings& settings) {
  limiter_.update(settings.rate_limits);
  if (keys_) keys_->reload_now();
}

void McpEndpoint::charge_built(const std::string& client) {
  if (limiter_.enabled()) limiter_.charge_built(client);
}

McpEndpoint::McpEndpoint(const HttpSettings& settings, std::shared_ptr<const msg::Directory> directory,
                         std::shared_ptr<msg::InlineServer> inline_server)
    : settings_(settings),
      directory_(std::move(directory)),
      inline_server_(std::move(inline_server)),
      sessions_({settings.max_sessions, settings.max_sessions_per_client,
                 {settings.replay_events, settings.replay_bytes}}),
      admission_({settings.max_in_flight, settings.max_in_flight_per_client}),
      limiter_(settings.rate_limits),
      listeners_(mcp::Listeners::within(settings.max_in_flight)),
      keys_(settings.keys_file.empty() ? nullptr : std::make_shared<ApiKeys>(settings.keys_file)) {}

std::string McpEndpoint::address_of(const std::shared_ptr<HttpConnection>& connection, const Request& request) const {
  if (settings_.trust_forwarded_for) {
    std::string_view forwarded = request["x-forwarded-for"];
    auto last = forwarded.substr(forwarded.rfind(',') == std::string_view::npos ? 0 : forwarded.rfind(',') + 1);
    while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
    while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
    if (!last.empty() && last.size() <= 64) return std::string(last);
  }
  return connection->remote_address().to_string();
}

void McpEndpoint::unauthorized(const std::shared_ptr<HttpConnection>& connection, bool sent) {
  if (oauth_) {
    auto r = json_error(401, -32000, std::string("Unauthorized: this service needs an OAuth access token") +
                                         (keys_ ? " or an API key" : "") +
                                         ": send Authorization: Bearer TOKEN (" + oauth_->metadata_url() +
                                         " names the authorization server)");
    r.headers.emplace_back("WWW-Authenticate", oauth_->challenge(nullptr));
    return connection->respond(std::move(r));
  }
  auto r = json_error(401, -32000, sent ? "Unauthorized: that API key is not one this service holds (revoked?)"
                                        : "Unauthorized: this service needs an API key: send Authorization: Bearer "
                                          "KEY (an operator makes one with `varlet-mcp keys add NAME`)");
  r.headers.emplace_back("WWW-Authenticate", sent ? R"(Bearer realm="varlet-mcp", error="invalid_token")"
                                                  : R"(Bearer realm="varlet-mcp")");
  connection->respond(std::move(r));
}

void McpEndpoint::check_token(const std::shared_ptr<HttpConnection>& connection, Request&& request, std::string token) {
  auto held = std::make_shared<Request>(std::move(request));
  auto wake = [this, connection, held, token] {
    // Woken on the thread that fetched the keys: back to the connection's own.
    net::post(connection->executor(), [this, connection, held, token] {
      admit_token(connection, std::move(*held), *oauth_->verify(token, nullptr));
    });
  };
  if (auto verdict = oauth_->verify(token, std::move(wake))) admit_token(connection, std::move(*held), *verdict);
}

void McpEndpoint::admit_token(const std::shared_ptr<HttpConnection>& connection, Request&& request,
                              const jwt::Verdict& verdict) {
  using Kind = jwt::Verdict::Kind;
  if (verdict.kind == Kind::ok) return route(connection, std::move(request), verdict.client);
  if (verdict.kind == Kind::unavailable) {
    auto r = json_error(503, -32000, "Service Unavailable: " + verdict.reason);
    r.headers.emplace_back("Retry-After", std::to_string(oauth_->retry_after()));
    return connection->respond(std::move(r));
  }
  spdlog::debug("auth: refused a token{}: {}", verdict.client.empty() ? "" : " of " + verdict.client, verdict.reason);
  bool scope = verdict.kind == Kind::insufficient_scope;
  auto r = json_error(scope ? 403 : 401, -32000,
                      (scope ? "Forbidden: " : "Unauthorized: ") + verdict.reason +
                          (keys_ && !scope ? " (nor is it an API key this service holds)" : ""));
  r.headers.emplace_back("WWW-Authenticate", oauth_->challenge(&verdict));
  connection->respond(std::move(r));
}

std::shared_ptr<HttpSession> McpEndpoint::new_session(const std::shared_ptr<HttpConnection>& connection,
                                                      const std::string& client) {
  auto created = sessions_.create(client);
  if (created.evicted) created.evicted->end();
  switch (created.refusal) {
    case SessionTable::Refusal::none: break;
    case SessionTable::Refusal::client_full:
      connection->respond(busy_error(429, "Too many sessions from this client (http.max-sessions-per-client), all "
                                          "of them busy; end one with DELETE or retry shortly"));
      return nullptr;
    case SessionTable::Refusal::table_full:
      connection->respond(busy_error(503, "Too many sessions (http.max-sessions), all of them busy; retry shortly"));
      return nullptr;
  }
  return created.session;
}

void McpEndpoint::serve(const std::shared_ptr<HttpConnection>& connection, Request&& request) {
  auto token = bearer_token(request[http::field::authorization]);
  auto key_client = token && keys_ ? keys_->client_of(*token) : std::nullopt;
  if (key_client) return route(connection, std::move(request), *key_client);
  if (token && oauth_) return check_token(connection, std::move(request), std::string(*token));
  if (keys_ || oauth_) return unauthorized(connection, token.has_value());
  auto address = address_of(connection, request);
  route(connection, std::move(request), address);
}

void McpEndpoint::route(const std::shared_ptr<HttpConnection>& connection, Request&& request, const std::string& client) {
  switch (request.method()) {
    case http::verb::post: return post(connection, std::move(request), client);
    case http::verb::get: return get(connection, request, client);
    case http::verb::delete_: return remove(connection, request, client);
    default: {
      auto r = json_error(405, -32000, "Method not allowed.");
      r.headers.emplace_back("Allow", "GET, POST, DELETE");
      connection->respond(std::move(r));
    }
  }
}

std::shared_ptr<HttpSession> McpEndpoint::session_of(const std::shared_ptr<HttpConnection>& connection,
                                                     const Request& request, const std::string& client) {
  auto id = header(request, "mcp-session-id");
  if (id.empty()) {
    connection->respond(json_error(400, -32000, "Bad Request: Mcp-Session-Id header is required"));
    return nullptr;
  }
  auto session = sessions_.find(id);
  if (!session || ((keys_ || oauth_) && session->client != client)) {
    connection->respond(json_error(404, -32001, "Session not found"));
    return nullptr;
  }
  auto version = header(request, "mcp-protocol-version");
  if (!version.empty() && !mcp::is_supported_protocol_version(version)) {
    connection->respond(json_error(400, -32000, "Bad Request: Unsupported protocol version: " + mcp::excerpt(version, 64) +
                                                    " (supported versions: 2025-11-25, 2025-06-18, 2025-03-26)"));
    return nullptr;
  }
  return session;
}

void McpEndpoint::post(const std::shared_ptr<HttpConnection>& connection, Request&& request, const std::string& client) {
  auto accept = header(request, "accept");
  if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream"))
    return connection->respond(json_error(
        406, -32000, "Not Acceptable: Client must accept both application/json and text/event-stream"));
  if (!media_type_is(header(request, "content-type"), "application/json"))
    return connection->respond(json_error(415, -32000, "Unsupported Media Type: Content-Type must be application/json"));

  Admission::Refusal refusal;
  auto ticket = admission_.admit(client, refusal);
  if (refusal == Admission::Refusal::full)
    return connection->respond(busy_error(503, "The server is busy: " + std::to_string(settings_.max_in_flight) +
                                                   " messages are being handled (mcp.max-in-flight); retry shortly"));
  if (refusal == Admission::Refusal::client_full)
    return connection->respond(busy_error(
        429, "Too many messages from this client are being handled (" + std::to_string(settings_.max_in_flight_per_client) +
                 ", http.max-in-flight-per-client); retry shortly"));
  Headers headers;
  if (limiter_.enabled()) {
    auto verdict = limiter_.take(client);
    if (!verdict.allowed) return connection->respond(rate_limited(limiter_, verdict, client));
    headers = rate_headers(verdict);
  }
  auto envelope = mcp::decode_body(request.body());
  bool has_initialize = false, has_request = false;
  for (auto& d : envelope.messages) {
    if (auto* bad = std::get_if<mcp::BadMessage>(&d)) {
      auto message = bad->error.code == mcp::ErrorCode::parse_error ? bad->error.message
                                                                    : "Parse error: " + bad->error.message;
      return connection->respond(json_error(400, -32700, message));
    }
    auto& m = std::get<mcp::Message>(d);
    has_initialize = has_initialize || m.method == "initialize";
    has_request = has_request || m.kind == mcp::MessageKind::request;
  }

  if (is_modern_post(request, envelope))
    return post_modern(connection, std::move(ticket), std::move(request), std::move(envelope), client, std::move(headers));

  std::shared_ptr<HttpSession> session;
  std::shared_ptr<mcp::Session> protocol;
  if (settings_.stateless) {
    protocol = std::make_shared<mcp::Session>("", "http", client);
    if (!has_initialize) {
      auto version = header(request, "mcp-protocol-version");
      if (!version.empty() && !mcp::is_supported_protocol_version(version))
        return connection->respond(json_error(400, -32000, "Bad Request: Unsupported protocol version: " + mcp::excerpt(version, 64)));
      protocol->begin(std::string(version.empty() ? mcp::latest_protocol_version : version), {});
    }
  } else if (has_initialize) {
    if (envelope.batch)
      return connection->respond(
          json_error(400, -32600, "Invalid Request: Only one initialization request is allowed"));
    if (!header(request, "mcp-session-id").empty())
      return connection->respond(json_error(400, -32600, "Invalid Request: Server already initialized"));
    session = new_session(connection, client);
    if (!session) return;
    session->protocol->set_outbox(standalone_outbox(session));
    protocol = session->protocol;
  } else {
    session = session_of(connection, request, client);
    if (!session) return;
    protocol = session->protocol;
  }
  if (session) headers.emplace_back("Mcp-Session-Id", protocol->id());

  auto inbound = std::make_shared<msg::Inbound>();
  inbound->session = protocol;
  inbound->envelope = std::move(envelope);
  inbound->transport = msg::Transport::http;
  if (!has_request) {
    // Notifications and responses only: accepted at once, handled in the background.
    inbound->exchange = notification_exchange(std::move(ticket));
    dispatch(std::move(inbound));
    Response accepted;
    accepted.status = 202;
    accepted.headers = std::move(headers);
    return connection->respond(std::move(accepted));
  }
  bool priming = !has_initialize ? mcp::protocol_wants_priming_event(protocol->protocol_version())
                                 : [&] {
                                     auto* m = std::get_if<mcp::Message>(&inbound->envelope.messages.front());
                                     auto v = m ? get_string(m->params, "protocolVersion") : std::nullopt;
                                     return v && mcp::protocol_wants_priming_event(mcp::negotiate_protocol_version(*v));
                                   }();
  inbound->exchange = post_exchange(*this, std::move(ticket), connection, session, std::move(headers), priming,
                                                     settings_.retry_ms,
                                                     StreamLog::Limits{settings_.replay_events, settings_.replay_bytes}, client);
  dispatch(std::move(inbound));
}

// A 2026-07-28 request: no session (each request carries what the server must know of its client
// in _meta), refused with the request's id and a 400 or 404 before dispatch when it is not valid.
void McpEndpoint::post_modern(const std::shared_ptr<HttpConnection>& connection,
                              std::unique_ptr<Admission::Ticket> ticket, Request&& request, mcp::Envelope&& envelope,
                              const std::string& client, Headers headers) {
  const auto& message = std::get<mcp::Message>(envelope.messages.front());
  if (message.kind != mcp::MessageKind::request) {
    // 2026-07-28 defines no client notifications over HTTP (closing a stream cancels its request).
    Response accepted;
    accepted.status = 202;
    accepted.headers = std::move(headers);
    return connection->respond(std::move(accepted));
  }
  auto checked = check_modern_post(request, message);
  if (auto* refusal = std::get_if<mcp::RpcError>(&checked)) {
    Response r;
    r.headers = std::move(headers);
    r.status = status_of(*refusal);
    r.content_type = "application/json";
    r.body = mcp::encode_error(message.id, *refusal);
    return connection->respond(std::move(r));
  }
  auto inbound = std::make_shared<msg::Inbound>();
  inbound->session = mcp::request_session("", "http", client, std::get<mcp::RequestMeta>(checked));
  inbound->session->set_listeners(listeners_);
  inbound->envelope = std::move(envelope);
  inbound->transport = msg::Transport::http;
  // No priming event: 2026-07-28 streams have no event ids and cannot be resumed.
  inbound->exchange = post_exchange(*this, std::move(ticket), connection, nullptr, std::move(headers), false,
                                                     settings_.retry_ms,
                                                     StreamLog::Limits{settings_.replay_events, settings_.replay_bytes}, client);
  dispatch(std::move(inbound));
}

void McpEndpoint::get(const std::shared_ptr<HttpConnection>& connection, const Request& request, const std::string& client) {
  if (!accepts(header(request, "accept"), "text/event-stream"))
    return connection->respond(json_error(406, -32000, "Not Acceptable: Client must accept text/event-stream"));
  if (settings_.stateless)
    return connection->respond(json_error(405, -32000, "Method not allowed: this server is stateless"));
  auto session = session_of(connection, request, client);
  if (!session) return;
  Headers headers{{"Mcp-Session-Id", session->protocol->id()}};
  auto last_event_id = header(request, "last-event-id");
  if (!last_event_id.empty()) {
    auto outcome = session->streams.resume(last_event_id, connection, [&](std::uint64_t stream) {
      stream_opened();
      connection->open_stream(headers, [this, session, stream, raw = connection.get()] {
        session->streams.detach(stream, raw);
        stream_closed();
      });
    });
    if (outcome == StreamLog::Resume::unknown)
      connection->respond(json_error(400, -32000, "Bad Request: unknown Last-Event-ID " + mcp::excerpt(last_event_id, 64)));
    else if (outcome == StreamLog::Resume::busy)
      connection->respond(json_error(409, -32000, "Conflict: that stream is already connected"));
    return;
  }
  if (!session->streams.attach_standalone(connection))
    return connection->respond(json_error(409, -32000, "Conflict: Only one SSE stream is allowed per session"));
  stream_opened();
  connection->open_stream(std::move(headers), [this, session, raw = connection.get()] {
    session->streams.detach(0, raw);
    stream_closed();
  });
  if (mcp::protocol_wants_priming_event(session->protocol->protocol_version()))
    connection->stream_write(sse_priming(session->streams.priming_id(0), settings_.retry_ms));
}

void McpEndpoint::remove(const std::shared_ptr<HttpConnection>& connection, const Request& request,
                         const std::string& client) {
  if (settings_.stateless)
    return connection->respond(json_error(405, -32000, "Method not allowed: this server is stateless"));
  auto session = session_of(connection, request, client);
  if (!session) return;
  sessions_.remove(session->protocol->id());
  session->end();
  Response ok;
  ok.status = 200;
  connection->respond(std::move(ok));
}

void McpEndpoint::dispatch(std::shared_ptr<msg::Inbound> inbound) {
  if (inline_server_ && inline_server_->serve(inbound)) return;
  auto pools = directory_->current();
  const auto* dispatcher = pools->dispatcher_for(inbound->session->id(), round_robin_);
  if (!dispatcher) {
    inbound->exchange->finish(mcp::encode_error(nullptr, mcp::RpcError::internal("The server is shutting down")));
    return;
  }
  caf::anon_send(*dispatcher, msg::handle_atom::value, std::move(inbound));
}

void McpEndpoint::notify(const std::string& method, const std::string& uri) {
  for (auto& session : sessions_.all()) mcp::deliver_notification(*session->protocol, method, uri);
  listeners_->deliver(method, uri);
}

bool McpEndpoint::drain(std::chrono::steady_clock::time_point deadline) {
  listeners_->end_all();
  return admission_.wait_idle(deadline);
}

void McpEndpoint::expire_sessions() {
  for (auto& session : sessions_.expire(settings_.session_ttl)) session->end();
}

void McpEndpoint::close_all_sessions() {
  for (auto& session : sessions_.all()) session->end();
}


}  // namespace varlet::transports
