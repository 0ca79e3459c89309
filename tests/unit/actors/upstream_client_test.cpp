#include "actors/upstream_client.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

using namespace varlet::actors;
using varlet::msg::FetchErrorKind;
using varlet::msg::FetchRequest;
using varlet::msg::FetchResult;
namespace fs = std::filesystem;

namespace {

UpstreamSettings quick_settings() {
  UpstreamSettings s;
  s.connect_timeout = std::chrono::milliseconds(2000);
  s.total_timeout = std::chrono::milliseconds(5000);
  s.backoff_base = std::chrono::milliseconds(10);
  s.breaker_cooldown = std::chrono::milliseconds(300);
  return s;
}

// Bounded: a client that never answers fails the test instead of hanging it.
FetchResult fetch_now(UpstreamClient& client, FetchRequest request) {
  auto answer = std::make_shared<std::promise<FetchResult>>();
  auto future = answer->get_future();
  client.fetch(std::move(request), [answer](FetchResult r) { answer->set_value(std::move(r)); });
  if (future.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "no answer within 60 s";
    return {};
  }
  return future.get();
}

class LocalFolder : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("varlet-upstream-" + std::to_string(::getpid()));
    fs::create_directories(dir / "@varlet" / "ui@3.20.6" / "types");
    std::ofstream(dir / "@varlet" / "ui@3.20.6" / "types" / "button.d.ts") << "export interface ButtonProps {}\n";
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string url(const std::string& path) { return "file://" + (dir / path).string(); }
  fs::path dir;
};

}  // namespace

TEST_F(LocalFolder, ReadsAFileUrl) {
  UpstreamClient client(quick_settings());
  auto r = fetch_now(client, {url("@varlet/ui@3.20.6/types/button.d.ts"), "", "package-dir"});
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_TRUE(r.body);
  EXPECT_EQ(*r.body, "export interface ButtonProps {}\n");
  EXPECT_EQ(r.attempts, 1);
}

TEST_F(LocalFolder, AMissingFileIsNotFoundAndNotRetried) {
  UpstreamClient client(quick_settings());
  auto r = fetch_now(client, {url("@varlet/ui@9.9.9/types/button.d.ts"), "", "package-dir"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, FetchErrorKind::not_found);
  EXPECT_FALSE(r.error->retryable);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_NE(r.error->message.find("ui@9.9.9/types/button.d.ts"), std::string::npos) << r.error->message;
  EXPECT_NE(r.error->message.find("local package folder"), std::string::npos) << r.error->message;
  EXPECT_EQ(client.stats().retries, 0u);
}

TEST_F(LocalFolder, AFileAboveTheSizeCapIsRefused) {
  auto settings = quick_settings();
  settings.max_response_bytes = 10;
  UpstreamClient client(settings);
  auto r = fetch_now(client, {url("@varlet/ui@3.20.6/types/button.d.ts"), "", "package-dir"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, FetchErrorKind::too_large);
  EXPECT_NE(r.error->message.find("10 bytes"), std::string::npos) << r.error->message;
}

TEST_F(LocalFolder, ARequestMayAskForALowerCap) {
  UpstreamClient client(quick_settings());
  FetchRequest request{url("@varlet/ui@3.20.6/types/button.d.ts"), "", "issuer", 10};
  auto r = fetch_now(client, request);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, FetchErrorKind::too_large);
  EXPECT_NE(r.error->message.find("no document of this kind is that large"), std::string::npos) << r.error->message;
  request.max_bytes = 1 << 30;  // above the configured cap: that one holds
  EXPECT_TRUE(fetch_now(client, request).body);
}

TEST(UpstreamClient, AMalformedUrlIsAnInternalErrorNamingIt) {
  UpstreamClient client(quick_settings());
  auto r = fetch_now(client, {"gopher://example.invalid/x", "", "npm"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, FetchErrorKind::internal);
  EXPECT_NE(r.error->message.find("gopher://example.invalid/x"), std::string::npos) << r.error->message;
}

TEST(UpstreamClient, AnUnparsableUrlFailsWithoutACircuitBreaker) {
  UpstreamClient client(quick_settings());
  auto r = fetch_now(client, {"http://[not-a-host/x", "", "npm"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, FetchErrorKind::internal);
  // The transfer thread publishes its figures after it answers: wait for them.
  for (int i = 0; i < 500 && client.stats().requests == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(client.stats().requests, 1u);
  EXPECT_TRUE(client.stats().breakers.empty()) << "a URL without a host got a circuit breaker";
}

TEST(UpstreamClient, ARefusedConnectionIsRetriedThenReported) {
  UpstreamSettings settings = quick_settings();
  settings.retries = 2;
  UpstreamClient client(settings);
  auto r = fetch_now(client, {"http://127.0.0.1:1/npm/x", "", "npm"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, FetchErrorKind::connection);
  EXPECT_TRUE(r.error->retryable);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_NE(r.error->message.find("127.0.0.1"), std::string::npos) << r.error->message;
  EXPECT_NE(r.error->message.find("gave up after 3 attempts"), std::string::npos) << r.error->message;
  EXPECT_EQ(client.stats().retries, 2u);
}

TEST(UpstreamClient, ShuttingDownAnswersWhatIsPending) {
  std::vector<FetchResult> results;
  std::mutex m;
  {
    auto settings = quick_settings();
    settings.retries = 5;
    settings.backoff_base = std::chrono::milliseconds(60000);  // parked in backoff when the client stops
    UpstreamClient client(settings);
    for (int i = 0; i < 3; ++i)
      client.fetch({"http://127.0.0.1:1/x" + std::to_string(i), "", "npm"}, [&](FetchResult r) {
        std::lock_guard lock(m);
        results.push_back(std::move(r));
      });
    for (int i = 0; i < 500 && !(client.stats().queued == 3 && client.stats().active == 0); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(client.stats().queued, 3u);
  }
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) {
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, FetchErrorKind::internal);
    EXPECT_NE(r.error->message.find("shutting down"), std::string::npos);
  }
}

TEST(BreakerBoard, OpensAfterConsecutiveFailuresThenLetsOneTrialThrough) {
  BreakerBoard board;
  const std::string host = "http://127.0.0.1:1";
  const auto cooldown = std::chrono::milliseconds(200);
  board.failure(host, "first", 2, cooldown);
  EXPECT_EQ(board.admit(host).admit, BreakerBoard::Admit::go);
  board.failure(host, "second: HTTP 503", 2, cooldown);
  auto refused = board.admit(host);
  EXPECT_EQ(refused.admit, BreakerBoard::Admit::refuse);
  EXPECT_EQ(refused.last_error, "second: HTTP 503");
  EXPECT_GT(refused.left.count(), 0);
  EXPECT_EQ(board.states(), (std::vector<std::pair<std::string, std::string>>{{host, "open"}}));

  std::this_thread::sleep_for(cooldown + std::chrono::milliseconds(20));
  EXPECT_EQ(board.admit(host).admit, BreakerBoard::Admit::go);    // the trial
  EXPECT_EQ(board.admit(host).admit, BreakerBoard::Admit::hold);  // everyone else waits for it
  board.failure(host, "trial failed", 2, cooldown);                // a failed trial reopens at once
  EXPECT_EQ(board.admit(host).admit, BreakerBoard::Admit::refuse);

  std::this_thread::sleep_for(cooldown + std::chrono::milliseconds(20));
  EXPECT_EQ(board.admit(host).admit, BreakerBoard::Admit::go);
  board.success(host);
  EXPECT_EQ(board.admit(host).admit, BreakerBoard::Admit::go);
  EXPECT_EQ(board.admit(host).admit, BreakerBoard::Admit::go);
  EXPECT_EQ(board.states(), (std::vector<std::pair<std::string, std::string>>{{host, "closed"}}));
}

TEST(UpstreamClient, ClientsSharingABoardShareTheBreaker) {
  auto settings = quick_settings();
  settings.retries = 0;
  settings.breaker_failures = 2;
  settings.breaker_cooldown = std::chrono::milliseconds(60000);
  settings.breakers = std::make_shared<BreakerBoard>();
  UpstreamClient first(settings), second(settings);
  for (int i = 0; i < 2; ++i) {
    auto r = fetch_now(first, {"http://127.0.0.1:1/npm/x" + std::to_string(i), "", "npm"});
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->kind, FetchErrorKind::connection);
  }
  // The other client never talked to the host, yet refuses it without a connection attempt.
  auto r = fetch_now(second, {"http://127.0.0.1:1/npm/y", "", "npm"});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, FetchErrorKind::circuit_open);
  EXPECT_NE(r.error->message.find("circuit breaker is open"), std::string::npos) << r.error->message;
  // A client with its own board is not affected.
  settings.breakers.reset();
  UpstreamClient alone(settings);
  auto own = fetch_now(alone, {"http://127.0.0.1:1/npm/z", "", "npm"});
  ASSERT_TRUE(own.error);
  EXPECT_EQ(own.error->kind, FetchErrorKind::connection);
}
