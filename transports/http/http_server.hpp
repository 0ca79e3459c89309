#pragma once
// The Streamable HTTP service: the public listener (the /mcp endpoint, health and readiness
// probes, Prometheus metrics) and the admin listener (the same probes and metrics, and /admin),
// on one set of Asio I/O threads.
#include "messages/directory.hpp"
#include "transports/http/http_settings.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace varlet::transports {

class HttpServer {
public:
  // `inline_server` (may be null) serves what it can on the I/O thread that read a request.
  HttpServer(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory, msg::supervisor_actor supervisor,
             HttpSettings settings, std::shared_ptr<msg::InlineServer> inline_server = nullptr);
  ~HttpServer();

  // Binds both listeners and starts serving; returns an error message when an address cannot be bound.
  std::string start();
  // The URL of the MCP endpoint, e.g. http://127.0.0.1:8808/mcp
  std::string url() const;
  // The admin listener's base URL, e.g. http://127.0.0.1:8809; empty when there is none.
  std::string admin_url() const;
  void set_ready(bool ready);
  // A configuration reload: the rate limits take the new settings and the API keys file is read
  // again; every other setting keeps its value until a restart.
  void reload(const HttpSettings& settings);
  // The actor that forwards server notifications to sessions.
  msg::transport_actor notifier() const;
  // Stops accepting, lets in-flight requests finish until the deadline, then closes everything.
  void stop(std::chrono::steady_clock::time_point deadline);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace varlet::transports
