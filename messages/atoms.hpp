#pragma once
// Atoms name the verbs of every conversation between actors (CAF 0.17: at most 10 characters).
#include <caf/atom.hpp>

namespace varlet::msg {

using handle_atom = caf::atom_constant<caf::atom("handle")>;        // transport -> dispatcher
using get_atom = caf::atom_constant<caf::atom("get")>;              // read through a cache
using peek_atom = caf::atom_constant<caf::atom("peek")>;            // read a cache, never load
using put_atom = caf::atom_constant<caf::atom("put")>;              // store in a cache
using invalidate_atom = caf::atom_constant<caf::atom("invalidate")>;
using fetch_atom = caf::atom_constant<caf::atom("fetch")>;          // shard -> fetcher
using build_atom = caf::atom_constant<caf::atom("build")>;          // shard -> catalog builder
using pressure_atom = caf::atom_constant<caf::atom("pressure")>;    // memory monitor -> shards
using sample_atom = caf::atom_constant<caf::atom("sample")>;        // anyone -> metrics
using snapshot_atom = caf::atom_constant<caf::atom("snapshot")>;    // ask metrics or a shard for figures
using stats_atom = caf::atom_constant<caf::atom("stats")>;          // supervisor -> pools, load figures
using resize_atom = caf::atom_constant<caf::atom("resize")>;        // set a pool's size
using tick_atom = caf::atom_constant<caf::atom("tick")>;            // periodic self-message
using crash_atom = caf::atom_constant<caf::atom("crash")>;          // testing only: make an actor fail
using notify_atom = caf::atom_constant<caf::atom("notify")>;        // cache -> sessions: resource changed
using warm_atom = caf::atom_constant<caf::atom("warm")>;
using defer_atom = caf::atom_constant<caf::atom("defer")>;          // run a Deferred on oneself
using drain_atom = caf::atom_constant<caf::atom("drain")>;          // a retiring shard hands its L1 over
using read_atom = caf::atom_constant<caf::atom("read")>;            // shard -> disk actor
using write_atom = caf::atom_constant<caf::atom("write")>;          // shard -> disk actor, fire and forget
using remove_atom = caf::atom_constant<caf::atom("remove")>;        // shard -> disk actor: one key
using next_atom = caf::atom_constant<caf::atom("next")>;            // disk actor -> itself: the next queued write
using flush_atom = caf::atom_constant<caf::atom("flush")>;          // disk actor -> itself: stop after the queue

}  // namespace varlet::msg
