#pragma once
// What operators reach: the probes (/healthz, /readyz), Prometheus metrics (/metrics), the
// /admin commands (metrics snapshot, pools, resize, invalidate, warm, crash) and the /dashboard
// page that draws them. The probes and /metrics answer on both listeners; /admin and /dashboard
// answer only on the admin listener, which is never the public one: a reverse proxy on the same
// host makes every public request look like loopback.
#include "messages/directory.hpp"
#include "transports/http/connection.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace varlet::transports {

struct OpsSettings {
  std::string token;         // bearer token /admin requires; empty: none
  bool allow_crash = false;  // testing only: /admin/crash
};

class OpsEndpoint {
public:
  // `before_metrics` runs before each metrics answer (the transport reports its connection figures).
  OpsEndpoint(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory,
              msg::supervisor_actor supervisor, OpsSettings settings, std::function<void()> before_metrics);

  // Answers /healthz, /readyz or /metrics; false when the path is none of them. /metrics is
  // OpenMetrics, with trace exemplars, when the scraper accepts it, else Prometheus text 0.0.4.
  bool serve_probe(const std::shared_ptr<HttpConnection>& connection, const Request& request, std::string_view path);
  // Answers any request of the admin listener.
  void serve_admin(const std::shared_ptr<HttpConnection>& connection, const Request& request);
  void set_ready(bool ready) { ready_.store(ready); }

private:
  void metrics(const std::shared_ptr<HttpConnection>& connection, std::string format, std::string content_type);
  void command(const std::shared_ptr<HttpConnection>& connection, const Request& request, std::string_view what);
  void cache_admin(const std::shared_ptr<HttpConnection>& connection, std::string_view what, std::string body);

  caf::actor_system& system_;
  std::shared_ptr<const msg::Directory> directory_;
  msg::supervisor_actor supervisor_;
  OpsSettings settings_;
  std::function<void()> before_metrics_;
  std::atomic<bool> ready_{false};
};

// Compares a secret without leaking, through timing, how much of it matched.
bool same_secret(std::string_view given, std::string_view expected);

}  // namespace varlet::transports
