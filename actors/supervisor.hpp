#pragma once
// The supervisor: spawns every pool's members, watches them, restarts the dead with backoff,
// publishes the current members in the directory, and resizes pools from observed load.
#include "messages/directory.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace varlet::actors {

// How a pool follows its load. Members answer stats_atom with their queue depth; a pool grows by
// one when the average queue is above grow_at for `hot_ticks` intervals in a row (a burst that one
// interval absorbs is no reason to grow), and shrinks by one when it stays at or below shrink_at
// for `calm_ticks` intervals in a row; never twice within the cooldown.
struct ScalePolicy {
  bool automatic = false;
  double grow_at = 8;
  double shrink_at = 0;
  int calm_ticks = 3;
  int hot_ticks = 2;
};

struct PoolSpec {
  std::string name;  // "dispatcher", "fetcher", "shard:catalog", ...
  std::uint32_t size = 1;
  std::uint32_t min = 1, max = 1;
  // Spawns member `index` of a pool of `size` members.
  std::function<caf::strong_actor_ptr(caf::actor_system& system, std::uint32_t index, std::uint32_t size)> spawn;
  // Writes the pool's current members into the directory table.
  std::function<void(msg::Pools& pools, const std::vector<caf::strong_actor_ptr>& members)> publish;
  ScalePolicy scale;
  // Members own a share of the keys: a resize spawns a whole new set, the old members hand their
  // entries over (drain_atom) and retire.
  bool partitioned = false;
};

struct SupervisorSettings {
  std::chrono::milliseconds restart_backoff{100};  // doubles on each crash of a member, up to max_backoff
  std::chrono::milliseconds max_backoff{10000};
  std::chrono::milliseconds interval{2000};
  std::chrono::milliseconds cooldown{10000};
  // A member leaving its pool is asked whether it is idle every retire_after, and stopped once it
  // is, or after retire_checks asks.
  std::chrono::milliseconds retire_after{5000};
  int retire_checks = 12;
  bool allow_crash = false;                       // testing only
};

struct SupervisorState {
  struct Pool {
    PoolSpec spec;
    std::vector<caf::strong_actor_ptr> members;
    std::vector<std::chrono::milliseconds> backoff;  // per member
    // When each member started: one that ran for max_backoff before it stopped restarts at the
    // first delay again, so a crash long ago does not slow down the next restart.
    std::map<caf::actor_addr, std::chrono::steady_clock::time_point> started;
    std::uint64_t restarts = 0;
    std::uint64_t scale_events = 0;
    int calm = 0;
    int hot = 0;
    std::chrono::steady_clock::time_point last_resize{};
    std::uint64_t generation = 0;  // bumps on every resize; stale load answers are ignored
  };
  std::vector<Pool> pools;
  std::vector<caf::strong_actor_ptr> retiring;
  bool stopping = false;
  static inline const char* name = "supervisor";
};

using supervisor_pointer = msg::supervisor_actor::stateful_pointer<SupervisorState>;

msg::supervisor_actor::behavior_type supervisor(supervisor_pointer self, std::vector<PoolSpec> pools,
                                                SupervisorSettings settings,
                                                std::shared_ptr<msg::Directory> directory);

}  // namespace varlet::actors
