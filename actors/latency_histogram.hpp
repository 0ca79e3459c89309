#pragma once
// A latency histogram with fixed, log-spaced buckets: recording is a binary search and an
// increment, percentiles are estimated from the bucket counts.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::actors {

class LatencyHistogram {
public:
  // Upper bounds in seconds, four per decade (10^(k/4), rounded) from 100 µs to 100 s; a last
  // bucket without bound takes anything slower.
  static constexpr std::array<double, 25> bounds = {
      0.0001, 0.00018, 0.00032, 0.00056, 0.001, 0.0018, 0.0032, 0.0056, 0.01, 0.018, 0.032, 0.056, 0.1,
      0.18,   0.32,    0.56,    1,       1.8,   3.2,    5.6,    10,    18,    32,    56,    100};
  static constexpr std::size_t bucket_count = bounds.size() + 1;

  void record(double seconds);
  // The bucket an observation of `seconds` falls in.
  static std::size_t bucket_of(double seconds);

  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  double min() const { return min_; }
  double max() const { return max_; }
  // Observations in bucket i alone (not cumulative); i == bounds.size() is the unbounded bucket.
  std::uint64_t in_bucket(std::size_t i) const { return buckets_[i]; }

  // The q-quantile (0 < q <= 1), interpolated linearly inside its bucket and kept between the
  // fastest and the slowest observation; 0 when nothing was recorded.
  double quantile(double q) const;

private:
  std::array<std::uint64_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
  double sum_ = 0;
  double min_ = 0;
  double max_ = 0;
};

// One traced observation: the trace it belongs to, for an OpenMetrics exemplar.
struct Exemplar {
  std::string trace_id;  // empty: none
  double seconds = 0;
  std::chrono::system_clock::time_point at;
};

// The latest traced observation of each bucket of a histogram; holds nothing until the first.
class Exemplars {
public:
  void record(std::string_view trace_id, double seconds, std::chrono::system_clock::time_point at);
  // The exemplar of bucket i, or nullptr.
  const Exemplar* in_bucket(std::size_t i) const;
  // The traced observation of the slowest bucket that has one, or nullptr.
  const Exemplar* slowest() const;

private:
  std::vector<Exemplar> buckets_;
};

}  // namespace varlet::actors
