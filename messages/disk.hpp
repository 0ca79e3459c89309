#pragma once
// The disk level (L2) of every cache: what a file holds, and what shards ask of the disk actor.
#include "messages/cache.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace varlet::msg {

// One entry as L2 stores it: bytes, absent, etag and created of the entry (not its model or stale
// mark) and when it expires.
struct DiskRecord {
  CacheEntry entry;
  std::int64_t expires = 0;  // unix seconds; 0 = never
};

// The answer to a read: the entry of any age (the shard decides what expired), or nothing.
struct DiskFound {
  std::optional<DiskRecord> record;
};

struct DiskWrite {
  CacheKey key;
  DiskRecord record;
  bool only_if_absent = false;  // a put of what may be on disk already (a hand-over, a rendered answer)
  // Holds the entry's bytes in the write queue until the message is gone: written, failed, or
  // dropped with a disk actor that stopped.
  std::shared_ptr<void> reservation;
};

// Drop the keys of `kind` matching a glob `pattern` that shard `shard` of a group of `shards` owns
// (msg::shard_index), so each key is counted by one shard.
struct DiskInvalidate {
  ResourceKind kind = ResourceKind::package_file;
  std::string pattern;
  std::uint32_t shard = 0, shards = 1;
};

}  // namespace varlet::msg

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::DiskFound)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::DiskWrite)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::DiskInvalidate)
