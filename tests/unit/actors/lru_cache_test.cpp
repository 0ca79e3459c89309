#include "actors/lru_cache.hpp"
#include "mcp/compression/spliceable.hpp"

#include <gtest/gtest.h>

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
