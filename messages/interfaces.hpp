#pragma once
// Every conversation in the system, as typed actor interfaces.
#include "messages/atoms.hpp"
#include "messages/cache.hpp"
#include "messages/deferred.hpp"
#include "messages/disk.hpp"
#include "messages/fetch.hpp"
#include "messages/inbound.hpp"
#include "messages/metrics.hpp"

#include <caf/all.hpp>

#include <cstdint>
#include <string>

namespace varlet::msg {

// Serves MCP messages: transports hand it bodies, it answers through their exchanges.
using dispatcher_actor =
    caf::typed_actor<caf::reacts_to<handle_atom, InboundPtr>, caf::reacts_to<defer_atom, Deferred>,
                     caf::reacts_to<defer_atom, ApplicationWork>, caf::reacts_to<crash_atom>>;

// One shard of a cache group: L1 memory, L2 disk, loads on a miss through the group's source.
using cache_shard_actor = caf::typed_actor<
    caf::replies_to<get_atom, CacheKey>::with<CacheResult>,   // read through: load on a miss
    caf::replies_to<peek_atom, CacheKey>::with<CacheResult>,  // read only: no load on a miss
    caf::reacts_to<put_atom, CacheKey, CacheEntry>,
    caf::replies_to<invalidate_atom, std::string>::with<std::uint64_t>,  // drop keys matching a pattern
    caf::reacts_to<pressure_atom, Pressure>,
    caf::reacts_to<tick_atom>,
    caf::replies_to<stats_atom>::with<PoolSample>,
    // Retiring after a resize: put every L1 entry into its shard of the new group; answers the count.
    caf::replies_to<drain_atom, std::vector<caf::strong_actor_ptr>>::with<std::uint64_t>,
    caf::reacts_to<crash_atom>>;

// The disk level (L2) of every cache: one folder, one index, one size cap. File I/O blocks, so it
// runs on its own thread. Writes wait in its own queue and are done one per turn, so a read (sent
// at high priority) waits for one write at most, and sees the entries still queued.
using disk_actor = caf::typed_actor<caf::replies_to<read_atom, CacheKey>::with<DiskFound>,
                                    caf::reacts_to<write_atom, DiskWrite>, caf::reacts_to<remove_atom, CacheKey>,
                                    caf::replies_to<invalidate_atom, DiskInvalidate>::with<std::vector<std::string>>,
                                    caf::reacts_to<next_atom>, caf::reacts_to<tick_atom>, caf::reacts_to<flush_atom>,
                                    caf::reacts_to<crash_atom>>;

// Gets one resource from an upstream, with retries, a breaker and a cap on concurrent transfers.
// Completed transfers come back as Deferred work, so promises are delivered on the actor itself.
// stats answers the member's load since the previous ask (size 1), for the supervisor's scaling.
using fetcher_actor = caf::typed_actor<caf::replies_to<fetch_atom, FetchRequest>::with<FetchResult>,
                                       caf::reacts_to<defer_atom, Deferred>,
                                       caf::replies_to<stats_atom>::with<PoolSample>, caf::reacts_to<crash_atom>>;

// Builds the catalog model of one (version, locale) from package files.
using builder_actor = caf::typed_actor<caf::replies_to<build_atom, std::string, std::string>::with<CacheResult>>;

// Collects samples; answers a snapshot as JSON or Prometheus text.
// Formats: "json" (the snapshot `varlet-mcp metrics` prints) or "prometheus" (text exposition 0.0.4).
using metrics_actor = caf::typed_actor<caf::reacts_to<sample_atom, MetricSample>,
                                       caf::replies_to<snapshot_atom, std::string>::with<std::string>,
                                       caf::reacts_to<crash_atom>>;

// Samples the process RSS; tells the shards about memory pressure and the metrics actor about RSS.
using memory_monitor_actor = caf::typed_actor<caf::reacts_to<tick_atom>, caf::reacts_to<crash_atom>>;

// Spawns, watches and restarts every actor, and resizes the pools from observed load.
using supervisor_actor =
    caf::typed_actor<caf::reacts_to<tick_atom>, caf::reacts_to<defer_atom, Deferred>,
                     caf::replies_to<resize_atom, std::string, std::uint32_t>::with<std::uint32_t>,  // pool, size
                     caf::replies_to<crash_atom, std::string, std::uint32_t>::with<bool>,           // pool, member
                     caf::replies_to<snapshot_atom>::with<std::string>>;                          // pools as JSON

// Transports hear about server-initiated notifications: (method, uri) — uri empty for list_changed.
using transport_actor = caf::typed_actor<caf::reacts_to<notify_atom, std::string, std::string>>;

}  // namespace varlet::msg
