#pragma once
// Per-client token buckets ([limits]): every POST to /mcp takes one token before it is decoded; an
// answer that had to be built (not found in the rendered cache) takes the rest of its cost when it
// is known, so the bucket may run into debt and the client waits it off. A client's identity is its
// API key's name, else its address; one client's flood only ever empties its own bucket.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace varlet::transports {

class RateLimiter {
public:
  using Clock = std::chrono::steady_clock;

  struct Settings {
    double per_second = 0;  // tokens added a second; 0: no limit
    double burst = 100;     // the bucket's size: what a quiet client may send at once
    double cold_cost = 10;  // tokens a call whose answer had to be built costs in all (a cached one: 1)
    std::size_t max_clients = 100000;  // buckets kept; beyond, full ones go, then newcomers share one
  };

  struct Verdict {
    bool allowed = true;
    double remaining = 0;            // tokens left
    std::int64_t retry_after = 0;    // whole seconds until a token is there (when refused)
    std::int64_t full_after = 0;     // whole seconds until the bucket is full again
    std::int64_t quota = 0;          // the policy: a bucket of `quota` tokens,
    std::int64_t window = 0;         // filled from empty in `window` seconds
  };

  explicit RateLimiter(Settings settings);

  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
  Settings settings() const;
  // New settings (a configuration reload): each client keeps its tokens, up to the new burst.
  void update(Settings settings);

  // Takes one token of `client`'s bucket, or says when to come back.
  Verdict take(const std::string& client, Clock::time_point now = Clock::now());
  // Takes what a built answer costs beyond its first token; the debt stops at one bucket's worth.
  void charge_built(const std::string& client, Clock::time_point now = Clock::now());

  // The RateLimit-Policy and RateLimit header values (draft-ietf-httpapi-ratelimit-headers).
  static std::string policy_header(const Verdict& verdict);
  static std::string limit_header(const Verdict& verdict);

  std::size_t clients() const;

private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point at;
  };
  Bucket& bucket(const std::string& client, Clock::time_point now);
  void refill(Bucket& bucket, Clock::time_point now) const;
  void drop_full_buckets(Clock::time_point now);

  static Settings checked(Settings settings);

  std::atomic<bool> enabled_{false};
  mutable std::mutex mutex_;  // guards everything below
  Settings settings_;
  std::unordered_map<std::string, Bucket> buckets_;
  Bucket shared_;  // for newcomers while every kept bucket is in use
  Clock::time_point last_sweep_;
};

}  // namespace varlet::transports
