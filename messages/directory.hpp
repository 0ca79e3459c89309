#pragma once
// Where every actor finds the others: the current members of each pool. The supervisor publishes
// a new table when it restarts or resizes something; readers keep a copy and refresh it only when
// the generation changed, so the hot path takes no lock.
#include "messages/interfaces.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace varlet::msg {

// Which of `count` shards owns `key`.
inline std::size_t shard_index(std::string_view key, std::size_t count) {
  return std::hash<std::string_view>{}(key) % count;
}

struct Pools {
  std::vector<dispatcher_actor> dispatchers;
  std::array<std::vector<cache_shard_actor>, resource_kind_count> shards;
  std::vector<fetcher_actor> fetchers;
  metrics_actor metrics;
  disk_actor disk;  // empty without a disk level; a handle of a stopped actor while it restarts
  std::vector<transport_actor> transports;

  // Every pool a request may need has members: dispatchers, each shard group and fetchers.
  bool serving() const {
    for (const auto& group : shards)
      if (group.empty()) return false;
    return !dispatchers.empty() && !fetchers.empty();
  }

  // The dispatcher for a body of `session`: always the same one for a session, so its messages are
  // handled in order; in turns for bodies without one (`turn` counts them). Nullptr while there are
  // none (the server is stopping).
  const dispatcher_actor* dispatcher_for(std::string_view session, std::atomic<std::size_t>& turn) const {
    if (dispatchers.empty()) return nullptr;
    auto index = session.empty() ? turn.fetch_add(1, std::memory_order_relaxed) : std::hash<std::string_view>{}(session);
    return &dispatchers[index % dispatchers.size()];
  }

  // The shard of `kind` that owns `key`; nullptr while the group has no members (the server is
  // stopping: the directory is emptied first).
  const cache_shard_actor* shard_for(ResourceKind kind, std::string_view key) const {
    const auto& group = shards[static_cast<std::size_t>(kind)];
    return group.empty() ? nullptr : &group[shard_index(key, group.size())];
  }
};

class Directory {
public:
  std::shared_ptr<const Pools> current() const {
    std::lock_guard lock(mutex_);
    return pools_;
  }
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // Applies `change` to a copy of the table and publishes it.
  void update(const std::function<void(Pools&)>& change) {
    {
      std::lock_guard lock(mutex_);
      auto next = pools_ ? std::make_shared<Pools>(*pools_) : std::make_shared<Pools>();
      change(*next);
      pools_ = std::move(next);
      generation_.fetch_add(1, std::memory_order_release);
    }
    changed_.notify_all();
  }

  // Blocks until the table satisfies `ready` or the deadline passes; true when it does.
  bool wait_until(const std::function<bool(const Pools&)>& ready, std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return ready(*pools_); });
  }

private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::shared_ptr<const Pools> pools_ = std::make_shared<Pools>();
  std::atomic<std::uint64_t> generation_{1};
};

// A reader's cached view of the directory.
class DirectoryView {
public:
  explicit DirectoryView(std::shared_ptr<const Directory> directory) : directory_(std::move(directory)) {}

  const Pools& pools() {
    auto gen = directory_->generation();
    if (gen != seen_ || !pools_) {
      pools_ = directory_->current();
      seen_ = gen;
    }
    return *pools_;
  }

private:
  std::shared_ptr<const Directory> directory_;
  std::shared_ptr<const Pools> pools_;
  std::uint64_t seen_ = 0;
};

}  // namespace varlet::msg
