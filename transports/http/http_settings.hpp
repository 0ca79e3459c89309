#pragma once
// What the HTTP transport needs from the configuration.
#include "transports/http/rate_limiter.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace varlet::transports {

// [auth] issuer and its companions: /mcp as an OAuth 2.1 resource server.
struct OAuthSettings {
  std::string issuer;    // the authorization server; empty: no OAuth
  std::string resource;  // this server's canonical /mcp URL; empty: the public listener's own
  std::string audience;  // what tokens' aud must name; empty: the resource
  std::vector<std::string> scopes;  // every one required
  std::string jwks_url;  // empty: the jwks_uri of the issuer's metadata
  std::chrono::milliseconds fetch_timeout{60000};  // one fetch through the fetchers, retries included
};

struct HttpSettings {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8808;
  std::string path = "/mcp";
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> allowed_origins;
  bool stateless = false;
  std::size_t max_body_bytes = 4 << 20;
  std::chrono::milliseconds header_timeout{10000};  // the whole request: headers and body
  std::chrono::milliseconds idle_timeout{120000};
  std::chrono::milliseconds write_timeout{30000};   // one write the client does not take closes it
  std::size_t max_write_bytes = 8 << 20;            // queued for a client that does not read
  std::size_t max_connections = 1024;
  std::size_t compress_min_bytes = 1024;            // smaller answers go uncompressed; 0: none is
  std::size_t max_sessions = 10000;
  std::size_t max_sessions_per_client = 100;
  std::chrono::milliseconds session_ttl{3600000};
  std::size_t max_subscriptions = 1000;             // per session
  bool trust_forwarded_for = false;                 // the client is the rightmost X-Forwarded-For entry
  std::size_t threads = 1;
  std::chrono::milliseconds keepalive{15000};
  std::uint32_t retry_ms = 1000;
  std::size_t replay_events = 256;
  std::size_t replay_bytes = 1 << 20;               // per session
  std::size_t max_in_flight = 1024;                 // messages handed to dispatchers, not yet finished
  std::size_t max_in_flight_per_client = 256;
  // The admin listener: /admin, probes and metrics; never the public one. An empty bind: none.
  std::string admin_bind = "127.0.0.1";
  std::uint16_t admin_port = 8809;
  std::string admin_token;
  std::string keys_file;  // [auth] keys-file: API keys on /mcp; empty: none
  OAuthSettings oauth;
  RateLimiter::Settings rate_limits;  // [limits]
  bool allow_crash = false;
};

}  // namespace varlet::transports
