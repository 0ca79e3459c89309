#pragma once
// A cache shard: L1 memory, then L2 through the disk actor (asked without blocking), and on a miss
// one load per key however many callers wait (single flight). When a reload fails, the last good
// copy is served, marked stale.
#include "actors/disk_cache.hpp"
#include "actors/lru_cache.hpp"
#include "actors/published_answers.hpp"
#include "messages/directory.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace varlet::actors {

struct CacheShardState;
using cache_shard_pointer = msg::cache_shard_actor::stateful_pointer<CacheShardState>;

// Produces the value of a key on a miss; runs in the shard's context and calls `done` once there.
using Loader = std::function<void(cache_shard_pointer self, const std::string& key,
                                  std::function<void(msg::CacheResult)> done)>;

struct ShardSettings {
  msg::ResourceKind kind = msg::ResourceKind::package_file;
  std::uint32_t index = 0;
  std::size_t l1_bytes = 8 << 20;
  std::size_t l1_floor = 1 << 20;       // the L1 budget under critical memory pressure
  double shrink_fraction = 0.5;         // share of L1 released under warning pressure
  std::chrono::seconds ttl{0};          // 0: entries never expire
  std::chrono::milliseconds sample_interval{1000};
  Loader loader;                        // empty: peek semantics, a miss is just a miss
  std::shared_ptr<DiskWriteQueue> disk_queue;  // null: no disk level
  // Restores what L2 does not store (the catalog kind's model) from an entry's bytes; nothing when
  // the bytes cannot be decoded (the file is then treated as corrupt).
  std::function<std::optional<msg::CacheEntry>(msg::CacheEntry)> decode;
  // Where the rendered kind publishes its L1 for calls served on transport threads; null for the
  // other kinds. Shard 0 counts the hits found there.
  std::shared_ptr<PublishedAnswers> published;
};

struct CacheShardState {
  explicit CacheShardState(std::size_t budget) : l1(budget) {}
  CacheShardState() : l1(0) {}
  CacheShardState(const CacheShardState&) = delete;
  CacheShardState& operator=(const CacheShardState&) = delete;
  // A shard that stops (a crash, retirement after a resize, shutdown) answers every caller still
  // waiting for a load with a retryable error, so none waits out its timeout for it.
  ~CacheShardState() {
    l1.clear();  // withdraws what this shard published
    for (auto& [key, lookup] : pending)
      for (auto& waiter : lookup.waiters)
        waiter.promise.deliver(msg::CacheResult{
            std::nullopt, msg::FetchError{msg::FetchErrorKind::internal,
                                          "the " + std::string(msg::to_string(settings.kind)) +
                                              " cache stopped while loading this; please retry",
                                          0, true}});
  }

  struct Waiter {
    caf::typed_response_promise<msg::CacheResult> promise;
    bool load = true;  // false: a peek, answered with the miss when the disk has nothing
  };
  // A key being looked up: first on disk, then (for get callers) loaded.
  struct Lookup {
    std::vector<Waiter> waiters;
    bool loading = false;
    std::optional<msg::CacheEntry> expired;  // what the disk held past its expiry
    std::uint64_t invalidations = 0;         // the shard's count when the disk read started
  };

  ShardSettings settings;
  std::shared_ptr<const msg::Directory> directory;
  LruCache l1;
  msg::Pressure pressure = msg::Pressure::normal;
  std::map<std::string, Lookup> pending;
  std::uint64_t invalidations = 0;  // a disk read that started before one does not fill L1
  // The group this shard handed its entries to when a resize retired it (empty until then): loads
  // that finish later are put there too.
  std::vector<caf::strong_actor_ptr> successors;
  msg::CacheSample counters;  // deltas since the last sample
  std::uint64_t evictions_reported = 0;
  static inline const char* name = "cache_shard";
};

msg::cache_shard_actor::behavior_type cache_shard(cache_shard_pointer self, ShardSettings settings,
                                                  std::shared_ptr<const msg::Directory> directory);

// The last copy of `key` whatever its age: L1's, or the expired one the disk held (while the key
// loads). A stale-if-error answer, and what a tag resolved to before.
std::optional<msg::CacheEntry> previous_entry(CacheShardState& state, const std::string& key);

// True when `key` matches a glob `pattern` ('*' any run, '?' one character).
bool glob_match(std::string_view pattern, std::string_view key);

}  // namespace varlet::actors
