#include "runtime/config.hpp"
#include "runtime/platform.hpp"

#include <caf/config_option_adder.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

namespace varlet::runtime {
namespace fs = std::filesystem;

Config::Config() {
  // CAF starts at least four workers; one per core serves this workload better.
  set("scheduler.max-threads", std::max<std::size_t>(1, std::thread::hardware_concurrency()));
  auto group = [this](std::string_view name) { return opt_group{custom_options_, name}; };
  auto flag = [this](caf::config_option_adder& g, bool& ref, std::string_view section, std::string_view key,
                     std::string_view help) {
    g.add(ref, key, help);
    bool_options_["--" + std::string(section) + "." + std::string(key)] = &ref;
  };

  group("varlet")
      .add(varlet.version, "version",
           "Varlet version served by default: concrete, tag (latest), range (^3.2) or project (the project's own)")
      .add(varlet.locale, "locale", "default documentation locale: en-US or zh-CN")
      .add(varlet.project_dir, "project-dir", "the project whose @varlet/ui version \"project\" means (default: the working directory)")
      .add(varlet.fallback_version, "fallback-version", "served for \"project\" when no project file names a version");
  group("upstream")
      .add(upstream.package_dir, "package-dir", "local package snapshot in CDN layout (offline upstream)")
      .add(upstream.npm_base, "npm-base", "npm files CDN: {base}/@varlet/ui@{version}/{path}")
      .add(upstream.github_base, "github-base", "GitHub files CDN: {base}/varletjs/varlet@v{version}/{path}")
      .add(upstream.versions_api, "versions-api", "versions API listing tags and versions")
      .add(upstream.connect_timeout, "connect-timeout", "connect timeout per attempt")
      .add(upstream.total_timeout, "total-timeout", "total timeout per attempt")
      .add(upstream.max_response_bytes, "max-response-bytes", "largest accepted response body")
      .add(upstream.retries, "retries", "retries on timeouts, resets and 5xx (never on 404)")
      .add(upstream.backoff_base, "backoff-base", "first retry delay; doubles each retry, with jitter")
      .add(upstream.breaker_failures, "breaker-failures", "consecutive failures that open a host's breaker")
      .add(upstream.breaker_cooldown, "breaker-cooldown", "how long an open breaker refuses before a trial")
      .add(upstream.max_concurrent, "max-concurrent", "concurrent transfers per fetcher")
      .add(upstream.max_redirects, "max-redirects", "redirects one fetch may follow (https never to http)")
      .add(upstream.ca_file, "ca-file", "extra CA bundle (PEM) for TLS upstreams; empty: the system CAs");
  group("cache")
      .add(cache.dir, "dir", "L2 disk cache folder; empty disables L2")
      .add(cache.l1_bytes, "l1-bytes", "L1 memory budget in bytes, shared by all shards")
      .add(cache.l2_bytes, "l2-bytes", "L2 disk cap in bytes, for the whole cache folder")
      .add(cache.l2_write_queue_bytes, "l2-write-queue-bytes", "entries waiting for the disk, at most; beyond: not written")
      .add(cache.l2_write_delay, "l2-write-delay", "testing only: sleep before each L2 write (a slow disk)")
      .add(cache.shards, "shards", "initial shards per resource kind")
      .add(cache.version_ttl, "version-ttl", "how long a tag or range resolution is trusted")
      .add(cache.rendered_ttl, "rendered-ttl", "expiry of rendered tool answers; 0 = none")
      .add(cache.warm, "warm", "components to build and render at start")
      .add(cache.warm_delay_stdio, "warm-delay-stdio", "over stdio, how long after start warming begins");
  auto http_group = group("http");
  http_group.add(http.bind, "bind", "address to listen on")
      .add(http.port, "port", "port to listen on; 0 picks a free one")
      .add(http.path, "path", "the MCP endpoint path")
      .add(http.allowed_hosts, "allowed-hosts", "accepted Host headers; [] = localhost names on the port")
      .add(http.allowed_origins, "allowed-origins", "accepted Origin headers; [] = localhost origins on the port");
  flag(http_group, http.stateless, "http", "stateless", "no sessions: every POST stands alone");
  http_group.add(http.max_body_bytes, "max-body-bytes", "largest accepted request body")
      .add(http.header_timeout, "header-timeout", "time allowed to send request headers, and again the body")
      .add(http.idle_timeout, "idle-timeout", "idle keep-alive connections close after this")
      .add(http.write_timeout, "write-timeout", "a write the client does not take within this closes it")
      .add(http.max_write_bytes, "max-write-bytes", "bytes queued for a client that does not read, at most")
      .add(http.max_connections, "max-connections", "open connections at most; more get 503")
      .add(http.compress_min_bytes, "compress-min-bytes",
           "answers this large or larger are gzip- or brotli-encoded when the client accepts it; 0 = never")
      .add(http.max_sessions, "max-sessions", "open sessions at most")
      .add(http.max_sessions_per_client, "max-sessions-per-client", "open sessions of one client address at most")
      .add(http.max_in_flight_per_client, "max-in-flight-per-client",
           "messages of one client address being handled at most")
      .add(http.session_ttl, "session-ttl", "sessions unused this long end");
  flag(http_group, http.trust_forwarded_for, "http", "trust-forwarded-for",
       "the client address is the rightmost X-Forwarded-For entry (behind a reverse proxy)");
  http_group.add(http.threads, "threads", "I/O threads; 0 = one per core")
      .add(http.keepalive, "keepalive", "interval of keep-alive comments on idle SSE streams")
      .add(http.retry_ms, "retry-ms", "SSE retry: hint sent to clients")
      .add(http.replay_events, "replay-events", "events kept per stream for Last-Event-ID replay")
      .add(http.replay_bytes, "replay-bytes", "bytes of events kept per session for replay");
  group("admin")
      .add(admin.bind, "bind", "address of the admin listener; empty = none")
      .add(admin.port, "port", "port of the admin listener; 0 picks a free one")
      .add(admin.token, "token", "bearer token required by /admin endpoints; empty = none");
  group("auth")
      .add(auth.keys_file, "keys-file",
           "API keys /mcp requires (names and SHA-256 hashes; varlet-mcp keys writes it); empty = none")
      .add(auth.issuer, "issuer", "OAuth authorization server whose JWT access tokens /mcp accepts; empty = none")
      .add(auth.resource, "resource", "this server's canonical /mcp URL, as clients reach it (OAuth)")
      .add(auth.audience, "audience", "what an access token's aud must name; empty = auth.resource")
      .add(auth.scopes, "scopes", "scopes every access token must grant")
      .add(auth.jwks_url, "jwks-url", "the issuer's JWKS; empty = the jwks_uri of its metadata");
  group("limits")
      .add(limits.requests_per_minute, "requests-per-minute",
           "requests a minute each client may make on /mcp over time; 0 = no rate limit")
      .add(limits.burst, "burst", "requests a client that kept quiet may send at once")
      .add(limits.cold_cost, "cold-cost", "what a call whose answer had to be built costs; a cached answer costs 1");
  auto mcp_group = group("mcp");
  mcp_group.add(mcp.page_size, "page-size", "items per page of list results")
      .add(mcp.request_timeout, "request-timeout", "longest a request may wait for data")
      .add(mcp.max_line_bytes, "max-line-bytes", "longest accepted stdio line")
      .add(mcp.dispatchers, "dispatchers", "dispatcher actors; 0 = one per core")
      .add(mcp.max_in_flight, "max-in-flight", "messages handed to dispatchers and not yet answered, at most")
      .add(mcp.max_subscriptions, "max-subscriptions", "resource subscriptions per session at most")
      .add(mcp.max_argument_length, "max-argument-length", "characters of a tool's string argument at most")
      .add(mcp.max_argument_items, "max-argument-items", "items of a tool's array argument at most");
  flag(mcp_group, mcp.serve_hits_inline, "mcp", "serve-hits-inline",
       "answer a tools/call whose answer is cached on the transport's thread, with no actor hop");
  flag(mcp_group, mcp.conformance_fixtures, "mcp", "conformance-fixtures",
       "register the conformance suite's test_* fixtures (testing only)");
  auto docs_group = group("docs");
  docs_group.add(docs.page_bytes, "page-bytes", "budget in bytes of one docs page handed to a model");
  flag(docs_group, docs.search_reads_docs, "docs", "search-reads-docs",
       "search indexes guides and examples from the docs too (needs the GitHub upstream)");
  flag(docs_group, docs.merge_into_api, "docs", "merge-into-api",
       "get_component_api completes the package's API from the component's docs page (needs the GitHub upstream)");
  auto sup = group("supervisor");
  sup.add(supervisor.interval, "interval", "how often load is measured and pools resized")
      .add(supervisor.cooldown, "cooldown", "least time between two resizes of one pool")
      .add(supervisor.fetchers_min, "fetchers-min", "fetcher pool lower bound")
      .add(supervisor.fetchers_max, "fetchers-max", "fetcher pool upper bound")
      .add(supervisor.shards_min, "shards-min", "shards per kind lower bound")
      .add(supervisor.shards_max, "shards-max", "shards per kind upper bound")
      .add(supervisor.restart_backoff, "restart-backoff", "first delay before restarting a crashed actor");
  flag(sup, supervisor.crash_endpoint, "supervisor", "crash-endpoint", "allow /admin/crash (testing only)");
  group("memory")
      .add(memory.interval, "interval", "RSS sampling interval")
      .add(memory.warning_bytes, "warning-bytes", "RSS that makes shards shrink L1")
      .add(memory.critical_bytes, "critical-bytes", "RSS that drops L1 to its floor and refuses cold loads")
      .add(memory.shrink_fraction, "shrink-fraction", "share of L1 released on warning")
      .add(memory.floor_bytes, "floor-bytes", "L1 budget kept under critical pressure")
      .add(memory.malloc_arenas, "malloc-arenas", "glibc malloc arenas at most; 0 = glibc's default (8 per core)");
  group("log")
      .add(log.level, "level", "trace, debug, info, warn, error, critical or off")
      .add(log.format, "format", "text or json");
  group("shutdown").add(shutdown_grace, "grace", "time in-flight work gets to finish on SIGTERM");
}

namespace {

// What a person should write for an option of this type.
std::string expected_value(const caf::config_option& option) {
  auto t = option.type_name();
  std::string type(t.data(), t.size());
  return type == "int64"      ? "an integer"
         : type == "timespan" ? "a duration such as 500ms or 10s"
         : type == "real64"   ? "a number"
         : type == "boolean"  ? "true or false"
         : type == "string"   ? "a string"
                              : "a " + type;
}

std::string field(const std::string& rendered, const char* name) {
  std::smatch m;
  std::regex re(std::string("\"") + name + "\" = (\"([^\"]*)\"|([0-9]+))");
  if (!std::regex_search(rendered, m, re)) return {};
  return m[2].matched ? m[2].str() : m[3].str();
}

std::string line_of(const std::string& file, int number) {
  std::ifstream in(file);
  std::string line;
  for (int i = 1; std::getline(in, line); ++i)
    if (i == number) return line;
  return {};
}

}  // namespace

// CAF skips a file value of the wrong type without a word, leaving the default in place: say so
// instead, and read a whole number given for a real one (burst=100, shrink-fraction=1) as it is meant.
std::optional<std::string> Config::check_file_values(const std::vector<std::string>& flags) {
  if (config_file_.empty()) return std::nullopt;
  auto file = parse_config_file(config_file_.c_str());
  if (!file) return std::nullopt;  // parse() said why already
  for (const auto& option : custom_options_) {
    auto name = option.full_name();
    const auto* value = caf::get_if(&*file, name);
    if (!value || !option.check(*value)) continue;
    auto flag = "--" + std::string(name.data(), name.size());
    if (std::any_of(flags.begin(), flags.end(), [&](const std::string& f) { return f == flag || f.rfind(flag + "=", 0) == 0; }))
      continue;  // a flag overrides the file
    if (const auto* whole = caf::get_if<std::int64_t>(value); whole && option.type_name() == "real64") {
      option.store(caf::config_value{static_cast<double>(*whole)});
      continue;
    }
    return config_file_ + ": " + std::string(name.data(), name.size()) + " = " + caf::to_string(*value) +
           " is not " + expected_value(option);
  }
  return std::nullopt;
}

std::map<std::string, std::string> Config::values() const {
  std::map<std::string, std::string> out;
  for (const auto& option : custom_options_) {
    auto value = option.get();
    auto name = option.full_name();
    if (value) out.emplace(std::string(name.data(), name.size()), caf::to_string(*value));
  }
  return out;
}

std::optional<std::string> Config::load(std::vector<std::string> args) {
  arguments_ = args;
  // CAF reads booleans as bare flags; accept --a.b=true and --a.b=false as well.
  std::vector<bool*> forced_false;
  std::vector<std::string> cli;
  for (auto& a : args) {
    auto eq = a.find('=');
    auto name = a.substr(0, eq);
    if (auto option = bool_options_.find(name); eq != std::string::npos && option != bool_options_.end()) {
      auto value = a.substr(eq + 1);
      if (value == "true") cli.push_back(name);
      else if (value == "false") forced_false.push_back(option->second);
      else return "option " + name + " takes true or false, not \"" + value + "\"";
      continue;
    }
    if (a.rfind("--config-file=", 0) == 0) config_file_ = a.substr(14);
    // CAF refuses an empty value; --upstream.package-dir= means the empty string, as in the file.
    if (eq != std::string::npos && eq + 1 == a.size() && a.rfind("--", 0) == 0) {
      cli.push_back(a + "\"\"");
      continue;
    }
    cli.push_back(a);
  }
  // Environment variables peers' users already set, unless a flag says otherwise.
  auto has_flag = [&](const std::string& prefix) {
    return std::any_of(cli.begin(), cli.end(), [&](const std::string& a) { return a.rfind(prefix, 0) == 0; });
  };
  if (auto* v = std::getenv("VARLET_VERSION"); v && *v && !has_flag("--varlet.version"))
    cli.insert(cli.begin(), "--varlet.version=" + std::string(v));
  if (auto* v = std::getenv("CACHE_TTL"); v && *v && !has_flag("--cache.version-ttl")) {
    std::string ttl(v);
    bool digits = std::all_of(ttl.begin(), ttl.end(), [](char c) { return c >= '0' && c <= '9'; });
    cli.insert(cli.begin(), "--cache.version-ttl=" + ttl + (digits ? "s" : ""));
  }
  if (auto err = parse(cli)) {
    auto text = render(err);
    auto argument = field(text, "argument");
    auto line = field(text, "line");
    if (text.find("cannot_open_file") != std::string::npos)
      return "cannot open config file " + config_file_;
    if (!line.empty()) {
      auto column = field(text, "column");
      auto content = line_of(config_file_, std::stoi(line));
      return config_file_ + ", line " + line + ", column " + column + ": cannot read `" + content +
             "` (strings must be quoted, e.g. dir=\"cache\"; lists look like [\"a\", \"b\"]; durations like 10s)";
    }
    if (text.find("not_an_option") != std::string::npos)
      return "unknown option " + argument.substr(0, argument.find('=')) + " (see --help)";
    if (!argument.empty()) {
      auto* opt = custom_options_.qualified_name_lookup(argument.substr(2, argument.find('=') - 2));
      return "bad value in " + argument + ": expected " + (opt ? expected_value(*opt) : "a value of the right type");
    }
    return "cannot read the configuration: " + text;
  }
  if (auto error = check_file_values(cli)) return error;
  for (auto* setting : forced_false) *setting = false;
  if (varlet.locale != "en-US" && varlet.locale != "zh-CN")
    return "varlet.locale must be en-US or zh-CN, not \"" + varlet.locale + "\"";
  if (varlet.fallback_version.empty() || varlet.fallback_version == "project")
    return "varlet.fallback-version must be a version, tag or range (it stands in for \"project\")";
  if (http.port < 0 || http.port > 65535) return "http.port must be between 0 and 65535";
  if (admin.port < 0 || admin.port > 65535) return "admin.port must be between 0 and 65535";
  for (auto [value, key] : {std::pair{http.max_connections, "http.max-connections"},
                            {http.max_sessions, "http.max-sessions"},
                            {http.max_sessions_per_client, "http.max-sessions-per-client"},
                            {http.max_in_flight_per_client, "http.max-in-flight-per-client"},
                            {mcp.max_in_flight, "mcp.max-in-flight"},
                            {mcp.max_subscriptions, "mcp.max-subscriptions"},
                            {mcp.max_argument_length, "mcp.max-argument-length"},
                            {mcp.max_argument_items, "mcp.max-argument-items"}})
    if (value < 1) return std::string(key) + " must be at least 1";
  if (http.compress_min_bytes < 0) return "http.compress-min-bytes must be 0 (never compress) or more";
  if (limits.requests_per_minute < 0) return "limits.requests-per-minute must be 0 (no limit) or more";
  if (limits.burst < 1) return "limits.burst must be at least 1";
  if (limits.cold_cost < 1) return "limits.cold-cost must be at least 1";
  if (docs.page_bytes < 1000) return "docs.page-bytes must be at least 1000";
  if (upstream.max_redirects < 0) return "upstream.max-redirects must be 0 or more";
  if (cache.l2_write_queue_bytes < 1) return "cache.l2-write-queue-bytes must be at least 1";
  if (auto error = check_auth()) return error;
  upstream.package_dir = resolve_path(upstream.package_dir);
  cache.dir = resolve_path(cache.dir);
  upstream.ca_file = resolve_path(upstream.ca_file);
  auth.keys_file = resolve_path(auth.keys_file);
  // The project is where the server runs, as a client that launches it expects, not where the config lives.
  std::error_code ec;
  auto project = varlet.project_dir.empty() ? fs::current_path(ec) : fs::absolute(varlet.project_dir, ec);
  if (!ec) varlet.project_dir = project.lexically_normal().string();
  return std::nullopt;
}

std::optional<std::string> Config::check_auth() const {
  // Absolute http(s) URLs without a fragment; the issuer without a query either (RFC 8414).
  static const std::regex plain_url(R"(https?://[^/?#\s]+(/[^?#\s]*)?)", std::regex::icase);
  static const std::regex resource_url(R"(https?://[^/?#\s]+(/[^#\s]*)?)", std::regex::icase);
  static const std::regex scope_token(R"([\x21\x23-\x5b\x5d-\x7e]+)");
  if (auth.issuer.empty()) {
    if (!auth.resource.empty() || !auth.audience.empty() || !auth.jwks_url.empty() || !auth.scopes.empty())
      return std::string("auth.resource, auth.audience, auth.scopes and auth.jwks-url need auth.issuer");
    return std::nullopt;
  }
  if (!std::regex_match(auth.issuer, plain_url)) return "auth.issuer \"" + auth.issuer + "\" is not an http(s) URL without query";
  if (!auth.jwks_url.empty() && !std::regex_match(auth.jwks_url, resource_url))
    return "auth.jwks-url \"" + auth.jwks_url + "\" is not an absolute http(s) URL without fragment";
  if (!auth.resource.empty() && !std::regex_match(auth.resource, resource_url))
    return "auth.resource \"" + auth.resource + "\" is not an absolute http(s) URL without fragment";
  for (const auto& scope : auth.scopes)
    if (!std::regex_match(scope, scope_token)) return "auth.scopes: \"" + scope + "\" is not a scope (no spaces, quotes or backslashes)";
  // The listener's own URL names this server only where clients reach it by that address.
  bool loopback = http.bind == "127.0.0.1" || http.bind == "::1" || http.bind == "localhost";
  if (auth.resource.empty() && !loopback)
    return "auth.resource must be set when http.bind is " + http.bind + ": the URL clients reach /mcp at, e.g. https://mcp.example.com/mcp";
  return std::nullopt;
}

std::string Config::resolve_path(const std::string& path) const {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  fs::path base = config_file_.empty() ? fs::current_path() : fs::absolute(config_file_).parent_path();
  return (base / path).lexically_normal().string();
}

std::string default_config_file(const std::string& argv0) {
  std::error_code ec;
  auto candidate = platform::executable_path(argv0).parent_path().parent_path() / "conf" / "varlet-mcp.ini";
  return fs::exists(candidate, ec) ? candidate.string() : std::string();
}

}  // namespace varlet::runtime
