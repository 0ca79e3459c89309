#include "actors/metrics.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>

using namespace varlet;
using namespace varlet::actors;

namespace {

class MetricsActor : public ::testing::Test {
public:
  explicit MetricsActor(MetricsSettings settings = {}) : metrics(system.spawn(actors::metrics, settings)) {}
  ~MetricsActor() override { caf::anon_send_exit(metrics, caf::exit_reason::user_shutdown); }

  void send(msg::MetricSample sample) { self->send(metrics, msg::sample_atom::value, std::move(sample)); }

  // Samples sent before from this test arrive first: one sender's messages keep their order.
  std::string snapshot(const std::string& format) {
    std::string answer;
    self->request(metrics, caf::infinite, msg::snapshot_atom::value, format)
        .receive([&](std::string& text) { answer = std::move(text); },
                 [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
    return answer;
  }
  json::object json_snapshot() { return json::parse(snapshot("json")).as_object(); }

  caf::actor_system_config config;
  caf::actor_system system{config};
  caf::scoped_actor self{system};
  msg::metrics_actor metrics;
};

class SmallMetricsActor : public MetricsActor {
protected:
  SmallMetricsActor() : MetricsActor(MetricsSettings{3, 2}) {}
};

const json::value& at(const json::object& o, std::initializer_list<std::string_view> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (auto key : path) {
    v = &cur->at(key);
    if (v->is_object()) cur = &v->get_object();
  }
  return *v;
}

double number(const json::value& v) { return json::value_to<double>(v); }

// Ten tools/call requests over stdio: eight of 2 ms and one failed 50 ms call to "search",
// one 500 ms call to "get_component"; plus two initialize requests over HTTP.
void send_known_requests(MetricsActor& test) {
  auto request = [&](std::string method, std::string name, msg::Transport t, double seconds, bool error) {
    test.send(msg::RequestSample{std::move(method), std::move(name), t, seconds, error});
  };
  for (int i = 0; i < 8; ++i) request("tools/call", "search", msg::Transport::stdio, 0.002, false);
  request("tools/call", "search", msg::Transport::stdio, 0.05, true);
  request("tools/call", "get_component", msg::Transport::stdio, 0.5, false);
  request("initialize", "", msg::Transport::http, 0.0003, false);
  request("initialize", "", msg::Transport::http, 0.0004, false);
}

}  // namespace

TEST(LatencyHistogram, BucketsFollowPrometheusLeSemantics) {
  LatencyHistogram h;
  h.record(0.001);   // exactly on a bound: that bucket
  h.record(0.0011);  // just above: the next one
  h.record(1000);    // beyond the last bound: the unbounded bucket
  h.record(-1);      // a clock oddity counts as instant
  EXPECT_EQ(h.in_bucket(4), 1u);
  EXPECT_EQ(LatencyHistogram::bounds[4], 0.001);
  EXPECT_EQ(h.in_bucket(5), 1u);
  EXPECT_EQ(h.in_bucket(LatencyHistogram::bounds.size()), 1u);
  EXPECT_EQ(h.in_bucket(0), 1u);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_DOUBLE_EQ(h.max(), 1000);
  EXPECT_DOUBLE_EQ(h.quantile(1.0), 1000);  // the unbounded bucket answers the slowest observation
  EXPECT_EQ(LatencyHistogram{}.quantile(0.5), 0);
}

TEST(LatencyHistogram, QuantilesStayInsideTheirBucketAndBelowTheMax) {
  LatencyHistogram h;
  for (int i = 0; i < 90; ++i) h.record(0.004);  // bucket (0.0032, 0.0056]
  for (int i = 0; i < 10; ++i) h.record(0.2);    // bucket (0.18, 0.32]
  EXPECT_GT(h.quantile(0.5), 0.0032);
  EXPECT_LE(h.quantile(0.5), 0.0056);
  EXPECT_GT(h.quantile(0.95), 0.18);
  EXPECT_LE(h.quantile(0.95), 0.2);  // capped at the slowest observation, not the bucket's bound
  EXPECT_DOUBLE_EQ(h.quantile(0.99), 0.2);
}

TEST_F(MetricsActor, CountsRequestsByMethodNameAndTransportExactly) {
  send_known_requests(*this);
  auto s = json_snapshot();
  auto& requests = s.at("requests").as_object();
  EXPECT_EQ(requests.at("total").to_number<std::uint64_t>(), 12u);
  EXPECT_EQ(requests.at("errors").to_number<std::uint64_t>(), 1u);

  auto& call = at(requests, {"byMethod", "tools/call"}).as_object();
  EXPECT_EQ(call.at("count").to_number<std::uint64_t>(), 10u);
  EXPECT_EQ(call.at("errors").to_number<std::uint64_t>(), 1u);
  auto& latency = call.at("latencySeconds").as_object();
  double p50 = number(latency.at("p50")), p95 = number(latency.at("p95")), p99 = number(latency.at("p99"));
  EXPECT_GT(p50, 0.0018);  // eight of ten took 2 ms: the bucket (1.8 ms, 3.2 ms]
  EXPECT_LE(p50, 0.0032);
  EXPECT_GT(p95, 0.32);  // the slowest took 500 ms: the bucket (320 ms, 560 ms], capped at the max
  EXPECT_LE(p95, 0.5);
  EXPECT_GT(p99, 0.32);
  EXPECT_LE(p99, 0.5);
  EXPECT_DOUBLE_EQ(number(latency.at("max")), 0.5);
  EXPECT_NEAR(number(latency.at("mean")), (8 * 0.002 + 0.05 + 0.5) / 10, 1e-12);

  EXPECT_EQ(at(requests, {"byName", "tools/call", "search", "count"}).to_number<std::uint64_t>(), 9u);
  EXPECT_EQ(at(requests, {"byName", "tools/call", "search", "errors"}).to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(at(requests, {"byName", "tools/call", "get_component", "count"}).to_number<std::uint64_t>(), 1u);
  EXPECT_DOUBLE_EQ(number(at(requests, {"byName", "tools/call", "get_component", "latencySeconds", "p50"})), 0.5);
  EXPECT_FALSE(requests.at("byName").as_object().contains("initialize"));  // no name, no entry

  EXPECT_EQ(at(requests, {"byMethod", "initialize", "count"}).to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(at(requests, {"byTransport", "stdio", "count"}).to_number<std::uint64_t>(), 10u);
  EXPECT_EQ(at(requests, {"byTransport", "stdio", "errors"}).to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(at(requests, {"byTransport", "http", "count"}).to_number<std::uint64_t>(), 2u);
  EXPECT_DOUBLE_EQ(number(at(requests, {"byTransport", "http", "latencySeconds", "max"})), 0.0004);
}

// Calls served on a transport's thread leave their samples in the queue: the actor takes them when
// told, and before any snapshot, so a scrape after an answer always counts it.
TEST(QueuedRequestSamples, AreTakenWhenToldAndBeforeEverySnapshot) {
  MetricsSettings settings;
  settings.queued = std::make_shared<msg::RequestSampleQueue>();
  struct Actor : MetricsActor {
    using MetricsActor::MetricsActor;
    void TestBody() override {}
  } test(settings);
  auto sample = [](std::string name) {
    msg::RequestSample s;
    s.method = "tools/call";
    s.name = std::move(name);
    s.transport = msg::Transport::http;
    s.seconds = 0.001;
    return s;
  };
  EXPECT_TRUE(settings.queued->add(sample("search"))) << "the first of a batch says so";
  EXPECT_FALSE(settings.queued->add(sample("search")));
  auto s = test.json_snapshot();
  EXPECT_EQ(at(s, {"requests", "byName", "tools/call", "search", "count"}).to_number<std::uint64_t>(), 2u);
  EXPECT_TRUE(settings.queued->add(sample("get_component_api"))) << "taken: the next sample opens a batch";
  test.send(msg::QueuedRequests{});
  test.send(msg::QueuedRequests{});  // told twice, counted once
  s = test.json_snapshot();
  EXPECT_EQ(at(s, {"requests", "total"}).to_number<std::uint64_t>(), 3u);
  EXPECT_EQ(at(s, {"requests", "byTransport", "http", "count"}).to_number<std::uint64_t>(), 3u);
  // A tell lost to a restarted metrics actor: the caller is asked to tell again while samples wait,
  // and past the bound new samples are dropped rather than held without end.
  msg::RequestSampleQueue untaken;
  EXPECT_TRUE(untaken.add(sample("search")));
  for (std::size_t i = 1; i < msg::RequestSampleQueue::retell_every; ++i) ASSERT_FALSE(untaken.add(sample("search")));
  EXPECT_TRUE(untaken.add(sample("search"))) << "told again";
  for (auto held = msg::RequestSampleQueue::retell_every + 1; held < msg::RequestSampleQueue::max_samples; ++held)
    untaken.add(sample("search"));
  EXPECT_FALSE(untaken.add(sample("search")));
  EXPECT_EQ(untaken.take().size(), msg::RequestSampleQueue::max_samples);
  EXPECT_TRUE(untaken.add(sample("search"))) << "taken: room again";
}

TEST_F(MetricsActor, SumsCacheCountersAndKeepsTheLatestLevelOfEachShard) {
  msg::CacheSample first{msg::ResourceKind::catalog, 0};
  first.l1_hits = 5, first.misses = 2, first.loads = 2, first.evictions = 1;
  first.entries = 10, first.bytes = 1000, first.l1_budget = 4000, first.mailbox = 3;
  msg::CacheSample other{msg::ResourceKind::catalog, 1};
  other.l1_hits = 3, other.l2_hits = 2, other.misses = 1, other.loads = 1, other.load_errors = 1, other.coalesced = 4;
  other.stale_served = 1, other.l2_corrupt = 1;
  other.entries = 4, other.bytes = 500, other.l1_budget = 4000, other.mailbox = 7;
  msg::CacheSample later{msg::ResourceKind::catalog, 0};
  later.l1_hits = 2, later.evictions = 2;
  later.entries = 12, later.bytes = 1200, later.l1_budget = 4000, later.mailbox = 1;
  send(first);
  send(other);
  send(later);

  auto catalog = at(json_snapshot(), {"caches", "catalog"}).as_object();
  EXPECT_EQ(catalog.at("shards").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(catalog.at("l1Hits").to_number<std::uint64_t>(), 10u);
  EXPECT_EQ(catalog.at("l2Hits").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(catalog.at("misses").to_number<std::uint64_t>(), 3u);
  EXPECT_DOUBLE_EQ(number(catalog.at("hitRate")), 12.0 / 15.0);
  EXPECT_EQ(catalog.at("loads").to_number<std::uint64_t>(), 3u);
  EXPECT_EQ(catalog.at("loadErrors").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(catalog.at("staleServed").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(catalog.at("coalesced").to_number<std::uint64_t>(), 4u);
  EXPECT_EQ(catalog.at("evictions").to_number<std::uint64_t>(), 3u);
  EXPECT_EQ(catalog.at("l2Corrupt").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(catalog.at("entries").to_number<std::uint64_t>(), 16u);   // 12 (shard 0 now) + 4
  EXPECT_EQ(catalog.at("bytes").to_number<std::uint64_t>(), 1700u);
  EXPECT_EQ(catalog.at("budgetBytes").to_number<std::uint64_t>(), 8000u);
  EXPECT_EQ(catalog.at("mailboxMax").to_number<std::uint64_t>(), 7u);
  EXPECT_EQ(catalog.at("mailboxPeak").to_number<std::uint64_t>(), 7u);

  auto untouched = at(json_snapshot(), {"caches", "package_file"}).as_object();
  EXPECT_TRUE(untouched.at("hitRate").is_null());
  EXPECT_EQ(untouched.at("shards").to_number<std::uint64_t>(), 0u);

  // The group shrank to one shard: shard 1's last levels stop counting, its counters stay.
  send(msg::PoolSample{"shard:catalog", 1, 0, 0});
  catalog = at(json_snapshot(), {"caches", "catalog"}).as_object();
  EXPECT_EQ(catalog.at("shards").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(catalog.at("entries").to_number<std::uint64_t>(), 12u);
  EXPECT_EQ(catalog.at("mailboxMax").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(catalog.at("l1Hits").to_number<std::uint64_t>(), 10u);
}

TEST_F(MetricsActor, AResizeForgetsFormerShardsLevelsAndRetiredShardsAddOnlyCounters) {
  for (std::uint32_t i = 0; i < 4; ++i) {
    msg::CacheSample s{msg::ResourceKind::rendered, i};
    s.entries = 10, s.bytes = 100, s.l1_budget = 1000, s.l1_hits = 1;
    send(s);
  }
  // Shrunk to two: the scale event itself drops the levels of shards 2 and 3.
  send(msg::ScaleEvent{"shard:rendered", 4, 2, "idle"});
  auto rendered = at(json_snapshot(), {"caches", "rendered"}).as_object();
  EXPECT_EQ(rendered.at("shards").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(rendered.at("entries").to_number<std::uint64_t>(), 20u);
  EXPECT_EQ(rendered.at("budgetBytes").to_number<std::uint64_t>(), 2000u);

  // A retired member still reporting (index beyond any group, as retired shards send) adds its
  // counters but no levels.
  msg::CacheSample retired{msg::ResourceKind::rendered, std::numeric_limits<std::uint32_t>::max()};
  retired.entries = 500, retired.bytes = 50000, retired.l1_budget = 9999, retired.l1_hits = 3;
  send(retired);
  rendered = at(json_snapshot(), {"caches", "rendered"}).as_object();
  EXPECT_EQ(rendered.at("shards").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(rendered.at("entries").to_number<std::uint64_t>(), 20u);
  EXPECT_EQ(rendered.at("l1Hits").to_number<std::uint64_t>(), 7u);
}

TEST_F(MetricsActor, TracksUpstreamErrorsRetriesAndBreakerOpenings) {
  send(msg::UpstreamSample{"npm", 0.1, false, 0, ""});
  send(msg::UpstreamSample{"npm", 0.2, true, 2, "closed"});
  send(msg::UpstreamSample{"npm", 0.3, true, 1, "open"});
  send(msg::UpstreamSample{"npm", 0.01, true, 0, "open"});  // still open: not a new opening
  send(msg::UpstreamSample{"github", 1.5, false, 0, ""});
  auto s = json_snapshot();
  auto& npm = at(s, {"upstreams", "npm"}).as_object();
  EXPECT_EQ(npm.at("requests").to_number<std::uint64_t>(), 4u);
  EXPECT_EQ(npm.at("errors").to_number<std::uint64_t>(), 3u);
  EXPECT_EQ(npm.at("retries").to_number<std::uint64_t>(), 3u);
  EXPECT_EQ(npm.at("breaker").as_string(), "open");
  EXPECT_EQ(npm.at("breakerOpens").to_number<std::uint64_t>(), 1u);
  EXPECT_DOUBLE_EQ(number(at(npm, {"latencySeconds", "max"})), 0.3);
  EXPECT_EQ(at(s, {"upstreams", "github", "breaker"}).as_string(), "unknown");

  send(msg::UpstreamSample{"npm", 0.1, false, 0, "half-open"});
  send(msg::UpstreamSample{"npm", 0.1, true, 0, "open"});
  EXPECT_EQ(at(json_snapshot(), {"upstreams", "npm", "breakerOpens"}).to_number<std::uint64_t>(), 2u);
}

TEST_F(SmallMetricsActor, CountsScaleEventsAndRestartsAndKeepsTheLastFew) {
  send(msg::PoolSample{"fetcher", 2, 5, 1.5});
  send(msg::PoolSample{"fetcher", 2, 1, 0.5});
  for (std::uint32_t from = 2; from < 6; ++from) send(msg::ScaleEvent{"fetcher", from, from + 1, "queue above 8"});
  send(msg::ScaleEvent{"shard:catalog", 2, 3, "by hand"});
  send(msg::RestartEvent{"shard:catalog", "crash requested"});
  send(msg::RestartEvent{"shard:catalog", "crash requested again"});
  send(msg::RestartEvent{"fetcher", "out of memory"});
  auto s = json_snapshot();

  auto& fetcher = at(s, {"pools", "fetcher"}).as_object();
  EXPECT_EQ(fetcher.at("size").to_number<std::uint64_t>(), 6u);  // the last scale event's target
  EXPECT_EQ(fetcher.at("queued").to_number<std::uint64_t>(), 1u);
  EXPECT_DOUBLE_EQ(number(fetcher.at("busySeconds")), 2.0);
  EXPECT_EQ(fetcher.at("scaleEvents").to_number<std::uint64_t>(), 4u);

  EXPECT_EQ(at(s, {"scaleEvents", "total"}).to_number<std::uint64_t>(), 5u);
  EXPECT_EQ(at(s, {"scaleEvents", "byPool", "fetcher"}).to_number<std::uint64_t>(), 4u);
  EXPECT_EQ(at(s, {"scaleEvents", "byPool", "shard:catalog"}).to_number<std::uint64_t>(), 1u);
  auto& recent = at(s, {"scaleEvents", "recent"}).as_array();
  ASSERT_EQ(recent.size(), 3u);  // settings keep three
  EXPECT_EQ(recent[0].at("from").to_number<std::uint64_t>(), 4u);
  EXPECT_EQ(recent[1].at("to").to_number<std::uint64_t>(), 6u);
  EXPECT_EQ(recent[2].at("pool").as_string(), "shard:catalog");
  EXPECT_EQ(recent[2].at("reason").as_string(), "by hand");
  EXPECT_TRUE(std::regex_match(std::string(recent[2].at("time").as_string()),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));

  EXPECT_EQ(at(s, {"restarts", "total"}).to_number<std::uint64_t>(), 3u);
  EXPECT_EQ(at(s, {"restarts", "byActor", "shard:catalog"}).to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(at(s, {"restarts", "byActor", "fetcher"}).to_number<std::uint64_t>(), 1u);
  auto& restarts = at(s, {"restarts", "recent"}).as_array();
  ASSERT_EQ(restarts.size(), 3u);
  EXPECT_EQ(restarts[2].at("reason").as_string(), "out of memory");

  // /metrics shows a pool that never restarted at 0, so a rule sees its first restart as an increase.
  send(msg::PoolSample{"dispatcher", 2, 0, 0});
  auto text = snapshot("prometheus");
  auto has = [&](const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("varlet_restarts_total{actor=\"dispatcher\"} 0"));
  EXPECT_TRUE(has("varlet_restarts_total{actor=\"fetcher\"} 1"));
  EXPECT_TRUE(has("varlet_restarts_total{actor=\"shard:catalog\"} 2"));
}

TEST_F(SmallMetricsActor, NamesBeyondTheCapShareOneEntry) {
  for (auto method : {"tools/call", "initialize", "made/up", "also/made/up"})
    send(msg::RequestSample{method, "", msg::Transport::stdio, 0.001, false});
  for (auto tool : {"a", "b", "c", "d"}) send(msg::RequestSample{"tools/call", tool, msg::Transport::stdio, 0.001, false});
  auto requests = json_snapshot().at("requests").as_object();
  auto& methods = requests.at("byMethod").as_object();
  EXPECT_EQ(methods.size(), 3u);
  EXPECT_EQ(at(methods, {"other", "count"}).to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(at(methods, {"tools/call", "count"}).to_number<std::uint64_t>(), 5u);
  auto& tools = at(requests, {"byName", "tools/call"}).as_object();
  EXPECT_EQ(tools.size(), 3u);
  EXPECT_EQ(at(tools, {"other", "count"}).to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(requests.at("total").to_number<std::uint64_t>(), 8u);
}

TEST_F(MetricsActor, AnOverlongNameIsNoLabel) {
  std::string huge(1 << 20, 'n');
  send(msg::RequestSample{huge, huge, msg::Transport::http, 0.001, true});
  auto text = snapshot("prometheus");
  EXPECT_LT(text.size(), 100000u) << "a megabyte name must not become a label";
  auto requests = json_snapshot().at("requests").as_object();
  EXPECT_EQ(at(requests, {"byMethod", "other", "count"}).to_number<std::uint64_t>(), 1u);
}

TEST_F(MetricsActor, FollowsMemoryAndConnections) {
  send(msg::MemorySample{100, msg::Pressure::normal, false});
  send(msg::MemorySample{300, msg::Pressure::warning, true});
  send(msg::MemorySample{500, msg::Pressure::critical, true});
  send(msg::MemorySample{250, msg::Pressure::warning, true});
  send(msg::MemorySample{240, msg::Pressure::warning, false, 200, 400});
  send(msg::ConnectionSample{msg::Transport::http, 3, 4, 1});
  auto s = json_snapshot();
  auto& memory = s.at("memory").as_object();
  EXPECT_EQ(memory.at("rssBytes").to_number<std::uint64_t>(), 240u);
  EXPECT_EQ(memory.at("peakRssBytes").to_number<std::uint64_t>(), 500u);
  EXPECT_EQ(memory.at("warningBytes").to_number<std::uint64_t>(), 200u);  // the thresholds of the last sample
  EXPECT_EQ(memory.at("criticalBytes").to_number<std::uint64_t>(), 400u);
  EXPECT_EQ(memory.at("level").as_string(), "warning");
  EXPECT_EQ(at(memory, {"transitions", "warning"}).to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(at(memory, {"transitions", "critical"}).to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(at(memory, {"transitions", "normal"}).to_number<std::uint64_t>(), 0u);
  auto& recent = memory.at("recent").as_array();
  ASSERT_EQ(recent.size(), 3u);
  EXPECT_EQ(recent[1].at("level").as_string(), "critical");
  EXPECT_EQ(recent[1].at("rssBytes").to_number<std::uint64_t>(), 500u);
  EXPECT_EQ(at(s, {"connections", "http", "sessions"}).as_int64(), 3);
  EXPECT_EQ(at(s, {"connections", "http", "connections"}).as_int64(), 4);
  EXPECT_EQ(at(s, {"connections", "http", "streams"}).as_int64(), 1);
  EXPECT_EQ(at(s, {"connections", "stdio", "sessions"}).as_int64(), 0);
  auto text = snapshot("prometheus");
  auto has = [&](const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("varlet_memory_rss_bytes 240"));
  EXPECT_TRUE(has("varlet_memory_warning_bytes 200"));
  EXPECT_TRUE(has("varlet_memory_critical_bytes 400"));
}

TEST_F(MetricsActor, DiskFiguresSumCountersKeepLevelsAndCountCorruptFilesPerKind) {
  EXPECT_TRUE(json_snapshot().at("l2").is_null()) << "a server without a disk level shows none";
  msg::DiskSample first;
  first.entries = 10, first.bytes = 5000, first.max_bytes = 8000, first.queued_bytes = 700, first.queue_max_bytes = 9000;
  first.writes = 12, first.write_errors = 2, first.dropped_writes = 1, first.evictions = 3;
  first.corrupt[static_cast<std::size_t>(msg::ResourceKind::catalog)] = 1;
  first.last_error = "cannot write x: No space left on device";
  send(first);
  msg::DiskSample second;
  second.entries = 11, second.bytes = 6000, second.max_bytes = 8000, second.queue_max_bytes = 9000;
  second.writes = 3, second.write_errors = 1;
  second.corrupt[static_cast<std::size_t>(msg::ResourceKind::catalog)] = 2;
  second.corrupt[static_cast<std::size_t>(msg::ResourceKind::rendered)] = 1;
  send(second);
  msg::CacheSample shard{msg::ResourceKind::catalog, 0};
  shard.l2_corrupt = 1;  // a file whose bytes the shard could not decode
  send(shard);

  auto s = json_snapshot();
  auto& l2 = s.at("l2").as_object();
  auto n = [&](const char* key) { return l2.at(key).to_number<std::uint64_t>(); };
  EXPECT_EQ(n("entries"), 11u);
  EXPECT_EQ(n("bytes"), 6000u);
  EXPECT_EQ(n("capBytes"), 8000u);
  EXPECT_EQ(n("queuedBytes"), 0u);
  EXPECT_EQ(n("queueCapBytes"), 9000u);
  EXPECT_EQ(n("writes"), 15u);
  EXPECT_EQ(n("writeErrors"), 3u);
  EXPECT_EQ(n("droppedWrites"), 1u);
  EXPECT_EQ(n("evictions"), 3u);
  EXPECT_EQ(n("corrupt"), 4u);
  EXPECT_EQ(l2.at("lastWriteError").as_string(), "cannot write x: No space left on device");  // kept until another
  EXPECT_EQ(at(s, {"caches", "catalog", "l2Corrupt"}).to_number<std::uint64_t>(), 4u);
  EXPECT_EQ(at(s, {"caches", "rendered", "l2Corrupt"}).to_number<std::uint64_t>(), 1u);

  auto text = snapshot("prometheus");
  auto has = [&](const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("# TYPE varlet_l2_write_errors_total counter"));
  EXPECT_TRUE(has("varlet_l2_write_errors_total 3"));
  EXPECT_TRUE(has("# TYPE varlet_l2_bytes gauge"));
  EXPECT_TRUE(has("varlet_l2_bytes 6000"));
  EXPECT_TRUE(has("varlet_l2_cap_bytes 8000"));
  EXPECT_TRUE(has("varlet_l2_dropped_writes_total 1"));
  EXPECT_TRUE(has("varlet_cache_l2_corrupt_total{kind=\"catalog\"} 4"));
}

TEST_F(MetricsActor, PrometheusTextHasCumulativeBucketsAndEscapedLabels) {
  send_known_requests(*this);
  send(msg::RequestSample{"tools/call", "we\"ird\\name\nx", msg::Transport::http, 0.01, false});
  auto text = snapshot("prometheus");
  auto has = [&](const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("# TYPE varlet_requests_total counter"));
  EXPECT_TRUE(has("varlet_requests_total{method=\"tools/call\"} 11"));
  EXPECT_TRUE(has("varlet_request_errors_total{method=\"tools/call\"} 1"));
  EXPECT_TRUE(has("# TYPE varlet_request_duration_seconds histogram"));
  EXPECT_TRUE(has("varlet_request_duration_seconds_bucket{method=\"tools/call\",le=\"0.0018\"} 0"));
  EXPECT_TRUE(has("varlet_request_duration_seconds_bucket{method=\"tools/call\",le=\"0.0032\"} 8"));
  EXPECT_TRUE(has("varlet_request_duration_seconds_bucket{method=\"tools/call\",le=\"0.056\"} 10"));
  EXPECT_TRUE(has("varlet_request_duration_seconds_bucket{method=\"tools/call\",le=\"0.56\"} 11"));
  EXPECT_TRUE(has("varlet_request_duration_seconds_bucket{method=\"tools/call\",le=\"+Inf\"} 11"));
  EXPECT_TRUE(has("varlet_request_duration_seconds_count{method=\"tools/call\"} 11"));
  EXPECT_TRUE(has("varlet_named_requests_total{method=\"tools/call\",name=\"we\\\"ird\\\\name\\nx\"} 1"));
  EXPECT_TRUE(has("varlet_transport_requests_total{transport=\"http\"} 3"));
}

namespace {

// A sample of every kind, with a request name that needs escaping.
void send_one_of_each(MetricsActor& test) {
  send_known_requests(test);
  test.send(msg::RequestSample{"tools/call", "quote\" back\\slash\nnewline", msg::Transport::http, 0.01, true,
                               "0af7651916cd43dd8448eb211c80319c"});
  msg::CacheSample cache{msg::ResourceKind::rendered, 1};
  cache.l1_hits = 4, cache.misses = 1, cache.entries = 3, cache.bytes = 300, cache.l1_budget = 1000;
  test.send(cache);
  test.send(msg::UpstreamSample{"npm", 0.2, true, 2, "open"});
  test.send(msg::PoolSample{"fetcher", 2, 3, 0.25});
  test.send(msg::ScaleEvent{"fetcher", 2, 3, "queue"});
  test.send(msg::RestartEvent{"dispatcher", "crash"});
  test.send(msg::MemorySample{1 << 20, msg::Pressure::warning, true});
  test.send(msg::ConnectionSample{msg::Transport::http, 1, 2, 1});
  msg::DiskSample disk;
  disk.entries = 3, disk.bytes = 300, disk.max_bytes = 1000, disk.writes = 4, disk.write_errors = 1;
  test.send(disk);
}

// Runs `command` with `text` on its standard input: its exit status and what it printed.
std::pair<int, std::string> check_with(const std::string& command, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / ("varlet-metrics-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto report = dir / "report.txt";
  auto redirected = command + " > " + report.string() + " 2>&1";
  FILE* pipe = ::popen(redirected.c_str(), "w");
  if (!pipe) return {-1, "cannot run " + command};
  std::fwrite(text.data(), 1, text.size(), pipe);
  int status = ::pclose(pipe);
  std::stringstream said;
  said << std::ifstream(report).rdbuf();
  std::filesystem::remove_all(dir);
  return {status, said.str()};
}

}  // namespace

TEST_F(MetricsActor, PrometheusTextPassesPromtool) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/promtool")) << "promtool comes with the Debian package prometheus";
  send_one_of_each(*this);
  auto text = snapshot("prometheus");
  auto [status, said] = check_with("/usr/bin/promtool check metrics", text);
  EXPECT_EQ(status, 0) << said << "\n--- the text:\n" << text;
  EXPECT_EQ(said, "") << said;
}

// The reference OpenMetrics parser (the Prometheus Python client's) reads every family, and the
// exemplar of the traced request.
TEST_F(MetricsActor, OpenMetricsTextPassesTheReferenceParser) {
  ASSERT_TRUE(std::filesystem::exists("/usr/lib/python3/dist-packages/prometheus_client/openmetrics/parser.py"))
      << "the parser comes with the Debian package python3-prometheus-client, for Debian's python3";
  send_one_of_each(*this);
  auto text = snapshot("openmetrics");
  auto [status, said] = check_with(
      "/usr/bin/python3 -c 'import sys\n"
      "from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse\n"
      "families = list(parse(sys.stdin.read()))\n"
      "traces = {s.exemplar.labels[\"trace_id\"] for f in families for s in f.samples if s.exemplar}\n"
      "print(len(families), sorted(traces))'",
      text);
  EXPECT_EQ(status, 0) << said << "\n--- the text:\n" << text;
  EXPECT_EQ(said.substr(said.find(' ') + 1), "['0af7651916cd43dd8448eb211c80319c']\n") << said;
  EXPECT_GT(std::atoi(said.c_str()), 30) << said;
}

// Traced requests (_meta.traceparent) reach the metrics: the latest of each latency bucket is an
// OpenMetrics exemplar, the slowest is in the JSON snapshot, and Prometheus 0.0.4 text, which has
// no exemplars, stays as it was.
TEST_F(MetricsActor, TracedRequestsBecomeExemplars) {
  const std::string fast = "0af7651916cd43dd8448eb211c80319c", slow = "4bf92f3577b34da6a3ce929d0e0e4736";
  send(msg::RequestSample{"tools/call", "search", msg::Transport::http, 0.0015, false, "11111111111111111111111111111111"});
  send(msg::RequestSample{"tools/call", "search", msg::Transport::http, 0.0014, false, fast});  // the latest of its bucket
  send(msg::RequestSample{"tools/call", "search", msg::Transport::http, 0.0016, false, ""});    // untraced: no exemplar
  send(msg::RequestSample{"tools/call", "search", msg::Transport::http, 0.3, false, slow});
  auto text = snapshot("openmetrics");
  auto exemplar = [&](const std::string& le, int count, const std::string& trace, const std::string& seconds) {
    std::regex line("\nvarlet_named_request_duration_seconds_bucket\\{method=\"tools/call\",name=\"search\",le=\"" + le +
                    "\"\\} " + std::to_string(count) + " # \\{trace_id=\"" + trace + "\"\\} " + seconds +
                    " [0-9]{10}(\\.[0-9]+)?\n");
    return std::regex_search(text, line);
  };
  EXPECT_TRUE(exemplar("0.0018", 3, fast, "0.0014")) << text;
  EXPECT_TRUE(exemplar("0.32", 4, slow, "0.3")) << text;
  EXPECT_EQ(text.find("11111111111111111111111111111111"), std::string::npos) << "only the latest of a bucket";
  auto has = [&](const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("# TYPE varlet_requests counter")) << "OpenMetrics names a counter family without _total";
  EXPECT_TRUE(has("varlet_requests_total{method=\"tools/call\"} 4"));
  EXPECT_TRUE(text.ends_with("\n# EOF\n"));

  auto plain = snapshot("prometheus");
  EXPECT_EQ(plain.find(" # {"), std::string::npos);
  EXPECT_EQ(plain.find("# EOF"), std::string::npos);
  EXPECT_NE(plain.find("\n# TYPE varlet_requests_total counter\n"), std::string::npos);

  auto s = json_snapshot();
  EXPECT_EQ(at(s, {"requests", "byName", "tools/call", "search", "slowestTrace", "traceId"}).as_string(), slow);
  EXPECT_EQ(number(at(s, {"requests", "byName", "tools/call", "search", "slowestTrace", "seconds"})), 0.3);
  EXPECT_EQ(at(s, {"requests", "byTransport", "http", "slowestTrace", "traceId"}).as_string(), slow);
  EXPECT_FALSE(at(s, {"requests", "byTransport", "stdio"}).as_object().contains("slowestTrace"));
}

TEST_F(MetricsActor, AnUnknownFormatIsAClearError) {
  std::string error;
  self->request(metrics, caf::infinite, msg::snapshot_atom::value, std::string("xml"))
      .receive([&](std::string&) { ADD_FAILURE() << "xml is not a format"; },
               [&](caf::error& e) { error = system.render(e); });
  EXPECT_NE(error.find("unknown metrics snapshot format 'xml'"), std::string::npos) << error;
}

TEST_F(MetricsActor, CrashRequestsStopTheActorWithAnError) {
  self->monitor(metrics);
  self->send(metrics, msg::crash_atom::value);
  bool down = false;
  self->receive([&](caf::down_msg& m) { down = m.reason != caf::none && m.reason != caf::exit_reason::normal; },
                caf::after(std::chrono::seconds(30)) >> [] {});
  EXPECT_TRUE(down);
}
