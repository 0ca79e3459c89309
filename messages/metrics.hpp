#pragma once
// Samples every actor sends to the metrics actor, and the memory pressure levels.
#include "messages/cache.hpp"
#include "messages/inbound.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace varlet::msg {

enum class Pressure : std::uint8_t { normal, warning, critical };
inline const char* to_string(Pressure p) {
  return p == Pressure::normal ? "normal" : p == Pressure::warning ? "warning" : "critical";
}

// One JSON-RPC request served: method ("tools/call"), tool or prompt name when there is one.
struct RequestSample {
  std::string method;
  std::string name;
  Transport transport = Transport::stdio;
  double seconds = 0;
  bool error = false;
  std::string trace_id;  // of the request's _meta.traceparent, when it carried one
  std::string protocol;  // the protocol revision the client speaks; empty before initialize
  std::string client;    // who the transport says the client is (API key name or peer address); empty over stdio
  bool warming = false;  // the server's own warm-up call, not a client's request
};

// A shard's counters since its previous sample (deltas) and its current size (levels).
struct CacheSample {
  ResourceKind kind = ResourceKind::package_file;
  std::uint32_t shard = 0;
  std::uint64_t l1_hits = 0, l2_hits = 0, misses = 0, loads = 0, load_errors = 0, stale_served = 0;
  std::uint64_t evictions = 0, l2_corrupt = 0, coalesced = 0;
  std::uint64_t entries = 0, bytes = 0, l1_budget = 0;
  std::uint64_t mailbox = 0;
};

struct UpstreamSample {
  std::string upstream;  // "npm", "github", "versions", "package-dir"
  double seconds = 0;
  bool error = false;
  std::uint32_t retries = 0;
  std::string breaker;  // "closed", "open", "half-open"
};

struct PoolSample {
  std::string pool;  // "fetcher", "dispatcher", "shard:<kind>"
  std::uint32_t size = 0;
  std::uint64_t queued = 0;   // requests waiting in the pool
  double busy_seconds = 0;    // work time since the previous sample
};

struct ScaleEvent {
  std::string pool;
  std::uint32_t from = 0, to = 0;
  std::string reason;
};

struct RestartEvent {
  std::string actor;
  std::string reason;
};

struct MemorySample {
  std::uint64_t rss_bytes = 0;
  Pressure level = Pressure::normal;
  bool transition = false;
  std::uint64_t warning_bytes = 0, critical_bytes = 0;  // the thresholds in force; 0: that level is off
};

struct ConnectionSample {
  Transport transport = Transport::http;
  std::int64_t sessions = 0;      // open sessions now
  std::int64_t connections = 0;   // open connections now
  std::int64_t streams = 0;       // open SSE streams now
};

// The disk actor's figures: levels now, counters since its previous sample (deltas).
struct DiskSample {
  std::uint64_t entries = 0, bytes = 0, max_bytes = 0;  // files of the cache folder and its cap
  std::uint64_t queued_bytes = 0, queue_max_bytes = 0;  // entries waiting to be written
  std::uint64_t writes = 0, write_errors = 0, dropped_writes = 0, evictions = 0;
  std::array<std::uint64_t, resource_kind_count> corrupt{};  // files found damaged, by kind
  std::string last_error;  // the latest write failure since the previous sample, if any
};

// Request samples of calls served outside the actor system (on a transport's thread), gathered for
// the metrics actor: a message per request from such a thread would wake an idle actor thread each
// time. The actor takes them when told (QueuedRequests, once per batch) and before any snapshot.
class RequestSampleQueue {
public:
  // A tell can be lost (the metrics actor restarted before it arrived): while samples keep waiting,
  // every this many of them the caller tells again.
  static constexpr std::size_t retell_every = 1024;
  // Past this many waiting samples (no metrics actor takes them), new ones are dropped.
  static constexpr std::size_t max_samples = 100'000;

  // True when the caller should tell the metrics actor (soon) to take the queue: the queue was
  // empty, or another retell_every samples wait.
  bool add(RequestSample sample) {
    std::lock_guard lock(mutex_);
    if (samples_.size() >= max_samples) return false;
    samples_.push_back(std::move(sample));
    return samples_.size() % retell_every == 1;
  }
  std::vector<RequestSample> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(samples_, {});
  }

private:
  std::mutex mutex_;
  std::vector<RequestSample> samples_;
};

// Samples wait in the RequestSampleQueue the metrics actor was given.
struct QueuedRequests {};

using MetricSample = std::variant<RequestSample, CacheSample, UpstreamSample, PoolSample, ScaleEvent, RestartEvent,
                                  MemorySample, ConnectionSample, DiskSample, QueuedRequests>;

}  // namespace varlet::msg

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::MetricSample)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::Pressure)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::PoolSample)
