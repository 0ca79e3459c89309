#include "actors/supervisor.hpp"

#include "actors/cache_shard.hpp"
#include "actors/metrics.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace varlet;
using namespace varlet::actors;

namespace {

constexpr auto patience = std::chrono::seconds(30);
constexpr auto kind = msg::ResourceKind::catalog;
constexpr std::size_t kind_index = static_cast<std::size_t>(kind);

std::string key_of(int i) { return "3.20." + std::to_string(i) + "/en-US"; }

class Supervisor : public ::testing::Test {
public:
  ~Supervisor() override {
    if (supervisor) caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
  }

  // A partitioned group of real cache shards (no disk, no loader unless given), as the server has.
  PoolSpec shard_group(std::uint32_t size, Loader loader = {}) {
    auto dir = directory;
    PoolSpec pool{"shard:catalog", size, 1, 8,
                  [dir, loader](caf::actor_system& sys, std::uint32_t index, std::uint32_t) {
                    ShardSettings s;
                    s.kind = kind;
                    s.index = index;
                    s.loader = loader;
                    return caf::actor_cast<caf::strong_actor_ptr>(
                        sys.spawn(cache_shard, s, std::shared_ptr<const msg::Directory>(dir)));
                  },
                  [](msg::Pools& p, const std::vector<caf::strong_actor_ptr>& members) {
                    p.shards[kind_index].clear();
                    for (auto& m : members) p.shards[kind_index].push_back(caf::actor_cast<msg::cache_shard_actor>(m));
                  }};
    pool.partitioned = true;
    return pool;
  }

  void start(std::vector<PoolSpec> pools, SupervisorSettings settings = {}) {
    settings.interval = std::chrono::hours(1);  // no automatic scaling in these tests
    supervisor = system.spawn(actors::supervisor, std::move(pools), settings, directory);
    pools_snapshot();  // answered once the supervisor has started and published every pool
  }

  std::vector<msg::cache_shard_actor> group() { return directory->current()->shards[kind_index]; }

  void put(const std::string& key, const std::string& body) {
    self->send(*directory->current()->shard_for(kind, key), msg::put_atom::value, msg::CacheKey{kind, key},
               msg::CacheEntry{std::make_shared<const std::string>(body)});
  }

  std::optional<msg::CacheResult> ask(msg::cache_shard_actor shard, const std::string& key, bool load = false) {
    std::optional<msg::CacheResult> answer;
    auto on_error = [&](caf::error& e) { ADD_FAILURE() << system.render(e); };
    if (load)
      self->request(shard, patience, msg::get_atom::value, msg::CacheKey{kind, key})
          .receive([&](msg::CacheResult& r) { answer = std::move(r); }, on_error);
    else
      self->request(shard, patience, msg::peek_atom::value, msg::CacheKey{kind, key})
          .receive([&](msg::CacheResult& r) { answer = std::move(r); }, on_error);
    return answer;
  }

  std::uint32_t resize(const std::string& pool, std::uint32_t size) {
    std::uint32_t now = 0;
    self->request(supervisor, patience, msg::resize_atom::value, pool, size)
        .receive([&](std::uint32_t n) { now = n; }, [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
    return now;
  }

  json::object pools_snapshot() {
    json::object out;
    self->request(supervisor, patience, msg::snapshot_atom::value)
        .receive([&](std::string& s) { out = json::parse(s).as_object(); },
                 [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
    return out;
  }

  // Waits (bounded) until `done` holds.
  bool eventually(const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  caf::actor_system_config config;
  caf::actor_system system{config};
  caf::scoped_actor self{system};
  std::shared_ptr<msg::Directory> directory = std::make_shared<msg::Directory>();
  msg::supervisor_actor supervisor;
};

TEST_F(Supervisor, GrowingAShardGroupHandsEveryEntryToItsNewOwnerBeforeTheGroupIsPublished) {
  start({shard_group(2)});
  ASSERT_EQ(group().size(), 2u);
  for (int i = 0; i < 60; ++i) put(key_of(i), "body " + std::to_string(i));
  auto before = group();

  EXPECT_EQ(resize("shard:catalog", 5), 5u);
  auto after = group();
  ASSERT_EQ(after.size(), 5u);
  for (auto& shard : after) EXPECT_EQ(std::count(before.begin(), before.end(), shard), 0) << "a new group";
  // Asked right after the resize answered, each key's new owner already holds it.
  for (int i = 0; i < 60; ++i) {
    auto answer = ask(after[msg::shard_index(key_of(i), after.size())], key_of(i));
    ASSERT_TRUE(answer && answer->entry) << key_of(i) << " was lost in the resize";
    EXPECT_EQ(*answer->entry->bytes, "body " + std::to_string(i));
  }
  EXPECT_EQ(pools_snapshot().at("shard:catalog").at("scaleEvents").to_number<int>(), 1);
}

TEST_F(Supervisor, ShrinkingAShardGroupKeepsItsEntriesAndStaysWithinItsBounds) {
  start({shard_group(4)});
  for (int i = 0; i < 40; ++i) put(key_of(i), std::to_string(i));
  EXPECT_EQ(resize("shard:catalog", 0), 1u);  // below its minimum: the minimum
  auto after = group();
  ASSERT_EQ(after.size(), 1u);
  for (int i = 0; i < 40; ++i) {
    auto answer = ask(after[0], key_of(i));
    ASSERT_TRUE(answer && answer->entry) << key_of(i);
  }
  EXPECT_EQ(resize("shard:catalog", 1), 1u);  // already that size: nothing happens
  EXPECT_EQ(pools_snapshot().at("shard:catalog").at("scaleEvents").to_number<int>(), 1);
}

TEST_F(Supervisor, ALoadStillRunningWhenTheGroupGrowsEndsUpAtTheNewOwner) {
  // Loads wait at `gate` until the test opens it; they run in the shard's context as real ones do.
  std::atomic<int> asked{0};
  // Values go in as spawn arguments: CAF 0.17 dereferences a null argument pack otherwise (UBSan).
  auto gate = system.spawn([](caf::event_based_actor* gate, std::atomic<int>* asked) -> caf::behavior {
    auto held = std::make_shared<std::vector<caf::response_promise>>();
    return {[gate, held, asked](msg::get_atom, const std::string&) {
              held->push_back(gate->make_response_promise());
              ++*asked;
            },
            [held](msg::put_atom) {
              for (auto& p : *held) p.deliver(std::string("loaded"));
              held->clear();
            }};
  }, &asked);
  Loader through_gate = [gate](cache_shard_pointer shard, const std::string& key,
                               std::function<void(msg::CacheResult)> done) {
    shard->request(gate, caf::infinite, msg::get_atom::value, key).then([done](std::string& body) {
      done({msg::CacheEntry{std::make_shared<const std::string>(body)}, std::nullopt});
    });
  };
  SupervisorSettings settings;
  settings.retire_after = std::chrono::milliseconds(20);
  start({shard_group(2, through_gate)}, settings);
  auto old_owner = *directory->current()->shard_for(kind, "3.20.6/en-US");
  auto waiting = self->request(old_owner, patience, msg::get_atom::value, msg::CacheKey{kind, "3.20.6/en-US"});
  ASSERT_TRUE(eventually([&] { return asked.load() == 1; }));
  self->monitor(old_owner);

  EXPECT_EQ(resize("shard:catalog", 3), 3u);
  // The old owner holds a load: it is not stopped while it does.
  bool stopped = false;
  self->receive([&](caf::down_msg&) { stopped = true; }, caf::after(std::chrono::milliseconds(200)) >> [] {});
  EXPECT_FALSE(stopped) << "a shard holding a load was stopped";

  self->send(gate, msg::put_atom::value);
  std::optional<msg::CacheResult> answer;
  waiting.receive([&](msg::CacheResult& r) { answer = std::move(r); }, [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  ASSERT_TRUE(answer && answer->entry) << "the caller got its load";
  auto moved = ask(*directory->current()->shard_for(kind, "3.20.6/en-US"), "3.20.6/en-US");
  ASSERT_TRUE(moved && moved->entry) << "the new owner has what the old one loaded after the handover";
  EXPECT_EQ(*moved->entry->bytes, "loaded");
  EXPECT_EQ(asked.load(), 1) << "loaded once";
  self->receive([&](caf::down_msg& down) { stopped = down.source == old_owner.address(); },
                caf::after(patience) >> [] {});
  EXPECT_TRUE(stopped) << "the old owner was stopped once its load settled";
  caf::anon_send_exit(gate, caf::exit_reason::user_shutdown);
}

TEST_F(Supervisor, AnUnknownPoolCannotBeResized) {
  start({shard_group(1)});
  bool failed = false;
  self->request(supervisor, patience, msg::resize_atom::value, std::string("shard:nothing"), std::uint32_t{3})
      .receive([&](std::uint32_t) {}, [&](caf::error&) { failed = true; });
  EXPECT_TRUE(failed);
}

TEST_F(Supervisor, ACrashedShardAnswersItsWaitersWithARetryableErrorAndIsRestarted) {
  // A loader that never finishes: the caller waits until the shard stops.
  Loader never = [](cache_shard_pointer, const std::string&, std::function<void(msg::CacheResult)>) {};
  SupervisorSettings settings;
  settings.allow_crash = true;
  settings.restart_backoff = std::chrono::milliseconds(10);
  start({shard_group(1, never)}, settings);
  auto crashed = group().at(0);

  auto waiting = self->request(crashed, patience, msg::get_atom::value, msg::CacheKey{kind, "3.20.6/en-US"});
  // The get is queued before the crash request reaches the shard through the supervisor.
  ask(crashed, "warm-up");
  bool done = false;
  self->request(supervisor, patience, msg::crash_atom::value, std::string("shard:catalog"), std::uint32_t{0})
      .receive([&](bool ok) { done = ok; }, [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  ASSERT_TRUE(done);
  std::optional<msg::CacheResult> answer;
  waiting.receive([&](msg::CacheResult& r) { answer = std::move(r); },
                  [&](caf::error& e) { ADD_FAILURE() << "the caller of a crashed shard got " << system.render(e); });
  ASSERT_TRUE(answer);
  ASSERT_TRUE(answer->error);
  EXPECT_TRUE(answer->error->retryable);
  EXPECT_NE(answer->error->message.find("retry"), std::string::npos) << answer->error->message;

  ASSERT_TRUE(eventually([&] { return group().size() == 1 && group()[0] != crashed; }));
  auto fresh = ask(group()[0], "3.20.6/en-US");
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->entry);  // a new shard, empty, answering
  EXPECT_EQ(pools_snapshot().at("shard:catalog").at("restarts").to_number<int>(), 1);
}

// A plain pool's member that answers stats with a queue the test sets.
struct Busy {
  struct Members {
    std::mutex mutex;
    std::vector<caf::actor> list;
  };
  std::shared_ptr<std::atomic<std::uint64_t>> queued = std::make_shared<std::atomic<std::uint64_t>>(0);
  std::shared_ptr<Members> members = std::make_shared<Members>();
  std::size_t spawned() const {
    std::lock_guard lock(members->mutex);
    return members->list.size();
  }
  caf::actor member(std::size_t i) const {
    std::lock_guard lock(members->mutex);
    return members->list.at(i);
  }
};

PoolSpec busy_pool(const Busy& busy, std::uint32_t size) {
  return {"fetcher", size, 1, 4,
          [busy](caf::actor_system& sys, std::uint32_t, std::uint32_t) {
            auto queued = busy.queued;
            auto member = sys.spawn(
                [](caf::event_based_actor*, std::shared_ptr<std::atomic<std::uint64_t>> queued) -> caf::behavior {
                  return {[queued](msg::stats_atom) { return msg::PoolSample{"fetcher", 1, queued->load(), 0}; }};
                },
                queued);
            std::lock_guard lock(busy.members->mutex);
            busy.members->list.push_back(member);
            return caf::actor_cast<caf::strong_actor_ptr>(member);
          },
          [](msg::Pools&, const std::vector<caf::strong_actor_ptr>&) {}};
}

TEST_F(Supervisor, AMemberLeavingAPlainPoolFinishesItsWorkBeforeItIsStopped) {
  Busy busy;
  busy.queued->store(3);
  SupervisorSettings settings;
  settings.retire_after = std::chrono::milliseconds(10);
  settings.retire_checks = 1000;
  start({busy_pool(busy, 2)}, settings);
  ASSERT_TRUE(eventually([&] { return busy.spawned() == 2; }));
  auto leaving = busy.member(1);
  self->monitor(leaving);

  EXPECT_EQ(resize("fetcher", 1), 1u);
  // Asked every 10 ms, it says it still holds work: it keeps running.
  bool stopped = false;
  self->receive([&](caf::down_msg&) { stopped = true; }, caf::after(std::chrono::milliseconds(300)) >> [] {});
  EXPECT_FALSE(stopped) << "a member holding work was stopped";

  busy.queued->store(0);
  self->receive([&](caf::down_msg& down) { stopped = down.source == leaving.address(); },
                caf::after(patience) >> [] {});
  EXPECT_TRUE(stopped) << "an idle leaving member was never stopped";
  EXPECT_EQ(busy.spawned(), 2u) << "leaving is not a crash: nothing was restarted";
}

TEST_F(Supervisor, StoppingTheSupervisorStopsMembersStillLeavingTheirPool) {
  Busy busy;
  busy.queued->store(1);
  SupervisorSettings settings;
  settings.retire_after = std::chrono::milliseconds(10);
  start({busy_pool(busy, 2)}, settings);
  ASSERT_TRUE(eventually([&] { return busy.spawned() == 2; }));
  auto leaving = busy.member(1);
  self->monitor(leaving);
  EXPECT_EQ(resize("fetcher", 1), 1u);

  caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
  bool stopped = false;
  self->receive([&](caf::down_msg& down) { stopped = down.source == leaving.address(); },
                caf::after(patience) >> [] {});
  EXPECT_TRUE(stopped) << "a leaving member outlived the supervisor (the actor system would never shut down)";
}

TEST_F(Supervisor, ARestartedMetricsActorRecordsItsOwnRestart) {
  PoolSpec metrics_pool{"metrics", 1, 1, 1,
                        [](caf::actor_system& sys, std::uint32_t, std::uint32_t) {
                          return caf::actor_cast<caf::strong_actor_ptr>(sys.spawn(actors::metrics, MetricsSettings{}));
                        },
                        [](msg::Pools& p, const std::vector<caf::strong_actor_ptr>& members) {
                          p.metrics = caf::actor_cast<msg::metrics_actor>(members.front());
                        }};
  SupervisorSettings settings;
  settings.allow_crash = true;
  settings.restart_backoff = std::chrono::milliseconds(10);
  start({std::move(metrics_pool)}, settings);
  auto first = directory->current()->metrics;
  bool done = false;
  self->request(supervisor, patience, msg::crash_atom::value, std::string("metrics"), std::uint32_t{0})
      .receive([&](bool ok) { done = ok; }, [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  ASSERT_TRUE(done);
  ASSERT_TRUE(eventually([&] {
    auto now = directory->current()->metrics;
    if (!now || now == first) return false;
    json::object snapshot;
    self->request(now, patience, msg::snapshot_atom::value, std::string("json"))
        .receive([&](std::string& s) { snapshot = json::parse(s).as_object(); }, [](caf::error&) {});
    auto* restarts = snapshot.if_contains("restarts");
    return restarts && restarts->at("byActor").as_object().contains("metrics");
  }));
}

}  // namespace
