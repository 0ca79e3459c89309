#include "actors/latency_histogram.hpp"

#include <algorithm>

namespace varlet::actors {

void LatencyHistogram::record(double seconds) {
  if (!(seconds > 0)) seconds = 0;  // negative or NaN: a clock oddity, counted as instant
  auto bucket = std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin();
  ++buckets_[static_cast<std::size_t>(bucket)];
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

}  // namespace varlet::actors
