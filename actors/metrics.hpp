#pragma once
// The metrics actor: every actor sends it samples (sample_atom, MetricSample); it folds them into
// a MetricsStore and answers snapshots. snapshot_atom "json" answers the JSON document described
// in actors/metrics_store.hpp with its diagnostics (what `varlet-mcp metrics` prints and the admin
// listener's /dashboard draws); "prometheus" answers text
// exposition format 0.0.4 (what GET /metrics serves). crash_atom makes it fail, for restart tests.
#include "actors/metrics_store.hpp"
#include "messages/interfaces.hpp"

namespace varlet::actors {

struct MetricsState {
  MetricsStore store;
  static inline const char* name = "metrics";
};

using metrics_pointer = msg::metrics_actor::stateful_pointer<MetricsState>;

msg::metrics_actor::behavior_type metrics(metrics_pointer self, MetricsSettings settings);

}  // namespace varlet::actors
