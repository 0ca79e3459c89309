#pragma once
// What the HTTP transport needs from the configuration.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace varlet::transports {

struct HttpSettings {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8808;
  std::string path = "/mcp";
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> allowed_origins;
  bool stateless = false;
  std::size_t max_body_bytes = 4 << 20;
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds idle_timeout{120000};
  std::size_t max_sessions = 10000;
  std::chrono::milliseconds session_ttl{3600000};
  std::size_t threads = 1;
  std::chrono::milliseconds keepalive{15000};
  std::uint32_t retry_ms = 1000;
  std::size_t replay_events = 256;
  std::string admin_token;
  bool allow_crash = false;
};

}  // namespace varlet::transports
