#include "transports/http/admission.hpp"
#include "transports/http/http_session.hpp"
#include "transports/http/ops_endpoint.hpp"
#include "tests/unit/transports/mt_predictor.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

using namespace varlet;
using namespace varlet::transports;

namespace {

SessionTable table(std::size_t max_sessions, std::size_t per_client) {
  return SessionTable({max_sessions, per_client, StreamLog::Limits{16, 4096}});
}

// The two 64-bit words of an id as a Mersenne Twister id generator wrote them (low nibble first).
std::uint64_t word_of(const std::string& id, int part) {
  std::uint64_t w = 0;
  for (int i = 15; i >= 0; --i) {
    char c = id[static_cast<std::size_t>(part * 16 + i)];
    w = (w << 4) | static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  return w;
}

// Sessions made one after another get distinct last-used times.
std::shared_ptr<HttpSession> create(SessionTable& t, const std::string& client) {
  std::this_thread::sleep_for(std::chrono::microseconds(50));
  return t.create(client).session;
}

}  // namespace

TEST(SessionIds, Are128RandomBitsAsHex) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    auto id = random_session_id();
    ASSERT_EQ(id.size(), 32u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 10000u);
}

// The attack on the ids of std::mt19937_64 (what they came from before): 156 observed ids give
// away the generator's state, and with it the next client's id.
TEST(SessionIds, CannotBePredictedFromTheIdsSeenBefore) {
  std::vector<std::uint64_t> seen;
  for (int i = 0; i < 156; ++i) {
    auto id = random_session_id();
    seen.push_back(word_of(id, 0));
    seen.push_back(word_of(id, 1));
  }
  auto predicted = mt_attack::next_outputs(seen, 2);
  auto next = random_session_id();
  EXPECT_FALSE(word_of(next, 0) == predicted[0] && word_of(next, 1) == predicted[1]) << next;
}

TEST(SessionTable, AClientAtItsCapReplacesItsOwnLeastRecentlyUsedIdleSession) {
  auto t = table(100, 3);
  auto a1 = create(t, "10.0.0.1");
  auto a2 = create(t, "10.0.0.1");
  auto a3 = create(t, "10.0.0.1");
  auto other = create(t, "10.0.0.2");
  t.find(a1->protocol->id());  // a1 was used last: a2 is the oldest
  auto created = t.create("10.0.0.1");
  ASSERT_TRUE(created.session);
  ASSERT_TRUE(created.evicted);
  EXPECT_EQ(created.evicted, a2);
  EXPECT_FALSE(t.find(a2->protocol->id()));
  EXPECT_TRUE(t.find(a1->protocol->id()));
  EXPECT_TRUE(t.find(other->protocol->id())) << "another client's session is not touched";
  EXPECT_EQ(t.size(), 4u);
}

TEST(SessionTable, BusySessionsAreNeverEvicted) {
  auto t = table(100, 2);
  auto a1 = create(t, "10.0.0.1");
  auto a2 = create(t, "10.0.0.1");
  a1->protocol->track_request(json::value(1));  // a request in flight
  auto created = t.create("10.0.0.1");
  ASSERT_TRUE(created.session);
  EXPECT_EQ(created.evicted, a2);
  created.session->protocol->track_request(json::value(2));
  auto refused = t.create("10.0.0.1");
  EXPECT_FALSE(refused.session);
  EXPECT_EQ(refused.refusal, SessionTable::Refusal::client_full);
  EXPECT_TRUE(t.find(a1->protocol->id()));
}

TEST(SessionTable, AFullTableReplacesTheLeastRecentlyUsedIdleSessionOfAnybody) {
  auto t = table(3, 10);
  auto old = create(t, "10.0.0.1");
  auto busy = create(t, "10.0.0.2");
  auto recent = create(t, "10.0.0.3");
  busy->protocol->track_request(json::value(1));
  t.find(old->protocol->id());
  t.find(recent->protocol->id());
  // Both idle ones were used since the busy one, old first: old goes.
  auto created = t.create("10.0.0.4");
  ASSERT_TRUE(created.session);
  EXPECT_EQ(created.evicted, old);
  recent->protocol->track_request(json::value(2));
  created.session->protocol->track_request(json::value(3));
  auto refused = t.create("10.0.0.5");
  EXPECT_EQ(refused.refusal, SessionTable::Refusal::table_full);
  EXPECT_EQ(t.size(), 3u);
}

TEST(SessionTable, RemovingAndExpiringFreeTheClientsShare) {
  auto t = table(100, 1);
  auto a = create(t, "10.0.0.1");
  a->protocol->track_request(json::value(1));
  EXPECT_EQ(t.create("10.0.0.1").refusal, SessionTable::Refusal::client_full);
  t.remove(a->protocol->id());
  auto b = t.create("10.0.0.1");
  ASSERT_TRUE(b.session);
  EXPECT_FALSE(b.evicted);
  b.session->protocol->track_request(json::value(1));
  EXPECT_EQ(t.expire(std::chrono::seconds(-1)).size(), 1u);
  EXPECT_TRUE(t.create("10.0.0.1").session);
}

TEST(StreamLog, KeepsAtMostItsBytesOverEveryStreamOldestFirst) {
  StreamLog log({100, 600});
  auto s1 = log.open(nullptr);
  auto s2 = log.open(nullptr);
  std::string payload(90, 'x');  // about 120 bytes as an event frame
  for (int i = 0; i < 3; ++i) log.append(s1, payload);
  for (int i = 0; i < 3; ++i) log.append(s2, payload);
  EXPECT_LE(log.kept_bytes(), 600u);
  EXPECT_GT(log.kept_bytes(), 400u);
  // The oldest events (s1's first) went: a resume from s1's start replays only what is left.
  for (int i = 0; i < 50; ++i) log.append(s2, payload);
  EXPECT_LE(log.kept_bytes(), 600u);
}

TEST(Secrets, CompareEqualOnlyWhenEqual) {
  EXPECT_TRUE(same_secret("s3cret-token", "s3cret-token"));
  EXPECT_FALSE(same_secret("s3cret-tokeN", "s3cret-token"));
  EXPECT_FALSE(same_secret("s3cret", "s3cret-token"));
  EXPECT_FALSE(same_secret("s3cret-token-and-more", "s3cret-token"));
  EXPECT_FALSE(same_secret("", "s3cret-token"));
  EXPECT_TRUE(same_secret("", ""));
}

TEST(Admission, EachClientGetsItsShareAndTheTotalHolds) {
  Admission admission({5, 3});
  Admission::Refusal refusal;
  std::vector<std::unique_ptr<Admission::Ticket>> held;
  for (int i = 0; i < 3; ++i) held.push_back(admission.admit("10.0.0.1", refusal));
  EXPECT_FALSE(admission.admit("10.0.0.1", refusal));
  EXPECT_EQ(refusal, Admission::Refusal::client_full);
  held.push_back(admission.admit("10.0.0.2", refusal));
  held.push_back(admission.admit("10.0.0.2", refusal));
  EXPECT_EQ(admission.count(), 5u);
  EXPECT_FALSE(admission.admit("10.0.0.3", refusal));
  EXPECT_EQ(refusal, Admission::Refusal::full);
  held.erase(held.begin());  // a message of 10.0.0.1 is answered
  EXPECT_TRUE(admission.admit("10.0.0.1", refusal));
  EXPECT_EQ(refusal, Admission::Refusal::none);
}
