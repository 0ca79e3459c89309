#pragma once
// The memory monitor: samples the process RSS every interval, derives the pressure level from the
// warning and critical thresholds, tells every cache shard about it and the metrics actor about
// both. Levels rise at once and fall only once RSS is `hysteresis` below the level's threshold, so
// a process hovering around a threshold does not flap.
#include "messages/directory.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace varlet::actors {

struct MemorySettings {
  std::chrono::milliseconds interval{1000};
  std::uint64_t warning_bytes = 0;   // 0: no warning level
  std::uint64_t critical_bytes = 0;  // 0: no critical level
  double hysteresis = 0.1;           // leave a level when RSS falls this fraction below its threshold
};

// The level after `current` for a process of `rss_bytes`.
msg::Pressure next_pressure(msg::Pressure current, std::uint64_t rss_bytes, const MemorySettings& settings);

struct MemoryMonitorState {
  MemorySettings settings;
  std::shared_ptr<const msg::Directory> directory;
  msg::Pressure level = msg::Pressure::normal;
  bool unreadable_logged = false;
  bool told = false;  // the shards heard this monitor's level at least once
  static inline const char* name = "memory_monitor";
};

using memory_monitor_pointer = msg::memory_monitor_actor::stateful_pointer<MemoryMonitorState>;

// Samples at once, then every interval. A tick from anyone else samples at once too, without
// starting a second chain of ticks.
msg::memory_monitor_actor::behavior_type memory_monitor(memory_monitor_pointer self, MemorySettings settings,
                                                        std::shared_ptr<const msg::Directory> directory);

}  // namespace varlet::actors
