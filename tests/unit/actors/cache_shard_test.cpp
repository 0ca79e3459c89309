// Cache shards as actors: invalidation across a group that shares one disk folder.
#include "actors/cache_shard.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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

  // A group of `n` shards of the rendered kind on the folder, published in the directory.
  std::vector<msg::cache_shard_actor> start(std::size_t n) {
    std::vector<msg::cache_shard_actor> group;
    for (std::size_t i = 0; i < n; ++i) {
      ShardSettings s;
      s.kind = msg::ResourceKind::rendered;
      s.index = static_cast<std::uint32_t>(i);
      s.l2_dir = dir.string();
      s.l2_bytes = 64 << 20;
      s.sample_interval = std::chrono::hours(1);
      group.push_back(system.spawn(cache_shard, s, std::shared_ptr<const msg::Directory>(directory)));
    }
    directory->update([&](msg::Pools& p) { p.shards[static_cast<std::size_t>(msg::ResourceKind::rendered)] = group; });
    return group;
  }

  void stop(const std::vector<msg::cache_shard_actor>& group) {
    caf::scoped_actor self{system};
    for (auto& shard : group) {
      self->monitor(shard);
      self->send_exit(shard, caf::exit_reason::user_shutdown);
      self->receive([](const caf::down_msg&) {});
    }
  }

  void put(const std::string& key) {
    msg::CacheEntry entry;
    entry.bytes = std::make_shared<const std::string>("answer of " + key);
    auto pools = directory->current();
    caf::anon_send(pools->shard_for(msg::ResourceKind::rendered, key), msg::put_atom::value,
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

  bool has(const std::vector<msg::cache_shard_actor>& group, const std::string& key) {
    caf::scoped_actor self{system};
    bool found = false;
    auto pools = directory->current();
    self->request(pools->shard_for(msg::ResourceKind::rendered, key), std::chrono::seconds(10), msg::peek_atom::value,
                  msg::CacheKey{msg::ResourceKind::rendered, key})
        .receive([&](const msg::CacheResult& r) { found = r.entry.has_value(); },
                 [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
    (void)group;
    return found;
  }

  fs::path dir;
  caf::actor_system_config config;
  caf::actor_system system{config};
  std::shared_ptr<msg::Directory> directory = std::make_shared<msg::Directory>();
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
  auto group = start(3);
  for (auto& k : keys()) put(k);
  ASSERT_TRUE(has(group, keys().front()));
  // Each entry is in one shard's memory and in the shared folder: 10 entries, not 20 or 40.
  EXPECT_EQ(invalidate(group, "get_component_api\n*"), 10u);
  EXPECT_FALSE(has(group, keys().front()));
  EXPECT_TRUE(has(group, keys().back()));
  EXPECT_EQ(invalidate(group, "get_component_api\n*"), 0u);
  stop(group);

  // After a restart only the disk holds them; a group of another size still finds each once.
  auto again = start(2);
  EXPECT_TRUE(has(again, keys().back()));
  EXPECT_EQ(invalidate(again, "list_components\n*\n{\"n\":1?}"), 0u);
  EXPECT_EQ(invalidate(again, "list_components\n*\n{\"n\":?}"), 10u);
  EXPECT_FALSE(has(again, keys().back()));
  std::size_t files = 0;
  for (auto& entry : fs::recursive_directory_iterator(dir)) files += entry.is_regular_file();
  EXPECT_EQ(files, 0u);
  stop(again);
}
