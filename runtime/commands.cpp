#include "runtime/commands.hpp"

#include "mcp/jsonrpc.hpp"
#include "runtime/admin_client.hpp"
#include "runtime/reload.hpp"
#include "runtime/server.hpp"
#include "transports/http/http_server.hpp"
#include "transports/stdio/stdio_transport.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>
#include <thread>

namespace varlet::runtime {
namespace {

std::chrono::steady_clock::time_point grace_deadline(const Config& config) {
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(config.shutdown_grace);
}

void add_transport(Server& server, msg::transport_actor notifier) {
  server.directory()->update([&](msg::Pools& pools) { pools.transports.push_back(std::move(notifier)); });
}

template <class D>
std::chrono::milliseconds ms(D d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}

transports::HttpSettings http_settings(const Config& config) {
  transports::HttpSettings s;
  const auto& h = config.http;
  s.bind = h.bind;
  s.port = static_cast<std::uint16_t>(h.port);
  s.path = h.path;
  s.allowed_hosts = h.allowed_hosts;
  s.allowed_origins = h.allowed_origins;
  s.stateless = h.stateless;
  s.max_body_bytes = static_cast<std::size_t>(h.max_body_bytes);
  s.header_timeout = ms(h.header_timeout);
  s.idle_timeout = ms(h.idle_timeout);
  s.write_timeout = ms(h.write_timeout);
  s.max_write_bytes = static_cast<std::size_t>(h.max_write_bytes);
  s.max_connections = static_cast<std::size_t>(h.max_connections);
  s.compress_min_bytes = static_cast<std::size_t>(h.compress_min_bytes);
  s.max_sessions = static_cast<std::size_t>(h.max_sessions);
  s.max_sessions_per_client = static_cast<std::size_t>(h.max_sessions_per_client);
  s.session_ttl = ms(h.session_ttl);
  s.trust_forwarded_for = h.trust_forwarded_for;
  s.threads = h.threads > 0 ? static_cast<std::size_t>(h.threads) : std::max(1u, std::thread::hardware_concurrency());
  s.keepalive = ms(h.keepalive);
  s.retry_ms = static_cast<std::uint32_t>(h.retry_ms);
  s.replay_events = static_cast<std::size_t>(h.replay_events);
  s.replay_bytes = static_cast<std::size_t>(h.replay_bytes);
  s.max_in_flight = static_cast<std::size_t>(config.mcp.max_in_flight);
  s.max_in_flight_per_client = static_cast<std::size_t>(h.max_in_flight_per_client);
  s.admin_bind = config.admin.bind;
  s.admin_port = static_cast<std::uint16_t>(config.admin.port);
  s.admin_token = config.admin.token;
  s.keys_file = config.auth.keys_file;
  s.oauth.issuer = config.auth.issuer;
  s.oauth.resource = config.auth.resource;
  s.oauth.audience = config.auth.audience;
  s.oauth.scopes = config.auth.scopes;
  s.oauth.jwks_url = config.auth.jwks_url;
  s.oauth.fetch_timeout = ms(config.mcp.request_timeout);
  s.rate_limits.per_second = static_cast<double>(config.limits.requests_per_minute) / 60;
  s.rate_limits.burst = static_cast<double>(config.limits.burst);
  s.rate_limits.cold_cost = static_cast<double>(config.limits.cold_cost);
  s.allow_crash = config.supervisor.crash_endpoint;
  return s;
}

// Each connection holds a descriptor: raise the soft open-files limit (1024 on many systems) so
// http.max-connections fit beside the cache's files and the upstream's sockets, and say when the
// hard limit does not allow it.
void allow_descriptors(const Config& config) {
  constexpr rlim_t spare = 256;
  auto wanted = static_cast<rlim_t>(config.http.max_connections) + spare;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted) return;
  auto raised = limit;
  raised.rlim_cur = std::min(wanted, limit.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &raised);
  if (raised.rlim_cur < wanted)
    spdlog::warn("the open files limit ({}) is below http.max-connections + {}: connections beyond it wait in the "
                 "accept queue; raise LimitNOFILE or lower http.max-connections",
                 raised.rlim_cur, spare);
}

}  // namespace

int run_stdio(Config& config, StopSignal& stop) {
  Server server(config);
  transports::StdioTransport transport(server.system(), server.directory(),
                                       static_cast<std::size_t>(config.mcp.max_line_bytes),
                                       static_cast<std::size_t>(config.mcp.max_in_flight), server.inline_server());
  add_transport(server, transport.notifier());
  server.start_background(ms(config.cache.warm_delay_stdio), [](const WarmOutcome&) {});
  std::atomic<bool> input_ended{false};
  std::thread reader([&] {
    transport.run();
    input_ended.store(true);
    stop.trigger("end of input");
  });
  auto why = stop.wait();
  spdlog::info("stopping: {}", why);
  transport.stop();
  if (!transport.drain(grace_deadline(config))) spdlog::warn("requests still in flight at the end of the grace period");
  if (!input_ended.load()) {
    // The reader is blocked in read(2) on an input that never closed; nothing more will be read.
    server.stop();
    spdlog::shutdown();
    std::fflush(nullptr);
    std::_Exit(0);
  }
  reader.join();
  return 0;
}

int run_http(Config& config, StopSignal& stop) {
  allow_descriptors(config);
  Server server(config, false);
  transports::HttpServer http(server.system(), server.directory(), server.supervisor(), http_settings(config),
                              server.inline_server());
  if (auto error = http.start(); !error.empty()) {
    spdlog::error("{}", error);
    return 1;
  }
  add_transport(server, http.notifier());
  // The admin line first: a script that waits for the public one then knows both.
  if (auto admin = http.admin_url(); !admin.empty()) std::fprintf(stderr, "admin listening on %s\n", admin.c_str());
  std::fprintf(stderr, "varlet-mcp %s listening on %s\n", VARLET_MCP_VERSION, http.url().c_str());
  std::fflush(stderr);
  // /readyz answers 503 {"status":"warming"} until the warm list is in the cache.
  server.start_background(std::chrono::milliseconds(0), [&http](const WarmOutcome&) { http.set_ready(true); });
  ConfigReloader reloader(config, [&http](const Config& fresh) { http.reload(http_settings(fresh)); });
  stop.on_reload([&reloader] { reloader.reload(); });
  auto why = stop.wait();
  stop.on_reload(nullptr);
  spdlog::info("stopping: {}", why);
  http.stop(grace_deadline(config));
  server.stop();
  return 0;
}

namespace {

class PromiseExchange final : public mcp::Exchange {
public:
  void send(std::string) override {}
  void finish(std::string body) override { promise.set_value(std::move(body)); }
  std::promise<std::string> promise;
};

}  // namespace

int run_call(Config& config, const CommandLine& command) {
  const auto& tool = command.words[0];
  boost::system::error_code ec;
  auto arguments = json::parse(command.words.size() > 1 ? command.words[1] : "{}", ec);
  if (ec || !arguments.is_object()) {
    std::cerr << "varlet-mcp: the arguments must be a JSON object, e.g. '{\"name\": \"button\"}'\n";
    return 2;
  }
  Server server(config);
  auto session = std::make_shared<mcp::Session>("call", "stdio");
  auto ask = [&](std::string_view method, json::object params) -> json::value {
    auto exchange = std::make_shared<PromiseExchange>();
    auto answer = exchange->promise.get_future();
    auto inbound = std::make_shared<msg::Inbound>();
    inbound->session = session;
    inbound->envelope =
        mcp::decode_body(mcp::encode_request(1, method, params));
    inbound->exchange = exchange;
    caf::anon_send(server.directory()->current()->dispatchers.front(), msg::handle_atom::value, std::move(inbound));
    if (answer.wait_for(config.mcp.request_timeout + std::chrono::seconds(1)) != std::future_status::ready)
      return json::object{{"error", {{"message", "no answer within mcp.request-timeout"}}}};
    return json::parse(answer.get());
  };
  ask("initialize", {{"protocolVersion", mcp::latest_protocol_version},
                     {"capabilities", json::object{}},
                     {"clientInfo", {{"name", "varlet-mcp call"}, {"version", VARLET_MCP_VERSION}}}});
  auto response = ask("tools/call", {{"name", tool}, {"arguments", arguments}});
  auto& obj = response.as_object();
  if (auto* error = obj.if_contains("error")) {
    std::cerr << "varlet-mcp: " << error->at("message").as_string().c_str() << "\n";
    return 1;
  }
  const auto& result = obj.at("result").as_object();
  if (command.json) {
    std::cout << json::serialize(result) << "\n";
  } else {
    for (auto& item : result.at("content").as_array())
      if (auto text = get_string(item.as_object(), "text")) std::cout << *text << "\n";
  }
  bool failed = result.contains("isError") && result.at("isError") == true;
  return failed ? 1 : 0;
}

namespace {

// "<n> files, <size>" of the L2 folder.
std::string disk_summary(const std::string& dir) {
  namespace fs = std::filesystem;
  std::uint64_t files = 0, bytes = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (!it->is_regular_file(size_ec) || it->path().extension() != ".l2") continue;
    ++files;
    bytes += it->file_size(size_ec);
  }
  char size[32];
  std::snprintf(size, sizeof size, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return std::to_string(files) + " files, " + size;
}

}  // namespace

namespace {

// Asks the running service to warm itself: its caches in memory and its disk cache. False when no
// service answers at the admin listener.
bool warm_service(const Config& config, const std::string& version, int& exit_code) {
  json::object body{{"locales", json::array{"en-US", "zh-CN"}}};
  if (!version.empty()) body["version"] = version;
  auto answer = ask_admin(config, "/admin/warm", json::serialize(body), 3600);
  if (!answer.reached) return false;
  boost::system::error_code ec;
  auto outcome = json::parse(answer.body, ec);
  const auto* o = ec ? nullptr : outcome.if_object();
  if (answer.status != 200 || !o) {
    std::cerr << "varlet-mcp warm: the service at " << answer.url << " answered " << answer.status << ": " << answer.body
              << "\n";
    exit_code = 1;
    return true;
  }
  std::cerr << "varlet-mcp warm: the running service (" << answer.url << ") warmed Varlet "
            << get_string(*o, "version").value_or("?") << ": " << json::serialize(*o) << "\n";
  exit_code = o->contains("ok") && o->at("ok") == true ? 0 : 1;
  return true;
}

}  // namespace

int run_warm(Config& config, const CommandLine& command) {
  int exit_code = 0;
  if (warm_service(config, command.version, exit_code)) return exit_code;
  if (config.cache.dir.empty()) {
    std::cerr << "varlet-mcp warm: [cache] dir is empty, so there is no disk cache to fill; pass "
                 "--cache.dir=PATH or set it in the config file\n";
    return 1;
  }
  Server server(config);
  WarmPlan plan;
  plan.version = command.version;  // empty: the server's default
  plan.locales = {"en-US", "zh-CN"};
  std::promise<WarmOutcome> promise;
  auto future = promise.get_future();
  server.warm(plan, [&promise](WarmOutcome outcome) { promise.set_value(std::move(outcome)); });
  // Every step of a warm has its own time limit, so it always ends; this only guards a lost answer.
  if (future.wait_for(std::chrono::hours(1)) != std::future_status::ready) {
    std::cerr << "varlet-mcp warm: no answer from the cache within an hour\n";
    return 1;
  }
  auto outcome = future.get();
  server.stop();
  if (!outcome.error.empty()) {
    std::cerr << "varlet-mcp warm: " << outcome.error << "\n";
    return 1;
  }
  if (!outcome.failures.empty()) {
    std::cerr << "varlet-mcp warm: Varlet " << outcome.version << ": " << outcome.failures.size()
              << " failures (" << outcome.answers << " of " << outcome.wanted
              << " component answers cached); first: " << outcome.failures.front() << "\n";
    return 1;
  }
  std::cerr << "varlet-mcp warm: Varlet " << outcome.version << " cached in " << config.cache.dir << ": "
            << outcome.catalogs << " catalogs, " << outcome.answers << " component answers (en-US, zh-CN) in "
            << static_cast<long>(outcome.seconds * 1000) << " ms; the folder holds " << disk_summary(config.cache.dir)
            << "\n";
  return 0;
}

}  // namespace varlet::runtime
