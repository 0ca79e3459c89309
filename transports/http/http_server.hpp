#pragma once
// The Streamable HTTP service: an Asio acceptor and I/O threads, the /mcp endpoint, health and
// readiness probes, Prometheus metrics and the loopback admin endpoints.
#include "messages/directory.hpp"
#include "transports/http/http_settings.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace varlet::transports {

class HttpServer {
public:
  HttpServer(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory, msg::supervisor_actor supervisor,
             HttpSettings settings);
  ~HttpServer();

  // Binds and starts serving; returns an error message when the address cannot be bound.
  std::string start();
  // The URL of the MCP endpoint, e.g. http://127.0.0.1:8808/mcp
  std::string url() const;
  void set_ready(bool ready);
  // The actor that forwards server notifications to sessions.
  msg::transport_actor notifier() const;
  // Stops accepting, lets in-flight requests finish until the deadline, then closes everything.
  void stop(std::chrono::steady_clock::time_point deadline);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace varlet::transports
