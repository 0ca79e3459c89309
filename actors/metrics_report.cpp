#include "actors/metrics_report.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>

namespace varlet::actors {
namespace {

// -- Reading a snapshot that may lack any field.

const json::object* object_at(const json::object* o, std::string_view key) {
  auto* v = o ? o->if_contains(key) : nullptr;
  return v && v->is_object() ? &v->get_object() : nullptr;
}

const json::array* array_at(const json::object* o, std::string_view key) {
  auto* v = o ? o->if_contains(key) : nullptr;
  return v && v->is_array() ? &v->get_array() : nullptr;
}

std::optional<double> maybe_number(const json::object* o, std::string_view key) {
  auto* v = o ? o->if_contains(key) : nullptr;
  if (!v) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return std::nullopt;
}

double number(const json::object* o, std::string_view key) { return maybe_number(o, key).value_or(0); }

std::uint64_t count(const json::object* o, std::string_view key) {
  auto n = number(o, key);
  if (!(n > 0)) return 0;
  constexpr auto most = std::numeric_limits<std::uint64_t>::max();
  return n >= static_cast<double>(most) ? most : static_cast<std::uint64_t>(n);
}

std::string text(const json::object* o, std::string_view key) {
  auto* v = o ? o->if_contains(key) : nullptr;
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// Calls `each(name, object)` for every member of o[key] that is an object.
template <class Each>
void for_each_object(const json::object* o, std::string_view key, Each each) {
  if (auto* members = object_at(o, key))
    for (auto& [name, value] : *members)
      if (value.is_object()) each(std::string(name), value.get_object());
}

// -- Formatting figures for people.

std::string duration(double seconds) {
  if (seconds <= 0) return "0";
  if (seconds < 0.001) return fmt::format("{:.0f}us", seconds * 1e6);
  if (seconds < 1) return fmt::format("{:.1f}ms", seconds * 1e3);
  return fmt::format("{:.2f}s", seconds);
}

std::string bytes(double n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  while (n >= 1024 && unit + 1 < std::size(units)) {
    n /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} B", n) : fmt::format("{:.1f} {}", n, units[unit]);
}

std::string times(std::uint64_t n) { return n == 1 ? "once" : fmt::format("{} times", n); }

std::string percent(double ratio) { return fmt::format("{:.1f}%", ratio * 100); }

std::string uptime(double seconds) {
  auto s = static_cast<std::uint64_t>(std::max(0.0, seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m", s / 3600, s % 3600 / 60);
}

// Columns sized to their widest cell; the first left-aligned, the others right-aligned.
class TextTable {
public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.size() == 1; }

  std::string render() const {
    std::vector<std::size_t> widths;
    for (auto& row : rows_) {
      widths.resize(std::max(widths.size(), row.size()));
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    std::string out;
    for (auto& row : rows_) {
      out += "  ";
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i == 0) out += fmt::format("{:<{}}", row[i], widths[i]);
        else out += fmt::format("  {:>{}}", row[i], widths[i]);
      }
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += '\n';
    }
    return out;
  }

private:
  std::vector<std::vector<std::string>> rows_;
};

std::vector<std::string> series_cells(std::string label, const json::object& series) {
  auto* latency = object_at(&series, "latencySeconds");
  return {std::move(label),
          std::to_string(count(&series, "count")),
          std::to_string(count(&series, "errors")),
          duration(number(latency, "p50")),
          duration(number(latency, "p95")),
          duration(number(latency, "p99")),
          duration(number(latency, "max"))};
}

std::string requests_section(const json::object* root) {
  auto* requests = object_at(root, "requests");
  std::string out = fmt::format("\nRequests: {} answered, {} failed\n", count(requests, "total"), count(requests, "errors"));
  TextTable methods({"method / name", "count", "errors", "p50", "p95", "p99", "max"});
  auto* by_name = object_at(requests, "byName");
  for_each_object(requests, "byMethod", [&](const std::string& method, const json::object& series) {
    methods.row(series_cells(method, series));
    for_each_object(by_name, method, [&](const std::string& name, const json::object& s) {
      methods.row(series_cells("  " + name, s));
    });
  });
  if (!methods.empty()) out += methods.render();
  TextTable transports({"transport", "count", "errors", "p50", "p95", "p99", "max"});
  for_each_object(requests, "byTransport", [&](const std::string& transport, const json::object& series) {
    if (count(&series, "count") > 0) transports.row(series_cells(transport, series));
  });
  if (!transports.empty()) out += "\n" + transports.render();
  TextTable clients({"client", "count", "errors"});
  for_each_object(requests, "byClient", [&](const std::string& client, const json::object& tally) {
    clients.row({client, std::to_string(count(&tally, "count")), std::to_string(count(&tally, "errors"))});
  });
  if (!clients.empty()) out += "\n" + clients.render();
  auto* warm = object_at(object_at(root, "background"), "warm");
  if (warm) out += fmt::format("\nThe server's own warm-up calls (not counted above): {}, {} failed\n", count(warm, "count"), count(warm, "errors"));
  return out;
}

std::string caches_section(const json::object* root) {
  TextTable table({"cache", "shards", "hit rate", "L1 hits", "L2 hits", "misses", "loads", "load errors", "stale",
                   "evictions", "entries", "L1 bytes", "budget", "mailbox"});
  for_each_object(root, "caches", [&](const std::string& kind, const json::object& c) {
    auto rate = maybe_number(&c, "hitRate");
    table.row({kind, std::to_string(count(&c, "shards")), rate ? percent(*rate) : "-",
               std::to_string(count(&c, "l1Hits")), std::to_string(count(&c, "l2Hits")),
               std::to_string(count(&c, "misses")), std::to_string(count(&c, "loads")),
               std::to_string(count(&c, "loadErrors")), std::to_string(count(&c, "staleServed")),
               std::to_string(count(&c, "evictions")), std::to_string(count(&c, "entries")),
               bytes(number(&c, "bytes")), bytes(number(&c, "budgetBytes")), std::to_string(count(&c, "mailboxMax"))});
  });
  return table.empty() ? "" : "\nCaches\n" + table.render();
}

std::string disk_section(const json::object* root) {
  auto* l2 = object_at(root, "l2");
  if (!l2) return "";
  auto out = fmt::format(
      "\nDisk cache: {} files, {} of a {} cap; {} waiting to be written (cap {}); {} writes, {} failed, {} dropped, "
      "{} evicted, {} corrupt\n",
      count(l2, "entries"), bytes(number(l2, "bytes")), bytes(number(l2, "capBytes")), bytes(number(l2, "queuedBytes")),
      bytes(number(l2, "queueCapBytes")), count(l2, "writes"), count(l2, "writeErrors"), count(l2, "droppedWrites"),
      count(l2, "evictions"), count(l2, "corrupt"));
  if (auto error = text(l2, "lastWriteError"); !error.empty()) out += "  last write error: " + error + "\n";
  return out;
}

std::string upstreams_section(const json::object* root) {
  TextTable table({"upstream", "transfers", "errors", "retries", "p50", "p95", "p99", "max", "breaker", "opened"});
  for_each_object(root, "upstreams", [&](const std::string& name, const json::object& u) {
    auto* latency = object_at(&u, "latencySeconds");
    table.row({name, std::to_string(count(&u, "requests")), std::to_string(count(&u, "errors")),
               std::to_string(count(&u, "retries")), duration(number(latency, "p50")),
               duration(number(latency, "p95")), duration(number(latency, "p99")),
               duration(number(latency, "max")), text(&u, "breaker"), std::to_string(count(&u, "breakerOpens"))});
  });
  return table.empty() ? "" : "\nUpstreams\n" + table.render();
}

std::string pools_section(const json::object* root) {
  auto* restarts = object_at(object_at(root, "restarts"), "byActor");
  TextTable table({"pool", "size", "queued", "busy", "scale events", "restarts"});
  for_each_object(root, "pools", [&](const std::string& name, const json::object& p) {
    table.row({name, std::to_string(count(&p, "size")), std::to_string(count(&p, "queued")),
               duration(number(&p, "busySeconds")), std::to_string(count(&p, "scaleEvents")),
               std::to_string(count(restarts, name))});
  });
  return table.empty() ? "" : "\nPools\n" + table.render();
}

std::string events_section(const json::object* root) {
  std::string out;
  if (auto* recent = array_at(object_at(root, "scaleEvents"), "recent"); recent && !recent->empty()) {
    out += "\nRecent scale events\n";
    for (auto& e : *recent)
      if (auto* o = e.if_object())
        out += fmt::format("  {}  {} {} -> {}: {}\n", text(o, "time"), text(o, "pool"), count(o, "from"),
                           count(o, "to"), text(o, "reason"));
  }
  if (auto* recent = array_at(object_at(root, "restarts"), "recent"); recent && !recent->empty()) {
    out += "\nRecent restarts\n";
    for (auto& e : *recent)
      if (auto* o = e.if_object())
        out += fmt::format("  {}  {}: {}\n", text(o, "time"), text(o, "actor"), text(o, "reason"));
  }
  return out;
}

std::string memory_section(const json::object* root) {
  auto* memory = object_at(root, "memory");
  if (!memory) return "";
  auto* transitions = object_at(memory, "transitions");
  return fmt::format("\nMemory: RSS {} (peak {}), pressure {}; entered warning {}, critical {}\n",
                     bytes(number(memory, "rssBytes")), bytes(number(memory, "peakRssBytes")),
                     text(memory, "level"), times(count(transitions, "warning")),
                     times(count(transitions, "critical")));
}

std::string connections_section(const json::object* root) {
  std::string out;
  for_each_object(root, "connections", [&](const std::string& transport, const json::object& c) {
    out += fmt::format("  {}: {} sessions, {} connections, {} SSE streams\n", transport, count(&c, "sessions"),
                       count(&c, "connections"), count(&c, "streams"));
  });
  return out.empty() ? "" : "\nSessions\n" + out;
}

// -- Diagnostics.

// The config key that names where an upstream lives.
std::string upstream_key(const std::string& upstream) {
  static const std::map<std::string, std::string, std::less<>> keys = {{"npm", "upstream.npm-base"},
                                                                       {"github", "upstream.github-base"},
                                                                       {"versions", "upstream.versions-api"},
                                                                       {"package-dir", "upstream.package-dir"}};
  auto it = keys.find(upstream);
  return it == keys.end() ? "upstream.total-timeout" : it->second;
}

// The config key that bounds a pool's size.
std::string pool_key(const std::string& pool) {
  if (pool == "fetcher") return "supervisor.fetchers-max";
  if (pool.starts_with("shard:")) return "supervisor.shards-max";
  if (pool == "dispatcher") return "mcp.dispatchers";
  return "";
}

void diagnose_caches(const json::object* root, const DiagnosticThresholds& t, bool under_pressure,
                     std::vector<Diagnostic>& out) {
  for_each_object(root, "caches", [&](const std::string& kind, const json::object& c) {
    auto hits = count(&c, "l1Hits") + count(&c, "l2Hits");
    auto lookups = hits + count(&c, "misses");
    if (lookups < t.min_lookups) return;
    double rate = static_cast<double>(hits) / static_cast<double>(lookups);
    if (rate >= t.min_hit_rate) {
      if (count(&c, "mailboxMax") > t.max_mailbox)
        out.push_back({"warning", "cache " + kind,
                       fmt::format("a shard has {} messages waiting", count(&c, "mailboxMax")),
                       "the shards cannot keep up: raise supervisor.shards-max so the group can grow",
                       "supervisor.shards-max"});
      return;
    }
    auto finding = fmt::format("hit rate {} over {} lookups (target {})", percent(rate), lookups,
                               percent(t.min_hit_rate));
    auto evictions = count(&c, "evictions");
    if (evictions > 0) {
      finding += fmt::format("; {} evictions, L1 holds {} of a {} budget", evictions, bytes(number(&c, "bytes")),
                             bytes(number(&c, "budgetBytes")));
      auto advice = std::string("L1 is smaller than the working set: raise cache.l1-bytes (shared by every shard)");
      if (under_pressure) advice += "; the budget is also cut by memory pressure (see the memory finding)";
      out.push_back({"warning", "cache " + kind, finding, advice, "cache.l1-bytes"});
    } else if (kind == "version") {
      out.push_back({"warning", "cache " + kind, finding,
                     "tag and range resolutions expire before they are reused: raise cache.version-ttl",
                     "cache.version-ttl"});
    } else if (count(&c, "l2Hits") == 0) {
      out.push_back({"warning", "cache " + kind, finding + "; the disk level answered nothing",
                     "misses are first loads and nothing survives a restart: set cache.dir to a writable folder "
                     "so the disk cache (L2) keeps loaded files",
                     "cache.dir"});
    } else {
      out.push_back({"info", "cache " + kind, finding + "; no evictions, so misses are first loads",
                     "build what clients ask for most at start: add those components to cache.warm",
                     "cache.warm"});
    }
  });
}

void diagnose_disk(const json::object* root, std::vector<Diagnostic>& out) {
  auto* l2 = object_at(root, "l2");
  if (auto failed = count(l2, "writeErrors"); failed > 0)
    out.push_back({"warning", "disk cache",
                   fmt::format("{} writes failed (last: {})", failed, text(l2, "lastWriteError")),
                   "entries stay in memory only: free space on the disk of cache.dir, or point cache.dir at a "
                   "writable folder",
                   "cache.dir"});
  if (auto dropped = count(l2, "droppedWrites"); dropped > 0)
    out.push_back({"warning", "disk cache",
                   fmt::format("{} entries were not written because the write queue was full", dropped),
                   "the disk is slower than the cache fills: use a faster disk or raise cache.l2-write-queue-bytes",
                   "cache.l2-write-queue-bytes"});
}

void diagnose_memory(const json::object* root, std::vector<Diagnostic>& out) {
  auto* memory = object_at(root, "memory");
  if (!memory) return;
  auto level = text(memory, "level");
  auto rss = bytes(number(memory, "rssBytes"));
  if (level == "critical")
    out.push_back({"critical", "memory",
                   fmt::format("RSS {} is above the critical threshold: L1 caches are at their floor and new "
                               "cold fetches are refused",
                               rss),
                   "give the process more memory and raise memory.critical-bytes, or lower cache.l1-bytes",
                   "memory.critical-bytes"});
  else if (level == "warning")
    out.push_back({"warning", "memory",
                   fmt::format("RSS {} is above the warning threshold: L1 caches are shrunk", rss),
                   "raise memory.warning-bytes if the host has room, or lower cache.l1-bytes",
                   "memory.warning-bytes"});
  else if (auto* t = object_at(memory, "transitions"); count(t, "warning") + count(t, "critical") > 0)
    out.push_back({"info", "memory",
                   fmt::format("memory pressure was reached {} since start (peak RSS {})",
                               times(count(t, "warning") + count(t, "critical")), bytes(number(memory, "peakRssBytes"))),
                   "raise memory.warning-bytes if the host has room, or lower cache.l1-bytes",
                   "memory.warning-bytes"});
}

void diagnose_upstreams(const json::object* root, const DiagnosticThresholds& t, std::vector<Diagnostic>& out) {
  for_each_object(root, "upstreams", [&](const std::string& name, const json::object& u) {
    auto subject = "upstream " + name;
    auto where = upstream_key(name);
    auto breaker = text(&u, "breaker");
    if (breaker == "open")
      out.push_back({"critical", subject, "its circuit breaker is open: calls that need it fail at once",
                     fmt::format("check that {} is reachable from this host; if it is only flaky, raise "
                                 "upstream.breaker-failures",
                                 where),
                     "upstream.breaker-failures"});
    else if (auto opens = count(&u, "breakerOpens"); opens > 0)
      out.push_back({"info", subject, fmt::format("its circuit breaker opened {} times (now {})", opens, breaker),
                     "if the upstream is only flaky, raise upstream.breaker-failures", "upstream.breaker-failures"});
    auto transfers = count(&u, "requests");
    if (transfers < t.min_transfers) return;
    auto errors = count(&u, "errors");
    double error_rate = static_cast<double>(errors) / static_cast<double>(transfers);
    if (error_rate > t.max_upstream_error_rate)
      out.push_back({"warning", subject,
                     fmt::format("{} of {} transfers failed ({}) after {} retries", errors, transfers,
                                 percent(error_rate), count(&u, "retries")),
                     fmt::format("check that {} is reachable; if the failures are timeouts, raise "
                                 "upstream.total-timeout (upstream.retries sets the retries)",
                                 where),
                     "upstream.total-timeout"});
    auto* latency = object_at(&u, "latencySeconds");
    if (auto p95 = number(latency, "p95"); p95 > t.slow_upstream_seconds)
      out.push_back({"warning", subject,
                     fmt::format("transfers are slow: p95 {}, p99 {}", duration(p95), duration(number(latency, "p99"))),
                     fmt::format("point {} at a closer mirror, and keep upstream.total-timeout above the p99 so "
                                 "slow transfers are not cut off",
                                 where),
                     where});
  });
}

void diagnose_pools(const json::object* root, const DiagnosticThresholds& t, std::vector<Diagnostic>& out) {
  for_each_object(root, "pools", [&](const std::string& name, const json::object& p) {
    auto size = count(&p, "size");
    auto queued = count(&p, "queued");
    auto key = pool_key(name);
    if (size == 0 || key.empty()) return;
    if (static_cast<double>(queued) / static_cast<double>(size) > t.max_queue_per_member)
      out.push_back({"warning", "pool " + name, fmt::format("{} requests wait for {} members", queued, size),
                     fmt::format("the pool is saturated: raise {} if it has reached its maximum", key), key});
  });
}

void diagnose_restarts(const json::object* root, std::vector<Diagnostic>& out) {
  auto* restarts = object_at(root, "restarts");
  auto* recent = array_at(restarts, "recent");
  if (auto* by_actor = object_at(restarts, "byActor"))
    for (auto& [actor, n] : *by_actor) {
      auto restarts = count(by_actor, actor);
      if (restarts == 0) continue;
      std::string last;
      if (recent)
        for (auto& e : *recent)
          if (auto* o = e.if_object(); o && text(o, "actor") == actor)
            last = fmt::format("; last at {}: {}", text(o, "time"), text(o, "reason"));
      out.push_back({"warning", "actor " + std::string(actor), fmt::format("restarted {}{}", times(restarts), last),
                     "read the log around that time for the cause; supervisor.restart-backoff sets the delay "
                     "before a restart",
                     "supervisor.restart-backoff"});
    }
}

void diagnose_requests(const json::object* root, const DiagnosticThresholds& t, std::vector<Diagnostic>& out) {
  auto* by_name = object_at(object_at(root, "requests"), "byName");
  for_each_object(by_name, "tools/call", [&](const std::string& tool, const json::object& s) {
    auto p95 = number(object_at(&s, "latencySeconds"), "p95");
    if (count(&s, "count") < t.min_requests || p95 <= t.slow_request_seconds) return;
    out.push_back({"warning", "tool " + tool,
                   fmt::format("calls are slow: p95 {} over {} calls", duration(p95), count(&s, "count")),
                   "slow calls usually wait for cold data: add the components clients ask for to cache.warm so "
                   "they are built at start, and see the cache and upstream findings",
                   "cache.warm"});
  });
}

int severity_rank(const std::string& severity) {
  return severity == "critical" ? 0 : severity == "warning" ? 1 : 2;
}

}  // namespace

std::string render_metrics_table(const json::value& snapshot) {
  auto* root = snapshot.if_object();
  if (!root) return "The metrics snapshot is not a JSON object; nothing to show.\n";
  std::string out = fmt::format("varlet-mcp metrics, up {}\n", uptime(number(root, "uptimeSeconds")));
  out += requests_section(root);
  out += caches_section(root);
  out += disk_section(root);
  out += upstreams_section(root);
  out += pools_section(root);
  out += events_section(root);
  out += memory_section(root);
  out += connections_section(root);
  return out;
}

std::vector<Diagnostic> diagnose(const json::value& snapshot, const DiagnosticThresholds& thresholds) {
  std::vector<Diagnostic> out;
  auto* root = snapshot.if_object();
  if (!root) return out;
  auto level = text(object_at(root, "memory"), "level");
  diagnose_memory(root, out);
  diagnose_caches(root, thresholds, !level.empty() && level != "normal", out);
  diagnose_disk(root, out);
  diagnose_upstreams(root, thresholds, out);
  diagnose_pools(root, thresholds, out);
  diagnose_restarts(root, out);
  diagnose_requests(root, thresholds, out);
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return severity_rank(a.severity) < severity_rank(b.severity);
  });
  return out;
}

std::string render_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "\nDiagnostics: nothing to act on.\n";
  std::string out = "\nDiagnostics\n";
  for (auto& d : diagnostics)
    out += fmt::format("  [{}] {}: {}\n    -> {}\n", d.severity, d.subject, d.finding, d.recommendation);
  return out;
}

json::array diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
  json::array out;
  for (auto& d : diagnostics)
    out.push_back(json::object{{"severity", d.severity},
                               {"subject", d.subject},
                               {"finding", d.finding},
                               {"recommendation", d.recommendation},
                               {"configKey", d.config_key}});
  return out;
}

}  // namespace varlet::actors
