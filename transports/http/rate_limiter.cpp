#include "transports/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace varlet::transports {
namespace {

constexpr auto sweep_interval = std::chrono::seconds(1);
constexpr const char* policy_name = "\"per-client\"";

std::int64_t whole_seconds(double seconds) { return static_cast<std::int64_t>(std::ceil(std::max(seconds, 0.0))); }

}  // namespace

RateLimiter::Settings RateLimiter::checked(Settings settings) {
  settings.burst = std::max(settings.burst, 1.0);
  settings.cold_cost = std::max(settings.cold_cost, 1.0);
  return settings;
}

RateLimiter::RateLimiter(Settings settings) : settings_(checked(settings)) {
  enabled_.store(settings_.per_second > 0);
  shared_ = {settings_.burst, Clock::now()};
}

RateLimiter::Settings RateLimiter::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

void RateLimiter::update(Settings settings) {
  std::lock_guard lock(mutex_);
  settings_ = checked(settings);
  for (auto& [client, bucket] : buckets_) bucket.tokens = std::min(bucket.tokens, settings_.burst);
  shared_.tokens = std::min(shared_.tokens, settings_.burst);
  enabled_.store(settings_.per_second > 0);
}

void RateLimiter::refill(Bucket& bucket, Clock::time_point now) const {
  if (now <= bucket.at) return;
  double elapsed = std::chrono::duration<double>(now - bucket.at).count();
  bucket.tokens = std::min(settings_.burst, bucket.tokens + elapsed * settings_.per_second);
  bucket.at = now;
}

// A full bucket says nothing a new one would not: dropping it forgets nothing.
void RateLimiter::drop_full_buckets(Clock::time_point now) {
  last_sweep_ = now;
  std::erase_if(buckets_, [&](const auto& entry) {
    auto bucket = entry.second;
    refill(bucket, now);
    return bucket.tokens >= settings_.burst;
  });
}

RateLimiter::Bucket& RateLimiter::bucket(const std::string& client, Clock::time_point now) {
  if (auto it = buckets_.find(client); it != buckets_.end()) return it->second;
  if (buckets_.size() >= settings_.max_clients && now - last_sweep_ >= sweep_interval) drop_full_buckets(now);
  if (buckets_.size() >= settings_.max_clients) return shared_;
  return buckets_.emplace(client, Bucket{settings_.burst, now}).first->second;
}

RateLimiter::Verdict RateLimiter::take(const std::string& client, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (settings_.per_second <= 0) return {};  // turned off by a reload meanwhile
  auto& b = bucket(client, now);
  refill(b, now);
  Verdict verdict;
  if (b.tokens >= 1) {
    b.tokens -= 1;
  } else {
    verdict.allowed = false;
    verdict.retry_after = std::max<std::int64_t>(1, whole_seconds((1 - b.tokens) / settings_.per_second));
  }
  verdict.remaining = std::max(b.tokens, 0.0);
  verdict.full_after = whole_seconds((settings_.burst - b.tokens) / settings_.per_second);
  verdict.quota = static_cast<std::int64_t>(settings_.burst);
  verdict.window = whole_seconds(settings_.burst / settings_.per_second);
  return verdict;
}

void RateLimiter::charge_built(const std::string& client, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& b = bucket(client, now);
  refill(b, now);
  b.tokens = std::max(b.tokens - (settings_.cold_cost - 1), -settings_.burst);
}

std::string RateLimiter::policy_header(const Verdict& verdict) {
  return std::string(policy_name) + ";q=" + std::to_string(verdict.quota) + ";w=" + std::to_string(verdict.window);
}

std::string RateLimiter::limit_header(const Verdict& verdict) {
  return std::string(policy_name) + ";r=" + std::to_string(static_cast<std::int64_t>(verdict.remaining)) +
         ";t=" + std::to_string(verdict.allowed ? verdict.full_after : verdict.retry_after);
}

std::size_t RateLimiter::clients() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace varlet::transports
