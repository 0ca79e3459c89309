#pragma once
// Every setting of the server: a CAF actor_system_config whose options come from an INI file
// (--config-file=...) and from --section.key=value flags. conf/varlet-mcp.ini documents each key.
#include <caf/actor_system_config.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace varlet::runtime {

struct VarletSettings {
  std::string version = "latest";  // a concrete version, a tag, a range, or "project"
  std::string locale = "en-US";
  std::string project_dir;                  // whose @varlet/ui "project" means; empty: the working directory
  std::string fallback_version = "latest";  // served for "project" when no project file decides
};

struct UpstreamSettings {
  std::string package_dir;  // the local snapshot in CDN layout; empty: none
  std::string npm_base = "https://cdn.jsdelivr.net/npm";
  std::string github_base = "https://cdn.jsdelivr.net/gh";
  std::string versions_api = "https://data.jsdelivr.com/v1/packages/npm/@varlet/ui";
  caf::timespan connect_timeout = std::chrono::seconds(5);
  caf::timespan total_timeout = std::chrono::seconds(20);
  std::int64_t max_response_bytes = 16 << 20;
  std::int64_t retries = 3;
  caf::timespan backoff_base = std::chrono::milliseconds(200);
  std::int64_t breaker_failures = 5;
  caf::timespan breaker_cooldown = std::chrono::seconds(30);
  std::int64_t max_concurrent = 16;  // transfers per fetcher
  std::int64_t max_redirects = 5;
  std::string ca_file;  // extra CA bundle; empty: the system CAs
};

struct CacheSettings {
  std::string dir;  // L2 folder; empty: no disk cache
  std::int64_t l1_bytes = 64 << 20;   // L1 budget over all shards of all kinds
  std::int64_t l2_bytes = 512 << 20;  // L2 size cap, the whole folder
  std::int64_t l2_write_queue_bytes = 64 << 20;  // entries waiting for the disk
  caf::timespan l2_write_delay = std::chrono::milliseconds(0);  // testing only
  std::int64_t shards = 2;            // initial shards per kind
  caf::timespan version_ttl = std::chrono::minutes(10);  // how long a tag or range resolution holds
  caf::timespan rendered_ttl = std::chrono::hours(0);   // 0: no expiry (content of a concrete version)
  std::vector<std::string> warm;      // components to build and render at start
  caf::timespan warm_delay_stdio = std::chrono::milliseconds(300);  // stdio: warm after the first exchange
};

struct HttpSettings {
  std::string bind = "127.0.0.1";
  std::int64_t port = 8808;
  std::string path = "/mcp";
  std::vector<std::string> allowed_hosts;    // Host values; empty: localhost names on the bound port
  std::vector<std::string> allowed_origins;  // Origin values; empty: http://localhost names on the bound port
  bool stateless = false;
  std::int64_t max_body_bytes = 4 << 20;
  caf::timespan header_timeout = std::chrono::seconds(10);  // headers, then again the body
  caf::timespan idle_timeout = std::chrono::seconds(120);
  caf::timespan write_timeout = std::chrono::seconds(30);
  std::int64_t max_write_bytes = 8 << 20;  // queued for a client that does not read
  std::int64_t max_connections = 1024;
  std::int64_t compress_min_bytes = 1024;  // smaller answers go uncompressed; 0: none is compressed
  std::int64_t max_sessions = 10000;
  std::int64_t max_sessions_per_client = 100;
  std::int64_t max_in_flight_per_client = 256;  // of mcp.max-in-flight, one client address's share
  caf::timespan session_ttl = std::chrono::hours(1);
  bool trust_forwarded_for = false;  // the client address is the rightmost X-Forwarded-For entry
  std::int64_t threads = 0;  // I/O threads; 0: one per core
  caf::timespan keepalive = std::chrono::seconds(15);
  std::int64_t retry_ms = 1000;
  std::int64_t replay_events = 256;     // events kept per stream for Last-Event-ID
  std::int64_t replay_bytes = 1 << 20;  // bytes of events kept per session
};

struct AuthSettings {
  std::string keys_file;  // API keys on /mcp (varlet-mcp keys writes it); empty: none
  std::string issuer;     // OAuth access tokens of this authorization server on /mcp; empty: none
  std::string resource;   // this server's canonical /mcp URL; empty: the listener's own (loopback only)
  std::string audience;   // what a token's aud must name; empty: resource
  std::vector<std::string> scopes;  // every one required
  std::string jwks_url;   // empty: the jwks_uri of the issuer's metadata
};

struct LimitsSettings {
  // Whole numbers, so an INI file's `burst=100` is read as it is written.
  std::int64_t requests_per_minute = 0;  // per client (API key name, else address) on /mcp; 0: no rate limit
  std::int64_t burst = 100;              // requests a quiet client may send at once
  std::int64_t cold_cost = 10;           // what a call whose answer had to be built costs; a cached answer costs 1
};

struct AdminSettings {
  std::string bind = "127.0.0.1";  // empty: no admin listener
  std::int64_t port = 8809;        // 0: a free port, printed at start
  std::string token;               // bearer token /admin requires; empty: none
};

struct McpSettings {
  std::int64_t page_size = 100;
  caf::timespan request_timeout = std::chrono::seconds(60);
  std::int64_t max_line_bytes = 4 << 20;  // stdio
  std::int64_t dispatchers = 0;           // 0: one per core
  bool serve_hits_inline = true;          // cached tools/call answers on the transport's thread
  std::int64_t max_in_flight = 1024;      // messages handed to dispatchers, not yet answered
  std::int64_t max_subscriptions = 1000;  // per session
  std::int64_t max_argument_length = 1024;  // characters of a tool's string argument without its own maxLength
  std::int64_t max_argument_items = 100;    // items of a tool's array argument without its own maxItems
  bool conformance_fixtures = false;      // conf/testing.ini only
};

struct DocsSettings {
  std::int64_t page_bytes = 12000;  // budget of one docs page handed to a model
  bool search_reads_docs = false;   // search indexes guides and examples too (needs the GitHub upstream)
  bool merge_into_api = false;      // get_component_api completes the package's API from the docs page
};

struct SupervisorSettings {
  caf::timespan interval = std::chrono::seconds(2);
  caf::timespan cooldown = std::chrono::seconds(10);
  std::int64_t fetchers_min = 1, fetchers_max = 8;
  std::int64_t shards_min = 1, shards_max = 8;
  caf::timespan restart_backoff = std::chrono::milliseconds(100);
  bool crash_endpoint = false;  // conf/testing.ini only: /admin/crash
};

struct MemorySettings {
  caf::timespan interval = std::chrono::seconds(1);
  std::int64_t warning_bytes = 384 << 20;
  std::int64_t critical_bytes = 512 << 20;
  double shrink_fraction = 0.5;
  std::int64_t floor_bytes = 4 << 20;
  std::int64_t malloc_arenas = 2;  // 0: glibc's default
};

struct LogSettings {
  std::string level = "info";
  std::string format = "text";  // text or json
};

class Config : public caf::actor_system_config {
public:
  Config();

  // Parses flags and the config file; on failure returns a message a person understands.
  std::optional<std::string> load(std::vector<std::string> args);
  // The arguments load() was given, to load the same configuration again (SIGHUP).
  const std::vector<std::string>& arguments() const { return arguments_; }
  // Every option's current value as text, by its full name ("limits.burst"), to compare two loads.
  std::map<std::string, std::string> values() const;
  // Turns a relative path of the config into an absolute one (relative to the config file).
  std::string resolve_path(const std::string& path) const;
  const std::string& config_file() const { return config_file_; }

  VarletSettings varlet;
  UpstreamSettings upstream;
  CacheSettings cache;
  HttpSettings http;
  AdminSettings admin;
  AuthSettings auth;
  LimitsSettings limits;
  McpSettings mcp;
  DocsSettings docs;
  SupervisorSettings supervisor;
  MemorySettings memory;
  LogSettings log;
  caf::timespan shutdown_grace = std::chrono::seconds(10);

private:
  std::optional<std::string> check_file_values(const std::vector<std::string>& flags);
  std::optional<std::string> check_auth() const;

  std::map<std::string, bool*> bool_options_;  // "--section.key" -> the setting it fills
  std::string config_file_;
  std::vector<std::string> arguments_;
};

// The built-in default config file next to the binary (<exe>/../conf/varlet-mcp.ini), if present.
std::string default_config_file(const std::string& argv0);

}  // namespace varlet::runtime
