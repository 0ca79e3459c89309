#include "actors/memory_monitor.hpp"
#include "runtime/platform.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>
#include <stdexcept>
#include <utility>

namespace varlet::actors {
namespace {

std::uint64_t threshold(msg::Pressure level, const MemorySettings& settings) {
  switch (level) {
    case msg::Pressure::warning: return settings.warning_bytes;
    case msg::Pressure::critical: return settings.critical_bytes;
    case msg::Pressure::normal: break;
  }
  return 0;
}

bool reaches(msg::Pressure level, std::uint64_t rss_bytes, const MemorySettings& settings) {
  auto bytes = threshold(level, settings);
  return bytes > 0 && rss_bytes >= bytes;
}

// Still within `level` on the way down: above its threshold less the hysteresis.
bool holds(msg::Pressure level, std::uint64_t rss_bytes, const MemorySettings& settings) {
  auto bytes = threshold(level, settings);
  return bytes > 0 && static_cast<double>(rss_bytes) >= static_cast<double>(bytes) * (1.0 - settings.hysteresis);
}

std::string mib(std::uint64_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20)); }

std::string limit(std::uint64_t bytes) { return bytes ? mib(bytes) : "off"; }

void tell_shards(const msg::Pools& pools, msg::Pressure level) {
  for (auto& group : pools.shards)
    for (auto& shard : group)
      if (shard) caf::anon_send(shard, msg::pressure_atom::value, level);
}

void sample(memory_monitor_pointer self) {
  auto& st = self->state;
  // Under pressure the shards drop entries; hand the pages freed since the last sample back to the
  // system, so RSS shows the relief and the level can fall again.
  if (st.level != msg::Pressure::normal) platform::release_free_memory();
  auto rss = platform::resident_bytes();
  if (!rss) {
    if (!std::exchange(st.unreadable_logged, true))
      spdlog::warn("memory monitor: cannot read the process RSS on this system; memory pressure is off");
    return;
  }
  auto level = next_pressure(st.level, *rss, st.settings);
  bool transition = level != st.level;
  auto pools = st.directory->current();
  if (transition) {
    if (level > st.level)
      spdlog::warn("memory pressure {} -> {}: RSS {} (warning at {}, critical at {})", msg::to_string(st.level),
                   msg::to_string(level), mib(*rss), limit(st.settings.warning_bytes),
                   limit(st.settings.critical_bytes));
    else
      spdlog::info("memory pressure {} -> {}: RSS {}", msg::to_string(st.level), msg::to_string(level), mib(*rss));
    st.level = level;
  }
  // Repeated while under pressure, so shards started or restarted since hear about it too; and said
  // once by a monitor that just (re)started, so shards a former monitor left shrunk hear it ended.
  if (transition || level != msg::Pressure::normal || !std::exchange(st.told, true)) tell_shards(*pools, level);
  if (pools->metrics)
    caf::anon_send(pools->metrics, msg::sample_atom::value,
                   msg::MetricSample{msg::MemorySample{*rss, level, transition, st.settings.warning_bytes,
                                                       st.settings.critical_bytes}});
}

}  // namespace

msg::Pressure next_pressure(msg::Pressure current, std::uint64_t rss_bytes, const MemorySettings& settings) {
  auto level = current;
  while (level != msg::Pressure::normal && !holds(level, rss_bytes, settings))
    level = static_cast<msg::Pressure>(static_cast<int>(level) - 1);
  for (auto higher : {msg::Pressure::warning, msg::Pressure::critical})
    if (higher > level && reaches(higher, rss_bytes, settings)) level = higher;
  return level;
}

msg::memory_monitor_actor::behavior_type memory_monitor(memory_monitor_pointer self, MemorySettings settings,
                                                        std::shared_ptr<const msg::Directory> directory) {
  // glibc gives threads up to eight heaps per core; memory freed in one of many heaps often cannot
  // go back to the system, so RSS stays high after the shards dropped their entries. One heap per
  // core keeps RSS close to what is in use, which is what the thresholds are about.
  if (settings.warning_bytes || settings.critical_bytes)
    platform::limit_malloc_arenas(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  self->state.settings = settings;
  self->state.directory = std::move(directory);
  self->send(self, msg::tick_atom::value);
  return {
      [self](msg::tick_atom) {
        sample(self);
        if (self->current_sender() == self->ctrl())
          self->delayed_send(self, self->state.settings.interval, msg::tick_atom::value);
      },
      [](msg::crash_atom) -> void { throw std::runtime_error("memory monitor crash requested by /admin/crash"); },
  };
}

}  // namespace varlet::actors
