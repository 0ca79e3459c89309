#pragma once
// The disk actor: the one owner of the cache folder (L2 of every kind), on a thread of its own, so
// a slow or full disk never stalls a shard. Shards ask it for entries their L1 lacks, and hand it
// entries to write without waiting. Writes wait in its own queue, one done per turn, so a read
// waits for one write at most and sees entries still queued; a newer write of a key replaces the
// queued one. A write that cannot be done is logged (at most once a minute per reason) and
// counted, and the entry stays in memory.
#include "actors/disk_store.hpp"
#include "messages/directory.hpp"

#include <atomic>
#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace varlet::actors {

// Entries on their way to the disk, by bytes. Shards reserve an entry's bytes before they send it;
// the reservation travels in the message and is released when the message is gone (written,
// failed, or dropped with a disk actor that stopped). Beyond the cap a write is dropped: counted,
// logged at most once a minute, the entry kept in L1. Thread-safe.
class DiskWriteQueue : public std::enable_shared_from_this<DiskWriteQueue> {
public:
  explicit DiskWriteQueue(std::uint64_t max_bytes) : max_bytes_(max_bytes) {}

  // A reservation of `bytes`, or nothing when the queue is full.
  std::shared_ptr<void> reserve(std::uint64_t bytes);
  std::uint64_t queued_bytes() const { return queued_.load(std::memory_order_relaxed); }
  std::uint64_t max_bytes() const { return max_bytes_; }
  // Writes dropped since the previous call.
  std::uint64_t take_dropped() { return dropped_.exchange(0, std::memory_order_relaxed); }

private:
  std::uint64_t max_bytes_;
  std::atomic<std::uint64_t> queued_{0}, dropped_{0};
  std::atomic<std::int64_t> last_warning_{0};  // steady clock, seconds
};

struct DiskCacheSettings {
  std::string dir;
  std::uint64_t max_bytes = 512u << 20;
  std::shared_ptr<DiskWriteQueue> queue;
  std::chrono::milliseconds write_delay{0};  // testing only: a slow disk
  std::chrono::milliseconds sample_interval{1000};
  std::chrono::milliseconds flush_grace{10000};  // on shutdown, how long queued writes may still take
};

struct DiskCacheState {
  DiskCacheSettings settings;
  std::shared_ptr<const msg::Directory> directory;
  std::unique_ptr<DiskStore> store;  // null while the folder cannot be opened
  std::list<msg::DiskWrite> queued;  // writes not done yet, oldest first
  std::unordered_map<std::string, std::list<msg::DiskWrite>::iterator> queued_by_key;  // "<kind>\n<key>"
  bool next_scheduled = false;       // a next_atom is on its way
  std::uint64_t writes = 0, write_errors = 0;  // since the last sample
  DiskStore::Stats reported;                   // the store's counters at the last sample
  std::string last_error;
  std::map<std::string, std::chrono::steady_clock::time_point> warned;  // reason -> last warning
  std::chrono::steady_clock::time_point flush_deadline{};  // set once shutdown began
  static inline const char* name = "disk_cache";
};

using disk_cache_pointer = msg::disk_actor::stateful_pointer<DiskCacheState>;

// Spawn detached: its handlers block on file I/O.
msg::disk_actor::behavior_type disk_cache(disk_cache_pointer self, DiskCacheSettings settings,
                                          std::shared_ptr<const msg::Directory> directory);

}  // namespace varlet::actors
