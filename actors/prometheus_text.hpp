#pragma once
// Writes Prometheus text exposition format 0.0.4: a family's HELP and TYPE lines, then its samples.
#include "actors/latency_histogram.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace varlet::actors {

using PrometheusLabels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

class PrometheusText {
public:
  // Starts a family; every sample until the next family must belong to it. `type` is counter,
  // gauge or histogram; a counter's name ends in _total.
  void family(std::string_view name, std::string_view type, std::string_view help);

  void sample(std::string_view name, PrometheusLabels labels, double value);
  void sample(std::string_view name, PrometheusLabels labels, std::uint64_t value);
  // name_bucket{...,le=...} (cumulative, ending with +Inf), name_sum and name_count.
  void histogram(std::string_view name, PrometheusLabels labels, const LatencyHistogram& histogram);

  const std::string& text() const { return out_; }

private:
  void series(std::string_view name, std::string_view suffix, PrometheusLabels labels,
              std::pair<std::string_view, std::string_view> extra = {});
  std::string out_;
};

}  // namespace varlet::actors
