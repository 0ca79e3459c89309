#include "transports/http/rate_limiter.hpp"

#include <gtest/gtest.h>

using namespace varlet::transports;
using namespace std::chrono_literals;

namespace {

RateLimiter::Settings settings(double per_second, double burst, double cold_cost = 10, std::size_t max_clients = 1000) {
  RateLimiter::Settings s;
  s.per_second = per_second;
  s.burst = burst;
  s.cold_cost = cold_cost;
  s.max_clients = max_clients;
  return s;
}

const auto t0 = RateLimiter::Clock::time_point{} + 1h;

}  // namespace

TEST(RateLimiter, NoRateMeansNoLimit) { EXPECT_FALSE(RateLimiter(settings(0, 5)).enabled()); }

TEST(RateLimiter, ABurstPassesThenTheClientWaitsForTheRefill) {
  RateLimiter limiter(settings(2, 3));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.take("a", t0).allowed) << i;
  auto refused = limiter.take("a", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 1);  // half a second to a token, said in whole seconds
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_FALSE(limiter.take("a", t0 + 400ms).allowed);
  EXPECT_TRUE(limiter.take("a", t0 + 500ms).allowed);
  EXPECT_FALSE(limiter.take("a", t0 + 500ms).allowed);
}

TEST(RateLimiter, OneClientsFloodLeavesAnotherClientsBucketWhole) {
  RateLimiter limiter(settings(1, 5));
  for (int i = 0; i < 100; ++i) limiter.take("noisy", t0);
  auto calm = limiter.take("calm", t0);
  EXPECT_TRUE(calm.allowed);
  EXPECT_EQ(calm.remaining, 4);
}

TEST(RateLimiter, ABuiltAnswerCostsItsColdCostAndTheDebtIsBounded) {
  RateLimiter limiter(settings(1, 20, 10));
  ASSERT_TRUE(limiter.take("a", t0).allowed);
  limiter.charge_built("a", t0);
  auto next = limiter.take("a", t0);
  EXPECT_TRUE(next.allowed);
  EXPECT_EQ(next.remaining, 9);  // 20 - 10 for the built answer (its first token too) - 1 for this request
  for (int i = 0; i < 50; ++i) limiter.charge_built("a", t0);
  auto refused = limiter.take("a", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 21);  // at most one bucket of debt: -20 back to 1 token at 1 a second
}

TEST(RateLimiter, FullBucketsAreForgottenAndNewcomersShareOneBeyondTheCap) {
  RateLimiter limiter(settings(1, 2, 10, 3));
  for (auto c : {"a", "b", "c"}) limiter.take(c, t0);
  EXPECT_EQ(limiter.clients(), 3u);
  // Every kept bucket is in use: a newcomer gets the shared one and nothing grows.
  EXPECT_TRUE(limiter.take("d", t0).allowed);
  EXPECT_TRUE(limiter.take("e", t0).allowed);
  EXPECT_FALSE(limiter.take("f", t0).allowed);
  EXPECT_EQ(limiter.clients(), 3u);
  // Once they have refilled, they go to make room.
  EXPECT_TRUE(limiter.take("g", t0 + 2s).allowed);
  EXPECT_EQ(limiter.clients(), 1u);
}

TEST(RateLimiter, HeadersFollowTheRateLimitDraft) {
  RateLimiter limiter(settings(5, 50));
  auto verdict = limiter.take("a", t0);
  EXPECT_EQ(RateLimiter::policy_header(verdict), R"("per-client";q=50;w=10)");
  EXPECT_EQ(RateLimiter::limit_header(verdict), R"("per-client";r=49;t=1)");
  for (int i = 0; i < 49; ++i) limiter.take("a", t0);
  auto refused = limiter.take("a", t0);
  EXPECT_EQ(RateLimiter::limit_header(refused), R"("per-client";r=0;t=1)");
}

TEST(RateLimiter, AReloadKeepsEachClientsTokensWithinTheNewBurst) {
  RateLimiter limiter(settings(1, 50));
  for (int i = 0; i < 10; ++i) limiter.take("a", t0);
  limiter.update(settings(1, 20));
  auto verdict = limiter.take("a", t0);
  EXPECT_EQ(verdict.remaining, 19);
  EXPECT_EQ(verdict.quota, 20);
  limiter.update(settings(0, 20));
  EXPECT_FALSE(limiter.enabled());
  EXPECT_TRUE(limiter.take("a", t0).allowed);
}
