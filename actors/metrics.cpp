#include "actors/metrics.hpp"

#include "actors/metrics_report.hpp"

#include <stdexcept>

namespace varlet::actors {

msg::metrics_actor::behavior_type metrics(metrics_pointer self, MetricsSettings settings) {
  self->state.store = MetricsStore(settings);
  return {
      [self](msg::sample_atom, const msg::MetricSample& sample) { self->state.store.record(sample); },
      [self](msg::snapshot_atom, const std::string& format) -> caf::result<std::string> {
        self->state.store.record(msg::QueuedRequests{});  // every call answered before the ask counts
        if (format == "json") {
          json::value snapshot = self->state.store.to_json();
          snapshot.as_object()["diagnostics"] = diagnostics_json(diagnose(snapshot));
          return json::serialize(snapshot);
        }
        if (format == "prometheus") return self->state.store.to_prometheus();
        if (format == "openmetrics") return self->state.store.to_prometheus(MetricsFormat::openmetrics);
        return caf::make_error(caf::sec::invalid_argument,
                               "unknown metrics snapshot format '" + format + "': ask for json, prometheus or openmetrics");
      },
      [](msg::crash_atom) -> void { throw std::runtime_error("metrics crash requested by /admin/crash"); },
  };
}

}  // namespace varlet::actors
