#include "actors/lru_cache.hpp"
#include "mcp/compression/spliceable.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace varlet;
using varlet::actors::LruCache;

namespace {

msg::CacheEntry rendered(std::size_t size) {
  msg::CacheEntry entry;
  std::string text = "{\"text\":\"";
  while (text.size() < size) text += "a row of a table of props | string | default |";
  entry.bytes = std::make_shared<const std::string>(text + "\"}");
  entry.spliceable = std::make_shared<const compression::Spliceable>(entry.bytes, std::vector<std::size_t>{1});
  return entry;
}

}  // namespace

// An answer's gzip form is made after the entry went in (by the first answer sent gzip-encoded):
// the next lookup counts it, and the budget holds with it.
TEST(LruCache, CountsAGzipFormOnceItIsMade) {
  LruCache cache(1 << 20);
  auto entry = rendered(20000);
  cache.put("a", entry, 0);
  auto before = cache.bytes();
  EXPECT_EQ(before, LruCache::size_of("a", entry));
  ASSERT_TRUE(entry.spliceable->run(0, entry.bytes->size()));
  auto made = entry.spliceable->bytes();
  EXPECT_GT(made, 0u);
  ASSERT_TRUE(cache.find("a"));
  EXPECT_EQ(cache.bytes(), before + made);
  ASSERT_TRUE(cache.find("a"));
  EXPECT_EQ(cache.bytes(), before + made) << "counted once";
  EXPECT_TRUE(cache.erase("a"));
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(LruCache, AGzipFormThatOverflowsTheBudgetEvictsTheOldest) {
  auto old = rendered(20000), hot = rendered(20000);
  LruCache cache(LruCache::size_of("old", old) + LruCache::size_of("hot", hot) + 100);
  cache.put("old", old, 0);
  cache.put("hot", hot, 0);
  hot.spliceable->run(0, hot.bytes->size());
  ASSERT_TRUE(cache.find("hot"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_FALSE(cache.find("old"));
  EXPECT_LE(cache.bytes(), cache.budget());
}

namespace {

struct Recorder {
  std::vector<std::string> added, removed;
  std::set<std::string> used;
  LruCache::Observer observer() {
    return {[this](const LruCache::Item& i) { added.push_back(i.key); },
            [this](const LruCache::Item& i) { removed.push_back(i.key); },
            [this](const LruCache::Item& i) { return used.erase(i.key) > 0; }};
  }
};

}  // namespace

TEST(LruCache, TellsItsObserverOfEveryItemThatComesOrGoes) {
  auto entry = rendered(1000);
  LruCache cache(3 * LruCache::size_of("a", entry));
  Recorder seen;
  cache.observe(seen.observer());
  cache.put("a", entry, 0);
  cache.put("b", entry, 0);
  cache.put("a", entry, 0);  // replaced: comes again, never went
  cache.put("c", entry, 0);
  cache.put("d", entry, 0);  // evicts b, the least recently used
  EXPECT_EQ(seen.added, (std::vector<std::string>{"a", "b", "a", "c", "d"}));
  EXPECT_EQ(seen.removed, (std::vector<std::string>{"b"}));
  cache.erase_if([](const std::string& k) { return k == "c"; });
  EXPECT_TRUE(cache.erase("a"));
  cache.clear();
  EXPECT_EQ(seen.removed, (std::vector<std::string>{"b", "c", "a", "d"}));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

// An item read where the cache cannot see (a published answer) is spared once and the next least
// recently used goes instead; the item just put always stays.
TEST(LruCache, SparesAnItemUsedElsewhereAndEvictsTheNext) {
  auto entry = rendered(1000);
  LruCache cache(3 * LruCache::size_of("a", entry));
  Recorder seen;
  cache.observe(seen.observer());
  for (auto k : {"a", "b", "c"}) cache.put(k, entry, 0);
  seen.used = {"a"};
  cache.put("d", entry, 0);
  EXPECT_EQ(seen.removed, (std::vector<std::string>{"b"}));
  cache.put("e", entry, 0);  // the spared a counts as used just now: c is the oldest
  cache.put("f", entry, 0);  // then d; a's mark was taken, so it goes the time after
  cache.put("g", entry, 0);
  EXPECT_EQ(seen.removed, (std::vector<std::string>{"b", "c", "d", "a"}));

  // Every item marked, over and over: each is spared once, then the oldest goes; the new one stays.
  LruCache small(2 * LruCache::size_of("a", entry));
  Recorder always;
  small.observe({[](const LruCache::Item&) {}, [&](const LruCache::Item& i) { always.removed.push_back(i.key); },
                 [](const LruCache::Item&) { return true; }});
  small.put("x", entry, 0);
  small.put("y", entry, 0);
  small.put("z", entry, 0);
  EXPECT_EQ(small.size(), 2u);
  EXPECT_EQ(always.removed.size(), 1u);
  EXPECT_NE(always.removed.front(), "z");
  EXPECT_LE(small.bytes(), small.budget());
}
