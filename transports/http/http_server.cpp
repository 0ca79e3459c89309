#include "transports/http/http_server.hpp"

#include "transports/http/actor_bridge.hpp"
#include "transports/http/connection.hpp"
#include "transports/http/field_value.hpp"
#include "transports/http/host_guard.hpp"
#include "transports/http/mcp_endpoint.hpp"
#include "transports/http/ops_endpoint.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <thread>

namespace varlet::transports {
namespace {

using namespace std::chrono_literals;

// Connections beyond a listener's cap get this and are closed at once.
const std::string too_many_connections = [] {
  std::string body = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Too many connections; retry shortly"}})";
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
         "Connection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}();

void refuse(tcp::socket socket) {
  auto s = std::make_shared<tcp::socket>(std::move(socket));
  net::async_write(*s, net::buffer(too_many_connections), [s](beast::error_code, std::size_t) {
    beast::error_code ec;
    s->shutdown(tcp::socket::shutdown_both, ec);
    s->close(ec);
  });
}

// The server reads no compressed request body: one that says it is gets 415, and Accept-Encoding
// tells what would do (RFC 9110 15.5.16), instead of a parse error about its bytes.
std::optional<Response> compressed_request(const Request& request) {
  auto coding = trim_ows(request[http::field::content_encoding]);
  if (coding.empty() || beast::iequals(coding, "identity")) return std::nullopt;
  auto r = json_error(415, -32000, "Unsupported Media Type: request bodies must not be compressed (Content-Encoding: " +
                                       std::string(coding.substr(0, 64)) + "); send the body as it is");
  r.headers.emplace_back("Accept-Encoding", "identity");
  return r;
}

std::string host_for_url(const std::string& bind) {
  auto host = bind == "0.0.0.0" || bind == "::" ? std::string("127.0.0.1") : bind;
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

struct HttpServer::Impl {
  // One listening socket, its connections' limits and what serves their requests.
  struct Listener {
    Listener(net::io_context& io, std::string n) : name(std::move(n)), acceptor(io), backoff_timer(io) {}
    std::string name;
    tcp::acceptor acceptor;
    std::shared_ptr<ConnectionContext> context = std::make_shared<ConnectionContext>();
    std::unique_ptr<HostGuard> guard;
    net::steady_timer backoff_timer;
    std::chrono::milliseconds backoff{0};
    std::chrono::steady_clock::time_point last_warning{};
    std::uint16_t port = 0;
  };

  caf::actor_system& system;
  std::shared_ptr<const msg::Directory> directory;
  HttpSettings settings;
  net::io_context io;
  Listener public_listener{io, "public"};
  Listener admin_listener{io, "admin"};
  net::steady_timer sweeper{io};
  std::vector<std::thread> threads;
  std::unique_ptr<McpEndpoint> endpoint;
  std::unique_ptr<OpsEndpoint> ops;
  std::atomic<bool> accepting{false};
  std::atomic<std::size_t> next_fetcher{0};
  msg::transport_actor notifier;

  Impl(caf::actor_system& sys, std::shared_ptr<const msg::Directory> dir, HttpSettings s)
      : system(sys), directory(std::move(dir)), settings(std::move(s)) {}

  bool has_admin() const { return !settings.admin_bind.empty(); }

  void accept(Listener& l) {
    l.acceptor.async_accept(net::make_strand(io), [this, &l](beast::error_code ec, tcp::socket socket) {
      if (!accepting.load()) return;
      if (ec) return accept_later(l, ec);
      l.backoff = 0ms;
      socket.set_option(tcp::no_delay(true), ec);
      if (static_cast<std::size_t>(l.context->open.load()) >= l.context->max_connections) refuse(std::move(socket));
      else std::make_shared<HttpConnection>(std::move(socket), l.context)->start();
      accept(l);
    });
  }

  // Out of descriptors (EMFILE, ENFILE) or memory, the pending connection stays queued and the
  // listening socket stays readable: accepting again at once would spin a thread. Wait instead,
  // doubling up to a second.
  void accept_later(Listener& l, const beast::error_code& ec) {
    l.backoff = std::clamp<std::chrono::milliseconds>(l.backoff * 2, 10ms, 1000ms);
    auto now = std::chrono::steady_clock::now();
    if (now - l.last_warning >= 60s) {
      l.last_warning = now;
      spdlog::warn("{} listener cannot accept connections ({}); retrying in {} ms (raise the open files limit or "
                   "lower http.max-connections)",
                   l.name, ec.message(), l.backoff.count());
    }
    l.backoff_timer.expires_after(l.backoff);
    l.backoff_timer.async_wait([this, &l](beast::error_code e) {
      if (!e && accepting.load()) accept(l);
    });
  }

  std::string listen(Listener& l, const std::string& bind, std::uint16_t port, std::string_view key) {
    beast::error_code ec;
    auto address = net::ip::make_address(bind, ec);
    if (ec) return std::string(key) + ".bind \"" + bind + "\" is not an IP address";
    tcp::endpoint where(address, port);
    l.acceptor.open(where.protocol(), ec);
    if (!ec) l.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) l.acceptor.bind(where, ec);
    if (!ec) l.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return "cannot listen on " + bind + ":" + std::to_string(port) + " (" + std::string(key) + "): " + ec.message();
    l.port = l.acceptor.local_endpoint().port();
    return {};
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
                                 public_listener.context->open.load(), static_cast<std::int64_t>(endpoint->streams())};
    caf::anon_send(pools->metrics, msg::sample_atom::value, msg::MetricSample{sample});
  }

  void serve_public(const std::shared_ptr<HttpConnection>& connection, Request&& request) {
    if (!public_listener.guard->allows(request[http::field::host], request[http::field::origin]))
      return connection->respond(json_error(403, -32000, "Forbidden: Host or Origin not allowed"));
    std::string_view target = request.target();
    auto path = target.substr(0, target.find('?'));
    if (path == settings.path) return endpoint->serve(connection, std::move(request));
    if (auto* oauth = endpoint->oauth(); oauth && oauth->is_metadata_path(path, settings.path))
      return serve_metadata(connection, request, *oauth);
    if (ops->serve_probe(connection, request, path)) return;
    Response missing;
    missing.status = 404;
    missing.content_type = "text/plain";
    missing.body = "Not found";
    connection->respond(std::move(missing));
  }

  // RFC 9728: where clients learn which authorization server issues tokens for /mcp.
  static void serve_metadata(const std::shared_ptr<HttpConnection>& connection, const Request& request, const OAuth& oauth) {
    Response r;
    if (request.method() != http::verb::get) {
      r.status = 405;
      r.headers.emplace_back("Allow", "GET");
      return connection->respond(std::move(r));
    }
    r.content_type = "application/json";
    r.body = oauth.metadata();
    connection->respond(std::move(r));
  }

  // The issuer's documents (metadata, JWKS) come through the fetcher pool like every upstream file:
  // its settings, retries and circuit breaker, and the upstream metrics under "issuer".
  OAuth::Fetch fetch_through_pool() {
    return [this](msg::FetchRequest request, std::function<void(msg::FetchResult)> done) {
      auto failed = [done](std::string why) {
        msg::FetchResult r;
        r.error = msg::FetchError{msg::FetchErrorKind::internal, std::move(why), 0, true};
        done(std::move(r));
      };
      auto pools = directory->current();
      if (pools->fetchers.empty()) return failed("no fetcher is running");
      auto fetcher = pools->fetchers[next_fetcher++ % pools->fetchers.size()];
      ask<msg::FetchResult>(system, fetcher, settings.oauth.fetch_timeout, done,
                            std::function<void(std::string)>([failed](std::string error) {
                              failed("the fetcher did not answer (" + error + ")");
                            }),
                            msg::fetch_atom::value, std::move(request));
    };
  }

  void serve_admin(const std::shared_ptr<HttpConnection>& connection, Request&& request) {
    if (!admin_listener.guard->allows(request[http::field::host], request[http::field::origin]))
      return connection->respond(json_error(403, -32000, "Forbidden: Host or Origin not allowed"));
    ops->serve_admin(connection, request);
  }

  void configure(Listener& l, std::size_t max_connections,
                 std::function<void(Impl&, const std::shared_ptr<HttpConnection>&, Request&&)> serve) {
    auto& c = *l.context;
    c.max_body_bytes = settings.max_body_bytes;
    c.header_timeout = settings.header_timeout;
    c.idle_timeout = settings.idle_timeout;
    c.write_timeout = settings.write_timeout;
    c.max_write_bytes = settings.max_write_bytes;
    c.keepalive = settings.keepalive;
    c.compress_min_bytes = settings.compress_min_bytes;
    c.max_connections = max_connections;
    c.serve = [this, serve](const std::shared_ptr<HttpConnection>& connection, Request&& request) {
      if (auto refusal = compressed_request(request)) return connection->respond(std::move(*refusal));
      serve(*this, connection, std::move(request));
    };
  }
};

namespace {
msg::transport_actor::behavior_type notifier_actor(msg::transport_actor::pointer, McpEndpoint* endpoint) {
  return {[endpoint](msg::notify_atom, const std::string& method, const std::string& uri) {
    endpoint->notify(method, uri);
  }};
}

// The admin listener serves operators, a few at a time: its own small cap keeps it reachable
// while the public one is flooded.
constexpr std::size_t admin_connections = 64;
}  // namespace

HttpServer::HttpServer(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory,
                       msg::supervisor_actor supervisor, HttpSettings settings,
                       std::shared_ptr<msg::InlineServer> inline_server)
    : impl_(std::make_unique<Impl>(system, std::move(directory), std::move(settings))) {
  auto& impl = *impl_;
  impl.configure(impl.public_listener, impl.settings.max_connections, &Impl::serve_public);
  impl.configure(impl.admin_listener, admin_connections, &Impl::serve_admin);
  impl.endpoint = std::make_unique<McpEndpoint>(impl.settings, impl.directory, std::move(inline_server));
  impl.ops = std::make_unique<OpsEndpoint>(system, impl.directory, std::move(supervisor),
                                           OpsSettings{impl.settings.admin_token, impl.settings.allow_crash},
                                           [raw = impl_.get()] { raw->report(); });
  impl.notifier = system.spawn(notifier_actor, impl.endpoint.get());
}

HttpServer::~HttpServer() {
  stop(std::chrono::steady_clock::now());
  caf::anon_send_exit(impl_->notifier, caf::exit_reason::user_shutdown);
}

std::string HttpServer::start() {
  auto& impl = *impl_;
  if (auto error = impl.endpoint->error(); !error.empty()) return error;
  if (auto error = impl.listen(impl.public_listener, impl.settings.bind, impl.settings.port, "http"); !error.empty())
    return error;
  impl.public_listener.guard =
      std::make_unique<HostGuard>(impl.settings.allowed_hosts, impl.settings.allowed_origins, impl.public_listener.port);
  if (!impl.settings.oauth.issuer.empty()) {
    auto settings = impl.settings.oauth;
    if (settings.resource.empty()) settings.resource = url();  // config.cpp leaves it empty on loopback only
    auto oauth = std::make_shared<OAuth>(settings, impl.fetch_through_pool());
    spdlog::info("auth: OAuth access tokens of {} for {}; metadata at {}", settings.issuer, settings.resource,
                 oauth->metadata_url());
    oauth->start();
    impl.endpoint->use_oauth(std::move(oauth));
  }
  if (impl.has_admin()) {
    if (auto error = impl.listen(impl.admin_listener, impl.settings.admin_bind, impl.settings.admin_port, "admin");
        !error.empty())
      return error;
    impl.admin_listener.guard = std::make_unique<HostGuard>(std::vector<std::string>{}, std::vector<std::string>{},
                                                            impl.admin_listener.port);
  }
  impl.accepting.store(true);
  impl.accept(impl.public_listener);
  if (impl.has_admin()) impl.accept(impl.admin_listener);
  impl.sweep();
  for (std::size_t i = 0; i < std::max<std::size_t>(1, impl.settings.threads); ++i)
    impl.threads.emplace_back([this] { impl_->io.run(); });
  return {};
}

std::string HttpServer::url() const {
  return "http://" + host_for_url(impl_->settings.bind) + ":" + std::to_string(impl_->public_listener.port) +
         impl_->settings.path;
}

std::string HttpServer::admin_url() const {
  if (!impl_->has_admin()) return {};
  return "http://" + host_for_url(impl_->settings.admin_bind) + ":" + std::to_string(impl_->admin_listener.port);
}

void HttpServer::set_ready(bool ready) { impl_->ops->set_ready(ready); }

void HttpServer::reload(const HttpSettings& settings) { impl_->endpoint->reload(settings); }

msg::transport_actor HttpServer::notifier() const { return impl_->notifier; }

void HttpServer::stop(std::chrono::steady_clock::time_point deadline) {
  if (impl_->threads.empty()) return;
  impl_->accepting.store(false);
  net::post(impl_->io, [impl = impl_.get()] {
    beast::error_code ec;
    for (auto* l : {&impl->public_listener, &impl->admin_listener}) {
      l->acceptor.close(ec);
      l->backoff_timer.cancel();
    }
    impl->sweeper.cancel();
  });
  impl_->endpoint->drain(deadline);
  impl_->endpoint->close_all_sessions();
  impl_->endpoint->stop_oauth();
  // Give the final writes a moment to leave before the I/O threads stop.
  auto flush_until = std::min(deadline, std::chrono::steady_clock::now() + 200ms);
  while (impl_->public_listener.context->open.load() > 0 && std::chrono::steady_clock::now() < flush_until)
    std::this_thread::sleep_for(5ms);
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace varlet::transports
