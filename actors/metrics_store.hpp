#pragma once
// What the metrics actor knows: every sample folded into counters, latest levels and latency
// histograms, rendered as the JSON snapshot or as Prometheus (or OpenMetrics) text. Pure code; the
// actor owns one.
//
// The JSON snapshot (field names are stable; durations in seconds, sizes in bytes, times ISO 8601 UTC):
// {
//   "uptimeSeconds": number,                       since the metrics actor started
//   "requests": {
//     "total": n, "errors": n,
//     "byMethod":    { "<method>": Series },
//     "byName":      { "<method>": { "<tool or prompt name>": Series } },
//     "byTransport": { "stdio": Series, "http": Series },
//     "byProtocol":  { "<transport>": { "<protocol revision>": Tally } },
//     "byClient":    { "<API key name, peer address, or stdio>": Tally }   at most max_clients, then "other"
//   },                                             client requests only: the server's own calls are under
//   "background": { "warm": Tally },               the server's own warm-up calls
//   "caches": { "<kind>": {                        every ResourceKind, summed over the group's shards
//     "shards", "l1Hits", "l2Hits", "misses", "hitRate" (hits / lookups, null before any lookup),
//     "loads", "loadErrors", "staleServed", "coalesced", "evictions", "l2Corrupt",
//     "entries", "bytes", "budgetBytes", "mailboxMax" (deepest shard mailbox now), "mailboxPeak" } },
//   "upstreams": { "<upstream>": { "requests", "errors", "retries", "breaker" ("closed", "open",
//     "half-open" or "unknown"), "breakerOpens", "latencySeconds": Latency } },
//   "pools": { "<pool>": { "size", "queued", "busySeconds", "scaleEvents" } },
//   "scaleEvents": { "total", "byPool": { "<pool>": n },
//                    "recent": [ { "time", "pool", "from", "to", "reason" } ] },     oldest first
//   "restarts":    { "total", "byActor": { "<actor>": n }, "recent": [ { "time", "actor", "reason" } ] },
//   "memory": { "rssBytes", "peakRssBytes", "level" ("normal", "warning", "critical"),
//               "warningBytes", "criticalBytes" ([memory] warning-bytes, critical-bytes; 0: off),
//               "transitions": { "normal": n, "warning": n, "critical": n },       entries into each level
//               "recent": [ { "time", "level", "rssBytes" } ] },
//   "connections": { "stdio": Conn, "http": Conn },
//   "l2": null | {                                 the disk level (null without one): the whole cache folder
//     "entries", "bytes", "capBytes" ([cache] l2-bytes), "queuedBytes" (waiting to be written),
//     "queueCapBytes" ([cache] l2-write-queue-bytes), "writes", "writeErrors" (ENOSPC, EROFS, ...),
//     "droppedWrites" (the queue was full), "evictions" (files removed to stay under the cap),
//     "corrupt" (damaged files removed; also counted per kind as caches.<kind>.l2Corrupt),
//     "lastWriteError" (the latest failure's message, or null) },
//   "diagnostics": [ { "severity", "subject", "finding", "recommendation", "configKey" } ]
//                                                  added by the metrics actor: diagnose() of
//                                                  actors/metrics_report.hpp, most severe first
// }
// Series  = { "count", "errors", "latencySeconds": Latency,
//             "slowestTrace"?: { "traceId", "seconds", "time" } }   the slowest traced request
//             (_meta.traceparent) of the slowest latency bucket that has one; OpenMetrics text
//             carries the latest traced request of each bucket as an exemplar
// Latency = { "p50", "p95", "p99", "max", "mean" }   (0 when nothing was recorded)
// Tally   = { "count", "errors" }
// Conn    = { "sessions", "connections", "streams" }  (open now)
#include "actors/latency_histogram.hpp"
#include "actors/prometheus_text.hpp"
#include "messages/metrics.hpp"
#include "mcp/json.hpp"

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace varlet::actors {

struct MetricsSettings {
  std::size_t recent_events = 20;  // scale events, restarts and pressure transitions kept each
  // Distinct methods, and distinct tool or prompt names, kept apart; more, and any longer than 128
  // bytes, are counted under "other" so memory and /metrics stay bounded (the engine already labels
  // methods and names the server does not have "other").
  std::size_t max_names = 200;
  // Distinct client identities kept apart (API key names, or peer addresses without keys).
  std::size_t max_clients = 64;
  // Where calls served outside the actors leave their request samples (null: none are).
  std::shared_ptr<msg::RequestSampleQueue> queued;
};

class MetricsStore {
public:
  explicit MetricsStore(MetricsSettings settings = {});

  void record(const msg::MetricSample& sample);

  json::object to_json() const;
  std::string to_prometheus(MetricsFormat format = MetricsFormat::prometheus) const;

  // The folded figures, public for the renderers in metrics_store.cpp.
  template <class T>
  using Table = std::map<std::string, T, std::less<>>;
  using Clock = std::chrono::system_clock;

  struct Series {
    std::uint64_t count = 0, errors = 0;
    LatencyHistogram latency;
    Exemplars traces;
    void record(double seconds, bool error);
    void record(const msg::RequestSample& sample, Clock::time_point now);
  };
  struct Tally {
    std::uint64_t count = 0, errors = 0;
    void add(bool error);
  };
  struct MethodSeries {
    Series total;
    Table<Series> names;
  };
  struct ShardLevel {
    bool reported = false;
    std::uint64_t entries = 0, bytes = 0, budget = 0, mailbox = 0;
  };
  struct CacheGroup {
    msg::CacheSample totals;  // counters summed over every sample; levels unused
    std::vector<ShardLevel> shards;
    std::uint64_t mailbox_peak = 0;
  };
  struct Upstream {
    Series series;
    std::uint64_t retries = 0, breaker_opens = 0;
    std::string breaker = "unknown";
  };
  struct Pool {
    std::uint32_t size = 0;
    std::uint64_t queued = 0, scale_events = 0;
    double busy_seconds = 0;
  };
  struct ScaleRecord {
    Clock::time_point time;
    msg::ScaleEvent event;
  };
  struct RestartRecord {
    Clock::time_point time;
    msg::RestartEvent event;
  };
  struct PressureRecord {
    Clock::time_point time;
    msg::Pressure level;
    std::uint64_t rss_bytes;
  };

private:
  void on(const msg::RequestSample& s);
  void on(const msg::CacheSample& s);
  void on(const msg::UpstreamSample& s);
  void on(const msg::PoolSample& s);
  void on(const msg::ScaleEvent& s);
  void on(const msg::RestartEvent& s);
  void on(const msg::MemorySample& s);
  void on(const msg::ConnectionSample& s);
  void on(const msg::DiskSample& s);
  void on(const msg::QueuedRequests&);
  void forget_shards_beyond(std::string_view pool, std::uint32_t size);
  json::value disk_json() const;

  MetricsSettings settings_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  Table<MethodSeries> methods_;
  std::size_t distinct_methods_ = 0, distinct_names_ = 0;  // names counted over every method
  std::array<Series, 2> transports_;
  std::array<Table<Tally>, 2> protocols_;  // per transport, by protocol revision
  std::size_t distinct_protocols_ = 0;
  Table<Tally> clients_;
  std::size_t distinct_clients_ = 0;
  Table<Tally> background_;  // the server's own calls, by the work they do
  std::array<CacheGroup, msg::resource_kind_count> caches_;
  Table<Upstream> upstreams_;
  Table<Pool> pools_;
  Table<std::uint64_t> restarts_;
  std::deque<ScaleRecord> recent_scale_;
  std::deque<RestartRecord> recent_restarts_;

  std::uint64_t rss_ = 0, peak_rss_ = 0, warning_bytes_ = 0, critical_bytes_ = 0;
  msg::Pressure level_ = msg::Pressure::normal;
  std::array<std::uint64_t, 3> transitions_{};
  std::deque<PressureRecord> recent_pressure_;

  std::array<msg::ConnectionSample, 2> connections_{};

  struct Disk {
    bool reported = false;
    msg::DiskSample last;  // levels of the latest sample
    std::uint64_t writes = 0, write_errors = 0, dropped_writes = 0, evictions = 0, corrupt = 0;
    std::string last_error;
  };
  Disk disk_;
};

}  // namespace varlet::actors
