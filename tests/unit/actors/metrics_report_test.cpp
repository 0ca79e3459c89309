#include "actors/metrics_report.hpp"

#include "actors/metrics.hpp"
#include "actors/metrics_store.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <set>
#include <sstream>

using namespace varlet;
using namespace varlet::actors;

namespace {

// Snapshots come from a real metrics actor fed with samples.
class MetricsReport : public ::testing::Test {
public:
  ~MetricsReport() override { caf::anon_send_exit(metrics, caf::exit_reason::user_shutdown); }

  void send(msg::MetricSample sample) { self->send(metrics, msg::sample_atom::value, std::move(sample)); }

  void requests(const std::string& method, const std::string& name, int n, double seconds, int errors = 0) {
    for (int i = 0; i < n; ++i) send(msg::RequestSample{method, name, msg::Transport::stdio, seconds, i < errors});
  }

  // A group of one shard with these counters and levels.
  void cache(msg::ResourceKind kind, std::uint64_t l1_hits, std::uint64_t l2_hits, std::uint64_t misses,
             std::uint64_t evictions, std::uint64_t bytes = 0, std::uint64_t budget = 0, std::uint64_t mailbox = 0) {
    msg::CacheSample s{kind, 0};
    s.l1_hits = l1_hits, s.l2_hits = l2_hits, s.misses = misses, s.loads = misses, s.evictions = evictions;
    s.entries = bytes / 100, s.bytes = bytes, s.l1_budget = budget, s.mailbox = mailbox;
    send(s);
  }

  json::value snapshot() {
    json::value answer;
    self->request(metrics, caf::infinite, msg::snapshot_atom::value, std::string("json"))
        .receive([&](std::string& text) { answer = json::parse(text); },
                 [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
    return answer;
  }

  caf::actor_system_config config;
  caf::actor_system system{config};
  caf::scoped_actor self{system};
  msg::metrics_actor metrics = system.spawn(actors::metrics, MetricsSettings{});
};

// The words of the first line of `text` that starts with `start` (after its indentation).
std::vector<std::string> row(const std::string& text, const std::string& start) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    auto first = line.find_first_not_of(' ');
    if (first == std::string::npos || line.compare(first, start.size(), start) != 0) continue;
    std::istringstream words(line);
    std::vector<std::string> out;
    for (std::string w; words >> w;) out.push_back(w);
    return out;
  }
  ADD_FAILURE() << "no line starts with \"" << start << "\" in:\n" << text;
  return {};
}

using Finding = std::pair<std::string, std::string>;  // subject, config key

std::set<Finding> findings(const std::vector<Diagnostic>& diagnostics) {
  std::set<Finding> out;
  for (auto& d : diagnostics) out.insert({d.subject, d.config_key});
  return out;
}

}  // namespace

TEST_F(MetricsReport, TheTableShowsCountsPercentilesHitRatesPoolsAndMemory) {
  requests("tools/call", "search", 8, 0.002, 1);
  requests("tools/call", "get_component", 2, 0.5);
  requests("initialize", "", 1, 0.0004);
  cache(msg::ResourceKind::catalog, 30, 10, 10, 0, 5 << 20, 8 << 20, 2);
  send(msg::UpstreamSample{"npm", 0.25, true, 2, "open"});
  send(msg::PoolSample{"fetcher", 3, 4, 1.0});
  send(msg::ScaleEvent{"fetcher", 2, 3, "average queue 9 above 8"});
  send(msg::RestartEvent{"fetcher", "crash requested"});
  send(msg::MemorySample{300 << 20, msg::Pressure::warning, true});
  send(msg::ConnectionSample{msg::Transport::http, 2, 3, 1});
  auto table = render_metrics_table(snapshot());

  EXPECT_NE(table.find("Requests: 11 answered, 1 failed"), std::string::npos) << table;
  EXPECT_EQ(row(table, "method / name"), (std::vector<std::string>{"method", "/", "name", "count", "errors", "p50", "p95",
                                                                   "p99", "max"}));
  auto call = row(table, "tools/call");
  ASSERT_EQ(call.size(), 7u);
  EXPECT_EQ(call[1], "10");
  EXPECT_EQ(call[2], "1");
  EXPECT_EQ(call[6], "500.0ms");  // max
  auto search = row(table, "search");
  ASSERT_EQ(search.size(), 7u);
  EXPECT_EQ(search[1], "8");
  EXPECT_EQ(search[3], "2.0ms");  // every call took 2 ms: the percentiles cannot leave [min, max]
  EXPECT_EQ(search[6], "2.0ms");
  EXPECT_EQ(row(table, "stdio")[1], "11");

  auto catalog = row(table, "catalog");
  ASSERT_GE(catalog.size(), 3u);
  EXPECT_EQ(catalog[1], "1");       // shards
  EXPECT_EQ(catalog[2], "80.0%");   // 40 hits of 50 lookups
  EXPECT_EQ(row(table, "package_file")[2], "-");  // no lookups yet

  auto npm = row(table, "npm");
  ASSERT_EQ(npm.size(), 10u);
  EXPECT_EQ(npm[1], "1");
  EXPECT_EQ(npm[2], "1");
  EXPECT_EQ(npm[3], "2");
  EXPECT_EQ(npm[8], "open");

  auto fetcher = row(table, "fetcher");
  ASSERT_EQ(fetcher.size(), 6u);
  EXPECT_EQ(fetcher[1], "3");  // size
  EXPECT_EQ(fetcher[2], "4");  // queued
  EXPECT_EQ(fetcher[4], "1");  // scale events
  EXPECT_EQ(fetcher[5], "1");  // restarts
  EXPECT_NE(table.find("fetcher 2 -> 3: average queue 9 above 8"), std::string::npos) << table;
  EXPECT_NE(table.find("fetcher: crash requested"), std::string::npos) << table;
  EXPECT_NE(table.find("Memory: RSS 300.0 MiB (peak 300.0 MiB), pressure warning; entered warning once, critical 0 times"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("http: 2 sessions, 3 connections, 1 SSE streams"), std::string::npos) << table;
}

TEST_F(MetricsReport, DiagnosesEachProblemWithTheKeyToChange) {
  cache(msg::ResourceKind::catalog, 40, 0, 60, 25, 8 << 20, 8 << 20);  // evicting: L1 too small
  cache(msg::ResourceKind::version, 10, 0, 90, 0);                      // expiring resolutions
  cache(msg::ResourceKind::package_file, 20, 0, 80, 0);                 // nothing from disk
  cache(msg::ResourceKind::docs_file, 20, 30, 50, 0);                   // cold, disk works
  cache(msg::ResourceKind::rendered, 95, 5, 0, 0, 0, 0, 500);           // good rate, flooded mailbox
  for (int i = 0; i < 20; ++i) send(msg::UpstreamSample{"github", 3.0, i < 10, 1, "closed"});
  send(msg::UpstreamSample{"npm", 0.1, true, 3, "open"});
  send(msg::PoolSample{"fetcher", 2, 40, 0});
  send(msg::PoolSample{"dispatcher", 4, 0, 0});
  send(msg::RestartEvent{"shard:catalog", "crash requested"});
  send(msg::MemorySample{900 << 20, msg::Pressure::critical, true});
  requests("tools/call", "search", 25, 2.5);

  auto snap = snapshot();
  auto found = diagnose(snap);
  EXPECT_EQ(findings(found), (std::set<Finding>{
                                 {"memory", "memory.critical-bytes"},
                                 {"cache catalog", "cache.l1-bytes"},
                                 {"cache version", "cache.version-ttl"},
                                 {"cache package_file", "cache.dir"},
                                 {"cache docs_file", "cache.warm"},
                                 {"cache rendered", "supervisor.shards-max"},
                                 {"upstream npm", "upstream.breaker-failures"},
                                 {"upstream github", "upstream.total-timeout"},
                                 {"upstream github", "upstream.github-base"},
                                 {"pool fetcher", "supervisor.fetchers-max"},
                                 {"actor shard:catalog", "supervisor.restart-backoff"},
                                 {"tool search", "cache.warm"},
                             }));
  ASSERT_EQ(found.size(), 12u);
  EXPECT_EQ(found[0].severity, "critical");
  EXPECT_EQ(found[1].severity, "critical");
  for (auto& d : found) {
    EXPECT_NE(d.recommendation.find(d.config_key), std::string::npos) << d.subject << ": " << d.recommendation;
    if (d.subject != "upstream npm" && d.severity == "critical") EXPECT_EQ(d.subject, "memory");
  }
  auto catalog = std::find_if(found.begin(), found.end(), [](auto& d) { return d.subject == "cache catalog"; });
  EXPECT_NE(catalog->finding.find("hit rate 40.0% over 100 lookups"), std::string::npos) << catalog->finding;
  EXPECT_NE(catalog->finding.find("25 evictions"), std::string::npos) << catalog->finding;
  EXPECT_NE(catalog->recommendation.find("memory pressure"), std::string::npos) << catalog->recommendation;

  // The actor's snapshot carries the same findings, for the admin dashboard.
  EXPECT_EQ(snap.at("diagnostics"), json::value(diagnostics_json(found)));
  auto& first = snap.at("diagnostics").as_array().at(0).as_object();
  EXPECT_EQ(first.at("severity").as_string(), found[0].severity);
  EXPECT_EQ(first.at("configKey").as_string(), found[0].config_key);
  EXPECT_EQ(first.at("recommendation").as_string(), found[0].recommendation);

  auto text = render_diagnostics(found);
  EXPECT_NE(text.find("[critical] memory: RSS 900.0 MiB is above the critical threshold"), std::string::npos) << text;
  EXPECT_NE(text.find("-> give the process more memory and raise memory.critical-bytes"), std::string::npos) << text;
}

TEST_F(MetricsReport, TheDiskCacheIsShownAndItsFailuresDiagnosed) {
  msg::DiskSample disk;
  disk.entries = 42, disk.bytes = 3 << 20, disk.max_bytes = 512 << 20, disk.queue_max_bytes = 64 << 20;
  disk.writes = 40, disk.write_errors = 5, disk.dropped_writes = 7;
  disk.last_error = "cannot write the L2 cache file /c/x.l2: Read-only file system; the cache folder is on a read-only file system";
  send(disk);
  auto snap = snapshot();
  auto table = render_metrics_table(snap);
  EXPECT_NE(table.find("Disk cache: 42 files, 3.0 MiB of a 512.0 MiB cap"), std::string::npos) << table;
  EXPECT_NE(table.find("40 writes, 5 failed, 7 dropped"), std::string::npos) << table;
  EXPECT_NE(table.find("last write error: cannot write the L2 cache file /c/x.l2: Read-only"), std::string::npos) << table;
  auto found = diagnose(snap);
  EXPECT_EQ(findings(found), (std::set<Finding>{{"disk cache", "cache.dir"}, {"disk cache", "cache.l2-write-queue-bytes"}}));
  for (auto& d : found) EXPECT_NE(d.recommendation.find(d.config_key), std::string::npos) << d.recommendation;
}

TEST_F(MetricsReport, AHealthyServiceHasNothingToActOn) {
  cache(msg::ResourceKind::catalog, 90, 5, 5, 0);
  for (int i = 0; i < 20; ++i) send(msg::UpstreamSample{"npm", 0.05, false, 0, "closed"});
  send(msg::PoolSample{"fetcher", 2, 3, 0});
  send(msg::MemorySample{100 << 20, msg::Pressure::normal, false});
  requests("tools/call", "search", 25, 0.01);
  auto snap = snapshot();
  auto found = diagnose(snap);
  EXPECT_TRUE(found.empty()) << render_diagnostics(found);
  EXPECT_TRUE(snap.at("diagnostics").as_array().empty());
  EXPECT_EQ(render_diagnostics(found), "\nDiagnostics: nothing to act on.\n");
}

TEST_F(MetricsReport, TooFewSamplesAreNotJudged) {
  cache(msg::ResourceKind::catalog, 1, 0, 9, 3);  // 10% over 10 lookups: too early
  send(msg::UpstreamSample{"npm", 5.0, true, 0, "closed"});
  requests("tools/call", "search", 3, 4.0);
  EXPECT_TRUE(diagnose(snapshot()).empty());
  DiagnosticThresholds eager;
  eager.min_lookups = 5;
  eager.min_transfers = 1;
  eager.min_requests = 1;
  EXPECT_EQ(findings(diagnose(snapshot(), eager)), (std::set<Finding>{{"cache catalog", "cache.l1-bytes"},
                                                                      {"upstream npm", "upstream.total-timeout"},
                                                                      {"upstream npm", "upstream.npm-base"},
                                                                      {"tool search", "cache.warm"}}));
}

TEST_F(MetricsReport, WarmUpCallsAreTheServersOwnWorkNotRequests) {
  msg::RequestSample warm{"tools/call", "get_component_api", msg::Transport::stdio, 0.2, false, "", "2025-11-25", "", true};
  for (int i = 0; i < 3; ++i) send(warm);
  msg::RequestSample client{"tools/call", "search", msg::Transport::http, 0.01, false, "", "2026-07-28", "ci-bot"};
  send(client);
  auto root = snapshot().as_object();
  auto& requests = root.at("requests").as_object();
  EXPECT_EQ(requests.at("total").to_number<std::uint64_t>(), 1u);
  EXPECT_FALSE(requests.at("byName").at("tools/call").as_object().contains("get_component_api"));
  EXPECT_EQ(requests.at("byTransport").at("stdio").at("count").to_number<std::uint64_t>(), 0u);
  EXPECT_EQ(requests.at("byProtocol").at("http").at("2026-07-28").at("count").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(requests.at("byClient").at("ci-bot").at("count").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(root.at("background").at("warm").at("count").to_number<std::uint64_t>(), 3u);
  auto table = render_metrics_table(root);
  EXPECT_NE(table.find("Requests: 1 answered, 0 failed"), std::string::npos) << table;
  EXPECT_NE(table.find("warm-up calls (not counted above): 3, 0 failed"), std::string::npos) << table;
}

TEST(MetricsClients, DistinctClientsBeyondTheCapShareOther) {
  MetricsSettings settings;
  settings.max_clients = 3;
  MetricsStore store(settings);
  for (int i = 0; i < 10; ++i)
    store.record(msg::RequestSample{"tools/list", "", msg::Transport::http, 0.001, false, "", "2025-11-25",
                                    "10.0.0." + std::to_string(i)});
  store.record(msg::RequestSample{"tools/list", "", msg::Transport::http, 0.001, false, "", "2025-11-25",
                                  std::string(4096, 'k')});
  auto clients = store.to_json().at("requests").at("byClient").as_object();
  EXPECT_EQ(clients.size(), 4u);
  EXPECT_EQ(clients.at("other").at("count").to_number<std::uint64_t>(), 8u);
  auto text = store.to_prometheus();
  EXPECT_NE(text.find("varlet_client_requests_total{client=\"other\"} 8"), std::string::npos) << text;
  EXPECT_NE(text.find("varlet_protocol_requests_total{transport=\"http\",protocol=\"2025-11-25\"} 11"), std::string::npos)
      << text;
}

TEST(MetricsReportInput, OddSnapshotsRenderWhatTheyHaveAndNeverThrow) {
  EXPECT_EQ(render_metrics_table(json::value("not a snapshot")),
            "The metrics snapshot is not a JSON object; nothing to show.\n");
  EXPECT_TRUE(diagnose(json::value(42)).empty());
  auto odd = json::parse(R"({"uptimeSeconds": "soon", "requests": 5,
    "caches": {"catalog": "broken", "docs_file": {"l1Hits": -3, "misses": 1e30, "hitRate": "high"}},
    "upstreams": {"npm": {"latencySeconds": [1, 2], "breaker": 7}},
    "pools": [], "memory": {"level": null}, "restarts": {"byActor": {"x": "many"}, "recent": [1, null]}})");
  std::string table;
  EXPECT_NO_THROW(table = render_metrics_table(odd));
  EXPECT_NE(table.find("Requests: 0 answered, 0 failed"), std::string::npos) << table;
  EXPECT_EQ(row(table, "docs_file")[2], "-");
  EXPECT_NO_THROW(diagnose(odd));
}
