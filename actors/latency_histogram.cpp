#include "actors/latency_histogram.hpp"

#include <algorithm>

namespace varlet::actors {
namespace {

// Negative or NaN: a clock oddity, counted as instant.
double observed(double seconds) { return seconds > 0 ? seconds : 0; }

}  // namespace

std::size_t LatencyHistogram::bucket_of(double seconds) {
  return static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin());
}

void LatencyHistogram::record(double seconds) {
  seconds = observed(seconds);
  ++buckets_[bucket_of(seconds)];
  ++count_;
  sum_ += seconds;
  min_ = count_ == 1 ? seconds : std::min(min_, seconds);
  max_ = std::max(max_, seconds);
}

double LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(count_);
  std::uint64_t below = 0;
  for (std::size_t i = 0; i < bucket_count; ++i) {
    auto here = buckets_[i];
    if (here == 0 || static_cast<double>(below + here) < rank) {
      below += here;
      continue;
    }
    if (i == bounds.size()) return max_;
    double lower = i == 0 ? 0 : bounds[i - 1];
    double share = (rank - static_cast<double>(below)) / static_cast<double>(here);
    return std::clamp(lower + (bounds[i] - lower) * share, min_, max_);
  }
  return max_;
}

void Exemplars::record(std::string_view trace_id, double seconds, std::chrono::system_clock::time_point at) {
  if (trace_id.empty()) return;
  seconds = observed(seconds);
  if (buckets_.empty()) buckets_.resize(LatencyHistogram::bucket_count);
  buckets_[LatencyHistogram::bucket_of(seconds)] = {std::string(trace_id), seconds, at};
}

const Exemplar* Exemplars::in_bucket(std::size_t i) const {
  return i < buckets_.size() && !buckets_[i].trace_id.empty() ? &buckets_[i] : nullptr;
}

const Exemplar* Exemplars::slowest() const {
  for (auto i = buckets_.size(); i-- > 0;)
    if (!buckets_[i].trace_id.empty()) return &buckets_[i];
  return nullptr;
}

}  // namespace varlet::actors
