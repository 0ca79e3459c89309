#include "actors/memory_monitor.hpp"
#include "runtime/platform.hpp"

#include "actors/cache_shard.hpp"
#include "actors/metrics.hpp"

#include "../address_sanitizer.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <thread>

using namespace varlet;
using namespace varlet::actors;
using msg::Pressure;

namespace {

constexpr auto patience = std::chrono::seconds(30);

MemorySettings thresholds(std::uint64_t warning, std::uint64_t critical) {
  MemorySettings s;
  s.interval = std::chrono::hours(1);  // the first sample happens at start; tests tick by hand
  s.warning_bytes = warning;
  s.critical_bytes = critical;
  return s;
}

class MemoryMonitor : public ::testing::Test {
public:
  ~MemoryMonitor() override {
    for (auto& a : spawned) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }

  template <class Handle>
  Handle own(Handle h) {
    spawned.push_back(caf::actor_cast<caf::actor>(h));
    return h;
  }

  // A stand-in shard that tells this test, as (pressure, tag, level), what it was sent.
  msg::cache_shard_actor recorder(int tag) {
    auto test = caf::actor_cast<caf::actor>(self);
    // Values go in as spawn arguments: CAF 0.17 dereferences a null argument pack otherwise (UBSan).
    auto recorder = system.spawn(
        [](caf::event_based_actor*, caf::actor test, int tag) -> caf::behavior {
          return {[test, tag](msg::pressure_atom, Pressure level) {
            caf::anon_send(test, msg::pressure_atom::value, tag, level);
          }};
        },
        test, tag);
    return own(caf::actor_cast<msg::cache_shard_actor>(recorder));
  }

  // The next (tag, level) a recorder reported.
  std::pair<int, Pressure> next_report() {
    std::pair<int, Pressure> report{-1, Pressure::normal};
    self->receive([&](msg::pressure_atom, int tag, Pressure level) { report = {tag, level}; },
                  caf::after(patience) >> [] { ADD_FAILURE() << "no shard heard about memory pressure"; });
    return report;
  }

  // Asks the metrics actor for its JSON snapshot until `done` holds for it.
  json::object snapshot_when(const std::function<bool(const json::object&)>& done) {
    json::object last;
    auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
      self->request(metrics, caf::infinite, msg::snapshot_atom::value, std::string("json"))
          .receive([&](std::string& text) { last = json::parse(text).as_object(); },
                   [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
      if (done(last)) return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "the snapshot never showed what was expected; last: " << serialize(last);
    return last;
  }

  caf::actor_system_config config;
  caf::actor_system system{config};
  caf::scoped_actor self{system};
  std::vector<caf::actor> spawned;
  msg::metrics_actor metrics = own(system.spawn(actors::metrics, MetricsSettings{}));
  std::shared_ptr<msg::Directory> directory = std::make_shared<msg::Directory>();
};

std::string_view level_of(const json::object& snapshot) { return snapshot.at("memory").at("level").as_string(); }

}  // namespace

TEST(MemoryPressure, RisesAtOnceAndFallsOnlyWellBelowTheThreshold) {
  auto s = thresholds(1000, 2000);  // hysteresis 10%: warning holds down to 900, critical down to 1800
  EXPECT_EQ(next_pressure(Pressure::normal, 999, s), Pressure::normal);
  EXPECT_EQ(next_pressure(Pressure::normal, 1000, s), Pressure::warning);
  EXPECT_EQ(next_pressure(Pressure::normal, 2500, s), Pressure::critical);
  EXPECT_EQ(next_pressure(Pressure::warning, 2000, s), Pressure::critical);
  EXPECT_EQ(next_pressure(Pressure::critical, 1900, s), Pressure::critical);
  EXPECT_EQ(next_pressure(Pressure::critical, 1800, s), Pressure::critical);
  EXPECT_EQ(next_pressure(Pressure::critical, 1799, s), Pressure::warning);
  EXPECT_EQ(next_pressure(Pressure::warning, 950, s), Pressure::warning);
  EXPECT_EQ(next_pressure(Pressure::warning, 899, s), Pressure::normal);
  EXPECT_EQ(next_pressure(Pressure::critical, 800, s), Pressure::normal);
}

TEST(MemoryPressure, AThresholdOfZeroIsNoLevel) {
  auto only_critical = thresholds(0, 2000);
  EXPECT_EQ(next_pressure(Pressure::normal, 1500, only_critical), Pressure::normal);
  EXPECT_EQ(next_pressure(Pressure::normal, 2000, only_critical), Pressure::critical);
  EXPECT_EQ(next_pressure(Pressure::critical, 1700, only_critical), Pressure::normal);  // no warning to fall to
  EXPECT_EQ(next_pressure(Pressure::normal, ~0ull, thresholds(0, 0)), Pressure::normal);
}

TEST(MemoryPressure, ReadsTheRssOfThisProcess) {
  auto before = platform::resident_bytes();
  ASSERT_TRUE(before);
  EXPECT_GT(*before, 0u);
  constexpr std::size_t size = 64 << 20;
  auto block = std::make_unique<char[]>(size);
  std::memset(block.get(), 1, size);  // touched pages are resident
  auto after = platform::resident_bytes();
  ASSERT_TRUE(after);
  EXPECT_GE(*after, *before + size / 2);
  EXPECT_EQ(block[size - 1], 1);
}

TEST_F(MemoryMonitor, TellsEveryShardOfEveryKindAndTheMetricsActor) {
  directory->update([&](msg::Pools& pools) {
    pools.metrics = metrics;
    pools.shards[static_cast<std::size_t>(msg::ResourceKind::catalog)] = {recorder(1), recorder(2)};
    pools.shards[static_cast<std::size_t>(msg::ResourceKind::package_file)] = {recorder(3)};
  });
  own(system.spawn(memory_monitor, thresholds(1, 0), std::shared_ptr<const msg::Directory>(directory)));

  std::set<int> told;
  for (int i = 0; i < 3; ++i) {
    auto [tag, level] = next_report();
    EXPECT_EQ(level, Pressure::warning);
    told.insert(tag);
  }
  EXPECT_EQ(told, (std::set<int>{1, 2, 3}));

  auto snapshot = snapshot_when([](const json::object& s) { return level_of(s) == "warning"; });
  auto& memory = snapshot.at("memory").as_object();
  EXPECT_EQ(memory.at("transitions").at("warning").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(memory.at("transitions").at("critical").to_number<std::uint64_t>(), 0u);
  EXPECT_GT(memory.at("rssBytes").to_number<std::uint64_t>(), 0u);
  ASSERT_EQ(memory.at("recent").as_array().size(), 1u);
}

TEST_F(MemoryMonitor, RepeatsTheLevelToShardsAddedSince) {
  directory->update([&](msg::Pools& pools) {
    pools.shards[static_cast<std::size_t>(msg::ResourceKind::docs_file)] = {recorder(1)};
  });
  auto monitor = own(system.spawn(memory_monitor, thresholds(1, 1), std::shared_ptr<const msg::Directory>(directory)));
  EXPECT_EQ(next_report(), std::make_pair(1, Pressure::critical));

  // A shard restarted or added later hears the level at the next tick, though nothing changed.
  directory->update([&](msg::Pools& pools) {
    pools.shards[static_cast<std::size_t>(msg::ResourceKind::docs_file)] = {recorder(2)};
  });
  self->send(monitor, msg::tick_atom::value);
  EXPECT_EQ(next_report(), std::make_pair(2, Pressure::critical));
}

TEST_F(MemoryMonitor, NormalMemoryIsSaidOnceAtStartThenNothing) {
  directory->update([&](msg::Pools& pools) {
    pools.metrics = metrics;
    pools.shards[static_cast<std::size_t>(msg::ResourceKind::catalog)] = {recorder(1)};
  });
  auto monitor = own(system.spawn(memory_monitor, thresholds(~0ull, 0), std::shared_ptr<const msg::Directory>(directory)));
  EXPECT_EQ(next_report(), std::make_pair(1, Pressure::normal));
  self->send(monitor, msg::tick_atom::value);
  auto snapshot = snapshot_when([](const json::object& s) { return s.at("memory").at("rssBytes").to_number<std::uint64_t>() > 0; });
  EXPECT_EQ(level_of(snapshot), "normal");
  self->receive([&](msg::pressure_atom, int, Pressure) { ADD_FAILURE() << "a shard was told about pressure again"; },
                caf::after(std::chrono::milliseconds(200)) >> [] {});
}

TEST_F(MemoryMonitor, AMonitorStartedAfterAnotherStoppedUnderPressureTellsShardsThePressureEnded) {
  directory->update([&](msg::Pools& pools) {
    pools.shards[static_cast<std::size_t>(msg::ResourceKind::catalog)] = {recorder(1)};
  });
  auto first = own(system.spawn(memory_monitor, thresholds(1, 1), std::shared_ptr<const msg::Directory>(directory)));
  EXPECT_EQ(next_report(), std::make_pair(1, Pressure::critical));
  self->send_exit(first, caf::exit_reason::kill);  // as if it crashed; the shard stays shrunk
  // Its replacement (the supervisor's restart) finds memory normal: the shard must hear that.
  own(system.spawn(memory_monitor, thresholds(~0ull, 0), std::shared_ptr<const msg::Directory>(directory)));
  std::pair<int, Pressure> report;
  do report = next_report();
  while (report.second == Pressure::critical);  // ticks the first monitor sent before it stopped
  EXPECT_EQ(report, std::make_pair(1, Pressure::normal));
}

TEST(MemoryRelief, PagesFreedUnderPressureLeaveTheRss) {
  // The monitor trims the heap while under pressure: what the shards drop must show in RSS.
#ifdef VARLET_ADDRESS_SANITIZER
  GTEST_SKIP() << "AddressSanitizer's allocator quarantines freed blocks; trimming is glibc's and is tested without it";
#endif
  if (!platform::releases_free_memory()) GTEST_SKIP() << "this system's allocator has no call that hands free pages back";
  constexpr std::size_t count = 20000, size = 1000;  // small blocks, as cache entries are
  auto before = platform::resident_bytes();
  ASSERT_TRUE(before);
  std::vector<char*> blocks;
  for (std::size_t i = 0; i < count; ++i) {
    blocks.push_back(static_cast<char*>(std::malloc(size)));
    std::memset(blocks.back(), 1, size);
  }
  auto full = platform::resident_bytes();
  for (std::size_t i = 0; i + 1 < count; ++i) std::free(blocks[i]);  // the last block pins the heap top
  MemorySettings s = thresholds(1, 1);
  caf::actor_system_config config;
  caf::actor_system system{config};
  auto directory = std::make_shared<msg::Directory>();
  caf::scoped_actor self{system};
  auto monitor = system.spawn(memory_monitor, s, std::shared_ptr<const msg::Directory>(directory));
  // The first sample finds critical; the next one, under pressure, trims before it reads.
  self->send(monitor, msg::tick_atom::value);
  self->send(monitor, msg::tick_atom::value);
  std::optional<std::uint64_t> after;
  for (int i = 0; i < 100; ++i) {
    after = platform::resident_bytes();
    if (after && *after + count * size / 2 < *full) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::free(blocks.back());
  self->send_exit(monitor, caf::exit_reason::user_shutdown);
  ASSERT_TRUE(full && after);
  EXPECT_LT(*after + count * size / 2, *full) << "before " << *before << ", full " << *full << ", after " << *after;
}

TEST_F(MemoryMonitor, CriticalPressureCutsARealShardToItsFloorAndRefusesColdLoads) {
  ShardSettings shard;
  shard.kind = msg::ResourceKind::catalog;
  shard.l1_bytes = 8 << 20;
  shard.l1_floor = 1 << 20;
  shard.sample_interval = std::chrono::milliseconds(20);
  bool loaded = false;
  shard.loader = [&loaded](cache_shard_pointer, const std::string&, std::function<void(msg::CacheResult)> done) {
    loaded = true;
    done({msg::CacheEntry{std::make_shared<const std::string>("body")}, std::nullopt});
  };
  auto real_shard = own(system.spawn(cache_shard, shard, std::shared_ptr<const msg::Directory>(directory)));
  directory->update([&](msg::Pools& pools) {
    pools.metrics = metrics;
    pools.shards[static_cast<std::size_t>(msg::ResourceKind::catalog)] = {real_shard};
  });
  own(system.spawn(memory_monitor, thresholds(1, 1), std::shared_ptr<const msg::Directory>(directory)));

  auto snapshot = snapshot_when([](const json::object& s) {
    return level_of(s) == "critical" &&
           s.at("caches").at("catalog").at("budgetBytes").to_number<std::uint64_t>() == (1u << 20);
  });
  EXPECT_EQ(snapshot.at("memory").at("transitions").at("critical").to_number<std::uint64_t>(), 1u);

  std::optional<msg::CacheResult> answer;
  self->request(real_shard, caf::infinite, msg::get_atom::value, msg::CacheKey{msg::ResourceKind::catalog, "3.20.6/en-US"})
      .receive([&](msg::CacheResult& r) { answer = std::move(r); }, [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  ASSERT_TRUE(answer);
  ASSERT_TRUE(answer->error);
  EXPECT_EQ(answer->error->kind, msg::FetchErrorKind::overloaded);
  EXPECT_TRUE(answer->error->retryable);
  EXPECT_FALSE(loaded);
}
