#pragma once
// Writes Prometheus text exposition format 0.0.4, or OpenMetrics 1.0.0 (what a scraper that wants
// exemplars asks for): a family's HELP and TYPE lines, then its samples.
#include "actors/latency_histogram.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace varlet::actors {

using PrometheusLabels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

enum class MetricsFormat { prometheus, openmetrics };

class PrometheusText {
public:
  explicit PrometheusText(MetricsFormat format = MetricsFormat::prometheus) : format_(format) {}

  // Starts a family; every sample until the next family must belong to it. `type` is counter,
  // gauge or histogram; a counter's name ends in _total.
  void family(std::string_view name, std::string_view type, std::string_view help);

  void sample(std::string_view name, PrometheusLabels labels, double value);
  void sample(std::string_view name, PrometheusLabels labels, std::uint64_t value);
  // name_bucket{...,le=...} (cumulative, ending with +Inf), name_sum and name_count; in
  // OpenMetrics each bucket with a traced observation carries it as an exemplar.
  void histogram(std::string_view name, PrometheusLabels labels, const LatencyHistogram& histogram,
                 const Exemplars* exemplars = nullptr);

  // The text, ended as the format asks (OpenMetrics: "# EOF").
  std::string finish();

private:
  void series(std::string_view name, std::string_view suffix, PrometheusLabels labels,
              std::pair<std::string_view, std::string_view> extra = {});
  MetricsFormat format_;
  std::string out_;
};

}  // namespace varlet::actors
