#pragma once
// The supervisor: spawns every pool's members, watches them, restarts the dead with backoff and
// publishes the current members in the directory. Pools are described by the runtime.
#include "messages/directory.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace varlet::actors {

struct PoolSpec {
  std::string name;  // "dispatcher", "fetcher", "shard:catalog", "metrics", ...
  std::uint32_t size = 1;
  std::uint32_t min = 1, max = 1;
  // Spawns member `index` of the pool.
  std::function<caf::strong_actor_ptr(caf::actor_system& system, std::uint32_t index)> spawn;
  // Writes the pool's current members into the directory table.
  std::function<void(msg::Pools& pools, const std::vector<caf::strong_actor_ptr>& members)> publish;
};

struct SupervisorSettings {
  std::chrono::milliseconds restart_backoff{100};
  std::chrono::milliseconds max_backoff{10000};
  bool allow_crash = false;  // testing only
};

struct SupervisorState {
  struct Pool {
    PoolSpec spec;
    std::vector<caf::strong_actor_ptr> members;
    std::vector<std::chrono::milliseconds> backoff;  // per member
    std::uint64_t restarts = 0;
  };
  std::vector<Pool> pools;
  bool stopping = false;
  static inline const char* name = "supervisor";
};

using supervisor_pointer = msg::supervisor_actor::stateful_pointer<SupervisorState>;

msg::supervisor_actor::behavior_type supervisor(supervisor_pointer self, std::vector<PoolSpec> pools,
                                                SupervisorSettings settings,
                                                std::shared_ptr<msg::Directory> directory);

}  // namespace varlet::actors
