// The published rendered answers the transports' threads read without a message: what is found,
// who may withdraw it, the marks the owning shard reads back, and readers beside a busy writer.
#include "actors/published_answers.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace varlet;
using varlet::actors::PublishedAnswers;

namespace {

msg::CacheEntry entry(const std::string& text, std::int64_t expires = 0) {
  msg::CacheEntry e;
  e.bytes = std::make_shared<const std::string>(text);
  e.expires = expires;
  return e;
}

const int shard_a = 1, shard_b = 2;  // two publishers, told apart by address

}  // namespace

TEST(PublishedAnswers, FindsWhatIsPublishedAndCountsTheHits) {
  PublishedAnswers published;
  EXPECT_FALSE(published.find("k"));
  published.publish("k", entry("answer"), &shard_a);
  auto found = published.find("k");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found->bytes, "answer");
  published.publish("k", entry("newer"), &shard_a);
  EXPECT_EQ(*published.find("k")->bytes, "newer");
  EXPECT_EQ(*found->bytes, "answer") << "a reader keeps what it found";
  EXPECT_EQ(published.take_hits(), 2u);
  EXPECT_EQ(published.take_hits(), 0u);
  EXPECT_FALSE(published.find("K"));
  EXPECT_EQ(published.take_hits(), 0u) << "a miss is the shard's to count";
}

TEST(PublishedAnswers, PublishesNeitherStaleNorAbsentNorExpiredEntries) {
  PublishedAnswers published;
  auto stale = entry("old");
  stale.stale = true;
  published.publish("stale", stale, &shard_a);
  msg::CacheEntry absent;
  absent.absent = true;
  published.publish("absent", absent, &shard_a);
  published.publish("expired", entry("gone", msg::unix_seconds_now() - 1), &shard_a);
  published.publish("fresh", entry("here", msg::unix_seconds_now() + 60), &shard_a);
  EXPECT_FALSE(published.find("stale"));
  EXPECT_FALSE(published.find("absent"));
  EXPECT_FALSE(published.find("expired"));
  EXPECT_TRUE(published.find("fresh"));
  // A stale entry put over a fresh one withdraws it: the fast path must not serve the older answer.
  published.publish("fresh", stale, &shard_a);
  EXPECT_FALSE(published.find("fresh"));
}

// A shard that handed its entries to a new group stops later: it withdraws only what it published.
TEST(PublishedAnswers, OnlyThePublisherWithdraws) {
  PublishedAnswers published;
  published.publish("k", entry("by a"), &shard_a);
  published.publish("k", entry("by b"), &shard_b);
  published.withdraw("k", &shard_a);
  ASSERT_TRUE(published.find("k"));
  EXPECT_FALSE(published.take_used("k", &shard_a));
  published.withdraw("k", &shard_b);
  EXPECT_FALSE(published.find("k"));
  EXPECT_EQ(published.size(), 0u);
}

TEST(PublishedAnswers, MarksWhatWasReadForItsShard) {
  PublishedAnswers published;
  published.publish("read", entry("x"), &shard_a);
  published.publish("unread", entry("y"), &shard_a);
  ASSERT_TRUE(published.find("read"));
  ASSERT_TRUE(published.find("read"));
  EXPECT_TRUE(published.take_used("read", &shard_a));
  EXPECT_FALSE(published.take_used("read", &shard_a)) << "the mark is taken";
  EXPECT_FALSE(published.take_used("unread", &shard_a));
  EXPECT_FALSE(published.take_used("missing", &shard_a));
}

// Readers on two threads while a writer publishes and withdraws: every answer found is whole and
// is the one for its key (run under AddressSanitizer, a snapshot freed under a reader shows).
TEST(PublishedAnswers, ReadersSeeWholeSnapshotsWhileAWriterChangesThem) {
  PublishedAnswers published;
  constexpr int keys = 512;
  auto key = [](int i) { return "get_component_api\n3.20.6\nen-US\n{\"name\":\"c" + std::to_string(i) + "\"}"; };
  std::atomic<bool> done{false};
  std::atomic<long> found{0}, wrong{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r)
    readers.emplace_back([&] {
      while (!done.load()) {
        for (int i = 0; i < keys; ++i)
          if (auto answer = published.find(key(i))) {
            ++found;
            if (*answer->bytes != "answer " + std::to_string(i)) ++wrong;
          }
      }
    });
  for (int round = 0; round < 20; ++round) {
    for (int i = 0; i < keys; ++i) published.publish(key(i), entry("answer " + std::to_string(i)), &shard_a);
    for (int i = 0; i < keys; i += 2) published.withdraw(key(i), &shard_a);
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(found.load(), 0);
  EXPECT_EQ(published.size(), static_cast<std::size_t>(keys / 2));
}
