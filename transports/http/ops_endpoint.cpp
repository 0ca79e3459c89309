#include "transports/http/ops_endpoint.hpp"

#include "transports/http/actor_bridge.hpp"
#include "transports/http/api_keys.hpp"
#include "transports/http/dashboard.hpp"
#include "transports/http/media_type.hpp"

#include <cctype>

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

bool same_secret(std::string_view given, std::string_view expected) {
  // Every byte of the expected secret is looked at whatever was given, and a length mismatch is
  // folded into the same result, so the time taken says nothing about the secret.
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    diff |= static_cast<unsigned char>(g ^ static_cast<unsigned char>(expected[i]));
  }
  return diff == 0;
}

OpsEndpoint::OpsEndpoint(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory,
                         msg::supervisor_actor supervisor, OpsSettings settings, std::function<void()> before_metrics)
    : system_(system),
      directory_(std::move(directory)),
      supervisor_(std::move(supervisor)),
      settings_(std::move(settings)),
      before_metrics_(std::move(before_metrics)) {}

bool OpsEndpoint::serve_probe(const std::shared_ptr<HttpConnection>& connection, const Request& request,
                              std::string_view path) {
  if (path == "/healthz") {
    connection->respond(text(200, "application/json", R"({"status":"ok"})"));
  } else if (path == "/readyz") {
    connection->respond(ready_.load() ? text(200, "application/json", R"({"status":"ready"})")
                                      : text(503, "application/json", R"({"status":"warming"})"));
  } else if (path == "/metrics" && accepts(request[http::field::accept], "application/openmetrics-text")) {
    metrics(connection, "openmetrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
  } else if (path == "/metrics") {
    metrics(connection, "prometheus", "text/plain; version=0.0.4");
  } else {
    return false;
  }
  return true;
}

void OpsEndpoint::serve_admin(const std::shared_ptr<HttpConnection>& connection, const Request& request) {
  std::string_view target = request.target();
  auto path = target.substr(0, target.find('?'));
  if (serve_probe(connection, request, path)) return;
  if (path == "/dashboard" && request.method() == http::verb::get) return connection->respond(dashboard_page());
  if (path.substr(0, 7) != "/admin/") return connection->respond(text(404, "text/plain", "Not found"));
  if (!settings_.token.empty()) {
    auto token = bearer_token(request[http::field::authorization]);
    if (!token || !same_secret(*token, settings_.token))
      return connection->respond(text(401, "text/plain", "admin endpoints need the bearer token from admin.token"));
  }
  command(connection, request, path.substr(7));
}

void OpsEndpoint::metrics(const std::shared_ptr<HttpConnection>& connection, std::string format,
                          std::string content_type) {
  if (before_metrics_) before_metrics_();
  auto pools = directory_->current();
  if (!pools->metrics) return connection->respond(text(503, "text/plain", "metrics are not running"));
  ask<std::string>(
      system_, pools->metrics, 5000ms,
      [connection, content_type](std::string body) { connection->respond(text(200, content_type, std::move(body))); },
      [connection](std::string why) { connection->respond(text(503, "text/plain", "metrics unavailable: " + why)); },
      msg::snapshot_atom::value, format);
}

void OpsEndpoint::command(const std::shared_ptr<HttpConnection>& connection, const Request& request,
                          std::string_view what) {
  auto target = request.target();
  if (what == "metrics") return metrics(connection, "json", "application/json");
  if (what == "pools") {
    return ask<std::string>(
        system_, supervisor_, 5000ms,
        [connection](std::string body) { connection->respond(text(200, "application/json", body)); },
        [connection](std::string why) { connection->respond(text(503, "text/plain", why)); }, msg::snapshot_atom::value);
  }
  if (what == "resize" && request.method() == http::verb::post) {
    auto pool = query_param(target, "pool");
    auto size = std::strtoul(query_param(target, "size").c_str(), nullptr, 10);
    return ask<std::uint32_t>(
        system_, supervisor_, 5000ms,
        [connection](std::uint32_t now) {
          connection->respond(text(200, "application/json", R"({"size":)" + std::to_string(now) + "}"));
        },
        [connection](std::string why) { connection->respond(text(400, "text/plain", why)); }, msg::resize_atom::value,
        pool, static_cast<std::uint32_t>(size));
  }
  if ((what == "invalidate" || what == "warm") && request.method() == http::verb::post)
    return cache_admin(connection, what, request.body());
  if (what == "crash" && request.method() == http::verb::post && settings_.allow_crash) {
    auto pool = query_param(target, "pool");
    auto index = std::strtoul(query_param(target, "index").c_str(), nullptr, 10);
    return ask<bool>(
        system_, supervisor_, 5000ms,
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
void OpsEndpoint::cache_admin(const std::shared_ptr<HttpConnection>& connection, std::string_view what,
                              std::string body) {
  auto admin = caf::actor_cast<caf::actor>(system_.registry().get(caf::atom("cacheadmin")));
  if (!admin) return connection->respond(text(503, "text/plain", "the cache admin is not running"));
  bool warm = what == "warm";
  auto timeout = warm ? std::chrono::minutes(30) : std::chrono::minutes(2);
  auto send = [warm](caf::event_based_actor* self, const caf::actor& to, std::chrono::minutes t, std::string b) {
    return warm ? self->request(to, t, msg::warm_atom::value, std::move(b))
                : self->request(to, t, msg::invalidate_atom::value, std::move(b));
  };
  system_.spawn([=](caf::event_based_actor* self, caf::actor to) {  // see actor_bridge.hpp on the argument
    send(self, to, timeout, body)
        .then([connection](std::uint16_t status, std::string& json) {
                connection->respond(text(status, "application/json", std::move(json)));
              },
              [connection, self](caf::error& err) {
                connection->respond(text(503, "text/plain", "the cache admin failed: " + self->system().render(err)));
              });
  }, admin);
}

}  // namespace varlet::transports
