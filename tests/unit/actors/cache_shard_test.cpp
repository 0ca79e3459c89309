// Cache shards as actors over one disk actor: lookups through the disk level, invalidation across a
// group, the write queue's bound, and a disk actor that is gone.
#include "actors/cache_shard.hpp"
#include "actors/metrics.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

using namespace varlet;
using namespace varlet::actors;
namespace fs = std::filesystem;

namespace {

class ShardGroup : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("varlet-shards-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  // The disk actor over the folder, published in the directory.
  msg::disk_actor start_disk(std::chrono::milliseconds write_delay = {}) {
    DiskCacheSettings d;
    d.write_delay = write_delay;
    d.dir = dir.string();
    d.max_bytes = 64 << 20;
    d.queue = queue;
    d.sample_interval = std::chrono::hours(1);
    auto disk = system.spawn<caf::detached>(disk_cache, d, std::shared_ptr<const msg::Directory>(directory));
    directory->update([&](msg::Pools& p) { p.disk = disk; });
    return disk;
  }

  // A group of `n` shards of the rendered kind, published in the directory.
  std::vector<msg::cache_shard_actor> start(std::size_t n) {
    std::vector<msg::cache_shard_actor> group;
    for (std::size_t i = 0; i < n; ++i) {
      ShardSettings s;
      s.kind = msg::ResourceKind::rendered;
      s.index = static_cast<std::uint32_t>(i);
      s.disk_queue = queue;
      s.sample_interval = std::chrono::hours(1);
      s.published = published;
      group.push_back(system.spawn(cache_shard, s, std::shared_ptr<const msg::Directory>(directory)));
    }
    directory->update([&](msg::Pools& p) { p.shards[static_cast<std::size_t>(msg::ResourceKind::rendered)] = group; });
    return group;
  }

  template <class Handle>
  void stop(const Handle& actor) {
    caf::scoped_actor self{system};
    self->monitor(actor);
    self->send_exit(actor, caf::exit_reason::user_shutdown);
    self->receive([](const caf::down_msg&) {});
  }

  void stop(const std::vector<msg::cache_shard_actor>& group) {
    for (auto& shard : group) stop(shard);
  }

  // Files of entries in the folder.
  std::size_t files() {
    std::size_t n = 0;
    for (auto& entry : fs::recursive_directory_iterator(dir)) n += entry.path().extension() == ".l2";
    return n;
  }

  void put(const std::string& key) {
    msg::CacheEntry entry;
    entry.bytes = std::make_shared<const std::string>("answer of " + key);
    auto pools = directory->current();
    caf::anon_send(*pools->shard_for(msg::ResourceKind::rendered, key), msg::put_atom::value,
                   msg::CacheKey{msg::ResourceKind::rendered, key}, entry);
  }

  // Asks every shard of the group and sums the answers.
  std::uint64_t invalidate(const std::vector<msg::cache_shard_actor>& group, const std::string& pattern) {
    caf::scoped_actor self{system};
    std::uint64_t total = 0;
    for (auto& shard : group)
      self->request(shard, std::chrono::seconds(10), msg::invalidate_atom::value, pattern)
          .receive([&](std::uint64_t n) { total += n; }, [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
    return total;
  }

  bool has(const std::string& key) {
    caf::scoped_actor self{system};
    bool found = false;
    auto pools = directory->current();
    self->request(*pools->shard_for(msg::ResourceKind::rendered, key), std::chrono::seconds(10), msg::peek_atom::value,
                  msg::CacheKey{msg::ResourceKind::rendered, key})
        .receive([&](const msg::CacheResult& r) { found = r.entry.has_value(); },
                 [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
    return found;
  }

  // Waits until every write handed to the disk actor is done (each holds its bytes in the queue
  // until then); the bound only keeps a broken actor from hanging the test.
  void settle_disk() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (queue->queued_bytes() > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(queue->queued_bytes(), 0u) << "the disk actor did not finish its writes";
  }

  fs::path dir;
  std::shared_ptr<DiskWriteQueue> queue = std::make_shared<DiskWriteQueue>(64 << 20);
  caf::actor_system_config config;
  caf::actor_system system{config};
  std::shared_ptr<msg::Directory> directory = std::make_shared<msg::Directory>();
  std::shared_ptr<PublishedAnswers> published;  // set before start() to have the group publish
};

std::vector<std::string> keys() {
  std::vector<std::string> out;
  for (const char* tool : {"get_component_api", "list_components"})
    for (int i = 0; i < 10; ++i) out.push_back(std::string(tool) + "\n3.20.6\nen-US\n{\"n\":" + std::to_string(i) + "}");
  return out;
}

}  // namespace

TEST(GlobMatch, StarsAndQuestionMarksOverWholeKeys) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("*\n3.20.6\n*", "get_component_api\n3.20.6\nen-US\n{}"));
  EXPECT_FALSE(glob_match("*\n3.20.6\n*", "get_component_api\n3.20.60\nen-US\n{}"));
  EXPECT_TRUE(glob_match("@varlet/ui@3.20.?/*", "@varlet/ui@3.20.6/types/button.d.ts"));
  EXPECT_FALSE(glob_match("@varlet/ui@3.20.?/*", "@varlet/ui@3.20.16/types/button.d.ts"));
  EXPECT_FALSE(glob_match("latest", "latest2"));
}

TEST_F(ShardGroup, InvalidationCountsEachEntryOnceAcrossMemoryDiskAndShards) {
  auto disk = start_disk();
  auto group = start(3);
  for (auto& k : keys()) put(k);
  ASSERT_TRUE(has(keys().front()));
  // Each entry is in one shard's memory and in the shared folder: 10 entries, not 20 or 40.
  EXPECT_EQ(invalidate(group, "get_component_api\n*"), 10u);
  EXPECT_FALSE(has(keys().front()));
  EXPECT_TRUE(has(keys().back()));
  EXPECT_EQ(invalidate(group, "get_component_api\n*"), 0u);
  stop(group);

  // After a restart only the disk holds them; a group of another size still finds each once.
  auto again = start(2);
  EXPECT_TRUE(has(keys().back()));
  EXPECT_EQ(invalidate(again, "list_components\n*\n{\"n\":1?}"), 0u);
  EXPECT_EQ(invalidate(again, "list_components\n*\n{\"n\":?}"), 10u);
  EXPECT_FALSE(has(keys().back()));
  EXPECT_EQ(files(), 0u);
  stop(again);
  stop(disk);
}

TEST_F(ShardGroup, EntriesComeBackFromDiskAfterTheShardsRestart) {
  auto disk = start_disk();
  auto group = start(2);
  for (auto& k : keys()) put(k);
  for (auto& k : keys()) ASSERT_TRUE(has(k));  // every shard has handled its puts
  settle_disk();
  EXPECT_EQ(files(), keys().size());
  stop(group);
  auto again = start(2);
  for (auto& k : keys()) EXPECT_TRUE(has(k)) << k;
  stop(again);
  stop(disk);
}

TEST_F(ShardGroup, AFullWriteQueueDropsWritesAndKeepsEntriesInMemory) {
  queue = std::make_shared<DiskWriteQueue>(16);  // smaller than any entry
  auto disk = start_disk();
  auto group = start(1);
  for (auto& k : keys()) put(k);
  for (auto& k : keys()) EXPECT_TRUE(has(k)) << k;  // from L1
  settle_disk();
  EXPECT_EQ(files(), 0u);
  EXPECT_EQ(queue->take_dropped(), keys().size());
  EXPECT_EQ(queue->queued_bytes(), 0u);
  stop(group);
  stop(disk);
}

TEST_F(ShardGroup, WithTheDiskActorGoneLookupsMissAndWritesAreDropped) {
  auto disk = start_disk();
  auto group = start(1);
  put("kept in memory");
  ASSERT_TRUE(has("kept in memory"));  // the shard has handled the put and handed the write over
  settle_disk();
  stop(disk);  // the directory still names it, as while the supervisor restarts it
  EXPECT_TRUE(has("kept in memory"));
  EXPECT_FALSE(has("never stored"));
  put("written nowhere");
  EXPECT_TRUE(has("written nowhere"));
  EXPECT_EQ(queue->queued_bytes(), 0u) << "a write to a stopped disk actor still holds its queue bytes";
  EXPECT_EQ(invalidate(group, "*"), 2u);
  EXPECT_EQ(files(), 1u);  // the disk was not reachable to drop its file
  stop(group);
}

TEST_F(ShardGroup, QueuedWritesAreReadAndInvalidatedBeforeTheyReachTheDisk) {
  // Each write takes a second: while the first is done, the others wait in the actor's queue.
  auto disk = start_disk(std::chrono::seconds(1));
  caf::scoped_actor self{system};
  auto write = [&](const std::string& key) {
    msg::DiskWrite w;
    w.key = {msg::ResourceKind::rendered, key};
    w.record.entry.bytes = std::make_shared<const std::string>("answer of " + key);
    w.reservation = queue->reserve(100);
    self->send(disk, msg::write_atom::value, std::move(w));
  };
  for (auto key : {"first", "second", "third"}) write(key);
  self->request<caf::message_priority::high>(disk, std::chrono::seconds(30), msg::read_atom::value,
                                             msg::CacheKey{msg::ResourceKind::rendered, "third"})
      .receive([](msg::DiskFound& found) {
        ASSERT_TRUE(found.record);
        EXPECT_EQ(*found.record->entry.bytes, "answer of third");
      },
               [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  std::vector<std::string> dropped;
  self->request(disk, std::chrono::seconds(30), msg::invalidate_atom::value,
                msg::DiskInvalidate{msg::ResourceKind::rendered, "sec*", 0, 1})
      .receive([&](std::vector<std::string>& keys) { dropped = keys; },
               [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  EXPECT_EQ(dropped, std::vector<std::string>{"second"});
  settle_disk();
  EXPECT_EQ(files(), 2u);
  stop(disk);
}

TEST(DiskWriteQueue, ReservationsHoldBytesUntilReleasedAndTheCapDropsTheRest) {
  auto queue = std::make_shared<DiskWriteQueue>(100);
  auto first = queue->reserve(60);
  ASSERT_TRUE(first);
  EXPECT_EQ(queue->queued_bytes(), 60u);
  EXPECT_FALSE(queue->reserve(41));
  auto second = queue->reserve(40);
  ASSERT_TRUE(second);
  EXPECT_EQ(queue->queued_bytes(), 100u);
  EXPECT_FALSE(queue->reserve(1));
  EXPECT_EQ(queue->take_dropped(), 2u);
  EXPECT_EQ(queue->take_dropped(), 0u);
  auto copy = first;  // a message copied on its way holds the same reservation
  first.reset();
  EXPECT_EQ(queue->queued_bytes(), 100u);
  copy.reset();
  EXPECT_EQ(queue->queued_bytes(), 40u);
  EXPECT_TRUE(queue->reserve(60));
}

TEST_F(ShardGroup, AStoppedShardReportsTheLookupsSinceItsLastSample) {
  auto metrics = system.spawn(actors::metrics, MetricsSettings{});
  directory->update([&](msg::Pools& p) { p.metrics = metrics; });
  auto group = start(1);  // samples once an hour: only stopping makes it report
  put("k");
  caf::scoped_actor self{system};
  for (int i = 0; i < 3; ++i)
    self->request(group[0], std::chrono::seconds(10), msg::get_atom::value, msg::CacheKey{msg::ResourceKind::rendered, "k"})
        .receive([](const msg::CacheResult& r) { EXPECT_TRUE(r.entry.has_value()); },
                 [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  stop(group);
  json::value snapshot;
  self->request(metrics, std::chrono::seconds(10), msg::snapshot_atom::value, std::string("json"))
      .receive([&](std::string& text) { snapshot = json::parse(text); }, [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  EXPECT_EQ(snapshot.at("caches").at("rendered").at("l1Hits").to_number<std::uint64_t>(), 3u);
  caf::anon_send_exit(metrics, caf::exit_reason::user_shutdown);
}

// What a rendered shard holds in L1 is what the transports' threads can read: published when put
// or read back from disk, withdrawn when invalidated, and when the shard stops.
TEST_F(ShardGroup, RenderedShardsPublishWhatTheirL1Holds) {
  published = std::make_shared<PublishedAnswers>();
  auto disk = start_disk();
  auto group = start(2);
  for (auto& k : keys()) put(k);
  for (auto& k : keys()) ASSERT_TRUE(has(k));  // every put handled
  EXPECT_EQ(published->size(), keys().size());
  auto answer = published->find(keys().front());
  ASSERT_TRUE(answer);
  EXPECT_EQ(*answer->bytes, "answer of " + keys().front());
  EXPECT_EQ(published->take_hits(), 1u);

  EXPECT_EQ(invalidate(group, "get_component_api\n*"), 10u);
  EXPECT_FALSE(published->find(keys().front()));
  EXPECT_TRUE(published->find(keys().back()));
  EXPECT_EQ(published->size(), 10u);
  settle_disk();
  stop(group);
  EXPECT_EQ(published->size(), 0u) << "a stopped shard leaves nothing published";

  // Read back from disk into a new group's L1: published again.
  auto again = start(1);
  EXPECT_TRUE(has(keys().back()));
  EXPECT_TRUE(published->find(keys().back()));
  stop(again);
  stop(disk);
}
