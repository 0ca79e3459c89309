#pragma once
// A cache shard: L1 memory, L2 disk, and on a miss one load per key however many callers wait
// (single flight). When a reload fails, the last good copy is served, marked stale.
#include "actors/disk_store.hpp"
#include "actors/lru_cache.hpp"
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
  std::string l2_dir;                   // empty: no disk level
  std::uint64_t l2_bytes = 0;
  // Restores what L2 does not store (the catalog kind's model) from an entry's bytes; nothing when
  // the bytes cannot be decoded (the file is then treated as corrupt).
  std::function<std::optional<msg::CacheEntry>(msg::CacheEntry)> decode;
};

struct CacheShardState {
  explicit CacheShardState(std::size_t budget) : l1(budget) {}
  CacheShardState() : l1(0) {}
  CacheShardState(const CacheShardState&) = delete;
  CacheShardState& operator=(const CacheShardState&) = delete;
  // A shard that stops (a crash, retirement after a resize, shutdown) answers every caller still
  // waiting for a load with a retryable error, so none waits out its timeout for it.
  ~CacheShardState() {
    for (auto& [key, promises] : waiting)
      for (auto& promise : promises)
        promise.deliver(msg::CacheResult{
            std::nullopt, msg::FetchError{msg::FetchErrorKind::internal,
                                          "the " + std::string(msg::to_string(settings.kind)) +
                                              " cache stopped while loading this; please retry",
                                          0, true}});
  }

  ShardSettings settings;
  std::shared_ptr<const msg::Directory> directory;
  LruCache l1;
  std::unique_ptr<DiskStore> l2;
  std::uint64_t l2_corrupt_reported = 0;
  msg::Pressure pressure = msg::Pressure::normal;
  std::map<std::string, std::vector<caf::typed_response_promise<msg::CacheResult>>> waiting;
  // The group this shard handed its entries to when a resize retired it (empty until then): loads
  // that finish later are put there too.
  std::vector<caf::strong_actor_ptr> successors;
  msg::CacheSample counters;  // deltas since the last sample
  std::uint64_t evictions_reported = 0;
  static inline const char* name = "cache_shard";
};

msg::cache_shard_actor::behavior_type cache_shard(cache_shard_pointer self, ShardSettings settings,
                                                  std::shared_ptr<const msg::Directory> directory);

// True when `key` matches a glob `pattern` ('*' any run, '?' one character).
bool glob_match(std::string_view pattern, std::string_view key);

}  // namespace varlet::actors
