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

}  // namespace varlet::msg
