#pragma once
// Rendered answers as their cache shards publish them, readable on any thread without a message:
// the fast path of a hot call (actors/inline_dispatcher.hpp). The shards still own the data: only
// the shard that holds a key in L1 publishes or withdraws it. Readers see an immutable snapshot of
// one part of the table; a change copies that part (a 64th of the entries), swaps the copy in
// atomically, and the old one is freed when its last reader lets go.
#include "messages/cache.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace varlet::actors {

class PublishedAnswers {
public:
  struct Answer {
    std::shared_ptr<const std::string> bytes;
    std::shared_ptr<const compression::Spliceable> spliceable;
    std::int64_t expires = 0;         // unix seconds it stays fresh until, 0 = never
    const void* publisher = nullptr;  // the shard whose L1 holds it
    // Read here since its shard last asked: the shard's L1 cannot see these reads, and keeps an
    // entry that was used rather than evicting it as least recently used.
    mutable std::atomic<bool> used{false};
  };

  // The fresh answer for `key`, counted as a hit; nothing when none is published or it expired.
  std::shared_ptr<const Answer> find(std::string_view key) const;
  // Publishes (or replaces) what `publisher` holds for `key`: an entry with bytes that is not stale.
  void publish(const std::string& key, const msg::CacheEntry& entry, const void* publisher);
  // Withdraws `key` when `publisher` is the one that published it (a shard that handed its entries
  // over to a new group must not withdraw what the new owner published since).
  void withdraw(const std::string& key, const void* publisher);
  // Whether `key` was read here since the last ask; clears the mark.
  bool take_used(const std::string& key, const void* publisher);
  // The hits found since the last call, for the metrics.
  std::uint64_t take_hits() { return hits_.exchange(0, std::memory_order_relaxed); }
  std::size_t size() const;

private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Table = std::unordered_map<std::string, std::shared_ptr<const Answer>, Hash, std::equal_to<>>;
  struct Part {
    std::mutex writer;  // publishers of one part take turns; readers never wait for it
    std::atomic<std::shared_ptr<const Table>> table{std::make_shared<const Table>()};
  };
  static constexpr std::size_t part_count = 64;
  Part& part_of(std::string_view key) const;

  mutable std::array<Part, part_count> parts_;
  mutable std::atomic<std::uint64_t> hits_{0};
};

}  // namespace varlet::actors
