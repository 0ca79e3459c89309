#include "transports/http/http_server.hpp"

#include "transports/http/actor_bridge.hpp"
#include "transports/http/connection.hpp"
#include "transports/http/host_guard.hpp"
#include "transports/http/mcp_endpoint.hpp"

#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include <cctype>
#include <thread>

namespace varlet::transports {
namespace {

using namespace std::chrono_literals;

Response text(int status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

// "%3A" -> ":", "+" -> " "; a malformed escape is kept as written.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string query_param(std::string_view target, std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  auto query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) == name)
      return eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

struct HttpServer::Impl {
  caf::actor_system& system;
  std::shared_ptr<const msg::Directory> directory;
  msg::supervisor_actor supervisor;
  HttpSettings settings;
  net::io_context io;
  tcp::acceptor acceptor{io};
  net::steady_timer sweeper{io};
  std::vector<std::thread> threads;
  std::shared_ptr<ConnectionContext> context = std::make_shared<ConnectionContext>();
  std::unique_ptr<McpEndpoint> endpoint;
  std::unique_ptr<HostGuard> guard;
  std::atomic<bool> ready{false};
  std::atomic<bool> accepting{false};
  msg::transport_actor notifier;
  std::uint16_t port = 0;

  Impl(caf::actor_system& sys, std::shared_ptr<const msg::Directory> dir, msg::supervisor_actor sup, HttpSettings s)
      : system(sys), directory(std::move(dir)), supervisor(std::move(sup)), settings(std::move(s)) {}

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (!accepting.load()) return;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<HttpConnection>(std::move(socket), context)->start();
      }
      accept();
    });
  }

  void sweep() {
    sweeper.expires_after(std::chrono::duration_cast<std::chrono::milliseconds>(
        std::min<std::chrono::milliseconds>(settings.session_ttl, 60s)));
    sweeper.async_wait([this](beast::error_code ec) {
      if (ec) return;
      endpoint->expire_sessions();
      report();
      sweep();
    });
  }

  void report() {
    auto pools = directory->current();
    if (!pools->metrics) return;
    msg::ConnectionSample sample{msg::Transport::http, static_cast<std::int64_t>(endpoint->sessions()),
                                 context->open.load(), static_cast<std::int64_t>(endpoint->streams())};
    caf::anon_send(pools->metrics, msg::sample_atom::value, msg::MetricSample{sample});
  }

  void serve(const std::shared_ptr<HttpConnection>& connection, Request&& request) {
    if (!guard->allows(request[http::field::host], request[http::field::origin]))
      return connection->respond(json_error(403, -32000, "Forbidden: Host or Origin not allowed"));
    std::string_view target = request.target();
    auto path = target.substr(0, target.find('?'));
    if (path == settings.path) return endpoint->serve(connection, std::move(request));
    if (path == "/healthz") return connection->respond(text(200, "application/json", R"({"status":"ok"})"));
    if (path == "/readyz")
      return connection->respond(ready.load() ? text(200, "application/json", R"({"status":"ready"})")
                                              : text(503, "application/json", R"({"status":"warming"})"));
    if (path == "/metrics") return metrics(connection, "prometheus", "text/plain; version=0.0.4");
    if (path.substr(0, 7) == "/admin/") return admin(connection, request, path.substr(7));
    connection->respond(text(404, "text/plain", "Not found"));
  }

  void metrics(const std::shared_ptr<HttpConnection>& connection, std::string format, std::string content_type) {
    report();
    auto pools = directory->current();
    if (!pools->metrics) return connection->respond(text(503, "text/plain", "metrics are not running"));
    ask<std::string>(
        system, pools->metrics, 5000ms,
        [connection, content_type](std::string body) { connection->respond(text(200, content_type, std::move(body))); },
        [connection](std::string why) { connection->respond(text(503, "text/plain", "metrics unavailable: " + why)); },
        msg::snapshot_atom::value, format);
  }

  void admin(const std::shared_ptr<HttpConnection>& connection, const Request& request, std::string_view what) {
    const auto& remote = connection->remote_address();
    if (!remote.is_loopback())
      return connection->respond(text(403, "text/plain", "admin endpoints answer loopback clients only"));
    if (!settings.admin_token.empty() &&
        request[http::field::authorization] != "Bearer " + settings.admin_token)
      return connection->respond(text(401, "text/plain", "admin endpoints need the bearer token from http.admin-token"));
    auto target = request.target();
    if (what == "metrics") return metrics(connection, "json", "application/json");
    if (what == "pools") {
      return ask<std::string>(
          system, supervisor, 5000ms, [connection](std::string body) { connection->respond(text(200, "application/json", body)); },
          [connection](std::string why) { connection->respond(text(503, "text/plain", why)); }, msg::snapshot_atom::value);
    }
    if (what == "resize" && request.method() == http::verb::post) {
      auto pool = query_param(target, "pool");
      auto size = std::strtoul(query_param(target, "size").c_str(), nullptr, 10);
      return ask<std::uint32_t>(
          system, supervisor, 5000ms,
          [connection](std::uint32_t now) {
            connection->respond(text(200, "application/json", R"({"size":)" + std::to_string(now) + "}"));
          },
          [connection](std::string why) { connection->respond(text(400, "text/plain", why)); }, msg::resize_atom::value,
          pool, static_cast<std::uint32_t>(size));
    }
    if ((what == "invalidate" || what == "warm") && request.method() == http::verb::post)
      return cache_admin(connection, what, request.body());
    if (what == "crash" && request.method() == http::verb::post && settings.allow_crash) {
      auto pool = query_param(target, "pool");
      auto index = std::strtoul(query_param(target, "index").c_str(), nullptr, 10);
      return ask<bool>(
          system, supervisor, 5000ms,
          [connection](bool done) {
            connection->respond(text(done ? 200 : 404, "application/json", done ? R"({"crashed":true})" : R"({"crashed":false})"));
          },
          [connection](std::string why) { connection->respond(text(500, "text/plain", why)); }, msg::crash_atom::value,
          pool, static_cast<std::uint32_t>(index));
    }
    connection->respond(text(404, "text/plain", "unknown admin endpoint"));
  }

  // /admin/invalidate and /admin/warm: the runtime's cache admin actor (registered by name) answers
  // a status and a JSON body.
  void cache_admin(const std::shared_ptr<HttpConnection>& connection, std::string_view what, std::string body) {
    auto admin = caf::actor_cast<caf::actor>(system.registry().get(caf::atom("cacheadmin")));
    if (!admin) return connection->respond(text(503, "text/plain", "the cache admin is not running"));
    bool warm = what == "warm";
    auto timeout = warm ? std::chrono::minutes(30) : std::chrono::minutes(2);
    auto send = [warm](caf::event_based_actor* self, const caf::actor& to, std::chrono::minutes t, std::string b) {
      return warm ? self->request(to, t, msg::warm_atom::value, std::move(b))
                  : self->request(to, t, msg::invalidate_atom::value, std::move(b));
    };
    system.spawn([=](caf::event_based_actor* self, caf::actor to) {  // see actor_bridge.hpp on the argument
      send(self, to, timeout, body)
          .then([connection](std::uint16_t status, std::string& json) {
                  connection->respond(text(status, "application/json", std::move(json)));
                },
                [connection, self](caf::error& err) {
                  connection->respond(text(503, "text/plain", "the cache admin failed: " + self->system().render(err)));
                });
    }, admin);
  }
};

namespace {
msg::transport_actor::behavior_type notifier_actor(msg::transport_actor::pointer, McpEndpoint* endpoint) {
  return {[endpoint](msg::notify_atom, const std::string& method, const std::string& uri) {
    endpoint->notify(method, uri);
  }};
}
}  // namespace

HttpServer::HttpServer(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory,
                       msg::supervisor_actor supervisor, HttpSettings settings)
    : impl_(std::make_unique<Impl>(system, std::move(directory), std::move(supervisor), std::move(settings))) {
  impl_->context->max_body_bytes = impl_->settings.max_body_bytes;
  impl_->context->header_timeout = impl_->settings.header_timeout;
  impl_->context->idle_timeout = impl_->settings.idle_timeout;
  impl_->context->keepalive = impl_->settings.keepalive;
  impl_->context->serve = [impl = impl_.get()](const std::shared_ptr<HttpConnection>& c, Request&& r) {
    impl->serve(c, std::move(r));
  };
  impl_->endpoint = std::make_unique<McpEndpoint>(impl_->settings, impl_->directory);
  impl_->notifier = system.spawn(notifier_actor, impl_->endpoint.get());
}

HttpServer::~HttpServer() {
  stop(std::chrono::steady_clock::now());
  caf::anon_send_exit(impl_->notifier, caf::exit_reason::user_shutdown);
}

std::string HttpServer::start() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->settings.bind, ec);
  if (ec) return "http.bind \"" + impl_->settings.bind + "\" is not an IP address";
  tcp::endpoint where(address, impl_->settings.port);
  impl_->acceptor.open(where.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(where, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return "cannot listen on " + impl_->settings.bind + ":" + std::to_string(impl_->settings.port) + ": " + ec.message();
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->guard = std::make_unique<HostGuard>(impl_->settings.allowed_hosts, impl_->settings.allowed_origins, impl_->port);
  impl_->accepting.store(true);
  impl_->accept();
  impl_->sweep();
  for (std::size_t i = 0; i < std::max<std::size_t>(1, impl_->settings.threads); ++i)
    impl_->threads.emplace_back([this] { impl_->io.run(); });
  return {};
}

std::string HttpServer::url() const {
  auto host = impl_->settings.bind == "0.0.0.0" ? std::string("127.0.0.1") : impl_->settings.bind;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port) + impl_->settings.path;
}

void HttpServer::set_ready(bool ready) { impl_->ready.store(ready); }

msg::transport_actor HttpServer::notifier() const { return impl_->notifier; }

void HttpServer::stop(std::chrono::steady_clock::time_point deadline) {
  if (impl_->threads.empty()) return;
  impl_->accepting.store(false);
  net::post(impl_->io, [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
    impl->sweeper.cancel();
  });
  impl_->endpoint->drain(deadline);
  impl_->endpoint->close_all_sessions();
  // Give the final writes a moment to leave before the I/O threads stop.
  auto flush_until = std::min(deadline, std::chrono::steady_clock::now() + 200ms);
  while (impl_->context->open.load() > 0 && std::chrono::steady_clock::now() < flush_until)
    std::this_thread::sleep_for(5ms);
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace varlet::transports
