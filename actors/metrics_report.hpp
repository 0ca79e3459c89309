#pragma once
// What `varlet-mcp metrics` prints from a JSON snapshot of the metrics actor (see
// actors/metrics_store.hpp for its fields): a table for people, and diagnostics that name the
// configuration key to change. Pure code; a snapshot with missing or odd fields renders what it has.
#include "mcp/json.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace varlet::actors {

struct Diagnostic {
  std::string severity;        // "critical", "warning" or "info"
  std::string subject;         // what it is about: "cache catalog", "upstream npm", "pool fetcher", "memory"
  std::string finding;         // what the figures show, with the figures
  std::string recommendation;  // what to do, naming config_key
  std::string config_key;      // the key in conf/varlet-mcp.ini, as section.key
};

struct DiagnosticThresholds {
  double min_hit_rate = 0.8;
  std::uint64_t min_lookups = 50;        // fewer lookups: too early to judge a hit rate
  double slow_upstream_seconds = 2.0;    // p95 of a transfer
  double max_upstream_error_rate = 0.05;
  std::uint64_t min_transfers = 10;      // fewer transfers: too early to judge an upstream
  double slow_request_seconds = 1.0;     // p95 of a method or tool
  std::uint64_t min_requests = 20;       // fewer requests: too early to judge a latency
  double max_queue_per_member = 8;       // a pool's queue per member above this: saturated
  std::uint64_t max_mailbox = 100;       // a shard mailbox deeper than this: saturated
};

// The snapshot as aligned tables: requests with latency percentiles by method, name and transport;
// caches with hit rates; the disk cache; upstreams and breakers; pools; recent scale events and restarts; memory;
// sessions.
std::string render_metrics_table(const json::value& snapshot);

// Findings worth acting on, most severe first.
std::vector<Diagnostic> diagnose(const json::value& snapshot, const DiagnosticThresholds& thresholds = {});

// The diagnostics as text, one finding and its recommendation each; says so when there are none.
std::string render_diagnostics(const std::vector<Diagnostic>& diagnostics);

// The diagnostics as the snapshot's "diagnostics" array: {severity, subject, finding, recommendation, configKey}.
json::array diagnostics_json(const std::vector<Diagnostic>& diagnostics);

}  // namespace varlet::actors
