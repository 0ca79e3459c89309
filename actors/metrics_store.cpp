#include "actors/metrics_store.hpp"

#include "actors/prometheus_text.hpp"

#include <algorithm>
#include <ctime>
#include <optional>

namespace varlet::actors {
namespace {

constexpr std::string_view other_name = "other";
constexpr std::size_t max_label_bytes = 128;  // a longer method or name is no label a person reads
constexpr std::size_t max_shard_index = 4096;  // beyond any configured group: a corrupt sample
constexpr std::size_t max_protocols = 16;  // a session only ever holds a revision the server speaks
constexpr std::string_view stdio_client = "stdio";
constexpr std::string_view warm_work = "warm";

const char* transport_name(std::size_t i) { return msg::to_string(static_cast<msg::Transport>(i)); }
const char* pressure_name(std::size_t i) { return msg::to_string(static_cast<msg::Pressure>(i)); }

template <class Map>
typename Map::mapped_type& entry(Map& map, std::string_view key) {
  auto it = map.find(key);
  if (it == map.end()) it = map.emplace(std::string(key), typename Map::mapped_type{}).first;
  return it->second;
}

// Keys beyond the first `cap`, and overlong ones, share the "other" entry.
template <class Map>
typename Map::mapped_type& capped_entry(Map& map, std::string_view key, std::size_t& distinct, std::size_t cap) {
  if (key.size() > max_label_bytes) return entry(map, other_name);
  if (auto it = map.find(key); it != map.end()) return it->second;
  if (distinct >= cap) return entry(map, other_name);
  ++distinct;
  return entry(map, key);
}

template <class T>
void remember(std::deque<T>& recent, T record, std::size_t keep) {
  recent.push_back(std::move(record));
  while (recent.size() > keep) recent.pop_front();
}

std::optional<std::size_t> kind_of_pool(std::string_view pool) {
  constexpr std::string_view prefix = "shard:";
  if (!pool.starts_with(prefix)) return std::nullopt;
  auto name = pool.substr(prefix.size());
  for (std::size_t i = 0; i < msg::resource_kind_count; ++i)
    if (msg::resource_kind_names[i] == name) return i;
  return std::nullopt;
}

std::string iso_time(std::chrono::system_clock::time_point time) {
  auto seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

// The cache counters that are plain sums, with their names in both renderings.
struct CacheCounter {
  const char* json;
  const char* prometheus;  // nullptr: rendered with a label in another family
  const char* help;
  std::uint64_t msg::CacheSample::*field;
};
constexpr std::array<CacheCounter, 9> cache_counters = {{
    {"l1Hits", nullptr, "", &msg::CacheSample::l1_hits},
    {"l2Hits", nullptr, "", &msg::CacheSample::l2_hits},
    {"misses", "varlet_cache_misses_total", "Lookups found in neither level.", &msg::CacheSample::misses},
    {"loads", "varlet_cache_loads_total", "Loads started on a miss.", &msg::CacheSample::loads},
    {"loadErrors", "varlet_cache_load_errors_total", "Loads that failed.", &msg::CacheSample::load_errors},
    {"staleServed", "varlet_cache_stale_served_total", "Expired entries served because a reload failed.",
     &msg::CacheSample::stale_served},
    {"coalesced", "varlet_cache_coalesced_total", "Misses that joined a load already in flight.",
     &msg::CacheSample::coalesced},
    {"evictions", "varlet_cache_evictions_total", "Entries evicted from L1 to stay within its budget.",
     &msg::CacheSample::evictions},
    {"l2Corrupt", "varlet_cache_l2_corrupt_total", "L2 files dropped because they failed their checksum or decoding.",
     &msg::CacheSample::l2_corrupt},
}};

// The current shard levels that are summed over a group.
struct CacheLevel {
  const char* json;
  const char* prometheus;
  const char* help;
  std::uint64_t MetricsStore::ShardLevel::*field;
};
constexpr std::array<CacheLevel, 3> cache_levels = {{
    {"entries", "varlet_cache_entries", "Entries in L1 now.", &MetricsStore::ShardLevel::entries},
    {"bytes", "varlet_cache_bytes", "Bytes held in L1 now.", &MetricsStore::ShardLevel::bytes},
    {"budgetBytes", "varlet_cache_budget_bytes", "L1 byte budget now (shrinks under memory pressure).",
     &MetricsStore::ShardLevel::budget},
}};

std::uint64_t level_sum(const MetricsStore::CacheGroup& group, std::uint64_t MetricsStore::ShardLevel::*field) {
  std::uint64_t sum = 0;
  for (auto& shard : group.shards) sum += shard.*field;
  return sum;
}

std::uint64_t reporting_shards(const MetricsStore::CacheGroup& group) {
  return static_cast<std::uint64_t>(std::count_if(group.shards.begin(), group.shards.end(),
                                                  [](auto& s) { return s.reported; }));
}

std::uint64_t deepest_mailbox(const MetricsStore::CacheGroup& group) {
  std::uint64_t deepest = 0;
  for (auto& shard : group.shards) deepest = std::max(deepest, shard.mailbox);
  return deepest;
}

json::object latency_json(const LatencyHistogram& h) {
  return {{"p50", h.quantile(0.50)},
          {"p95", h.quantile(0.95)},
          {"p99", h.quantile(0.99)},
          {"max", h.max()},
          {"mean", h.count() ? h.sum() / static_cast<double>(h.count()) : 0.0}};
}

json::object tally_json(const MetricsStore::Tally& t) { return {{"count", t.count}, {"errors", t.errors}}; }

json::object tallies_json(const MetricsStore::Table<MetricsStore::Tally>& table) {
  json::object out;
  for (auto& [key, tally] : table) out[key] = tally_json(tally);
  return out;
}

// The count and error families of tallies, over the labels `each` visits.
template <class Each>
void tally_families(PrometheusText& out, const std::string& prefix, const std::string& what, Each each) {
  auto count = prefix + "requests_total", errors = prefix + "request_errors_total";
  out.family(count, "counter", what + ".");
  each([&](PrometheusLabels labels, const MetricsStore::Tally& t) { out.sample(count, labels, t.count); });
  out.family(errors, "counter", what + ", those answered with an error or an isError result.");
  each([&](PrometheusLabels labels, const MetricsStore::Tally& t) { out.sample(errors, labels, t.errors); });
}

json::object series_json(const MetricsStore::Series& s) {
  json::object out{{"count", s.count}, {"errors", s.errors}, {"latencySeconds", latency_json(s.latency)}};
  if (const auto* slowest = s.traces.slowest())
    out["slowestTrace"] = {{"traceId", slowest->trace_id}, {"seconds", slowest->seconds},
                           {"time", iso_time(slowest->at)}};
  return out;
}

// The count, error and latency families of requests, over the series `each` visits.
template <class Each>
void request_families(PrometheusText& out, const std::string& prefix, const std::string& by, Each each) {
  auto count = prefix + "requests_total", errors = prefix + "request_errors_total",
       latency = prefix + "request_duration_seconds";
  out.family(count, "counter", "MCP requests answered, by " + by + ".");
  each([&](PrometheusLabels labels, const MetricsStore::Series& s) { out.sample(count, labels, s.count); });
  out.family(errors, "counter", "MCP requests answered with an error or an isError result, by " + by + ".");
  each([&](PrometheusLabels labels, const MetricsStore::Series& s) { out.sample(errors, labels, s.errors); });
  out.family(latency, "histogram", "Time from receiving a request to answering it, by " + by + ".");
  each([&](PrometheusLabels labels, const MetricsStore::Series& s) { out.histogram(latency, labels, s.latency, &s.traces); });
}

}  // namespace

void MetricsStore::Series::record(double seconds, bool error) {
  ++count;
  if (error) ++errors;
  latency.record(seconds);
}

void MetricsStore::Series::record(const msg::RequestSample& sample, Clock::time_point now) {
  record(sample.seconds, sample.error);
  traces.record(sample.trace_id, sample.seconds, now);
}

MetricsStore::MetricsStore(MetricsSettings settings) : settings_(settings) {}

void MetricsStore::record(const msg::MetricSample& sample) {
  std::visit([this](const auto& s) { on(s); }, sample);
}

void MetricsStore::on(const msg::QueuedRequests&) {
  if (settings_.queued)
    for (const auto& sample : settings_.queued->take()) on(sample);
}

void MetricsStore::Tally::add(bool error) {
  ++count;
  if (error) ++errors;
}

void MetricsStore::on(const msg::RequestSample& s) {
  if (s.warming) return entry(background_, warm_work).add(s.error);
  auto now = Clock::now();
  auto& method = capped_entry(methods_, s.method, distinct_methods_, settings_.max_names);
  method.total.record(s, now);
  if (!s.name.empty()) capped_entry(method.names, s.name, distinct_names_, settings_.max_names).record(s, now);
  auto transport = static_cast<std::size_t>(s.transport);
  if (transport >= transports_.size()) return;
  transports_[transport].record(s, now);
  capped_entry(protocols_[transport], s.protocol, distinct_protocols_, max_protocols).add(s.error);
  auto client = s.client.empty() ? stdio_client : std::string_view(s.client);
  capped_entry(clients_, client, distinct_clients_, settings_.max_clients).add(s.error);
}

void MetricsStore::on(const msg::CacheSample& s) {
  auto kind = static_cast<std::size_t>(s.kind);
  if (kind >= caches_.size()) return;
  auto& group = caches_[kind];
  for (auto& counter : cache_counters) group.totals.*counter.field += s.*counter.field;
  if (s.shard >= max_shard_index) return;
  if (s.shard >= group.shards.size()) group.shards.resize(s.shard + 1);
  group.shards[s.shard] = {true, s.entries, s.bytes, s.l1_budget, s.mailbox};
  group.mailbox_peak = std::max(group.mailbox_peak, s.mailbox);
}

void MetricsStore::on(const msg::UpstreamSample& s) {
  auto& upstream = entry(upstreams_, s.upstream);
  upstream.series.record(s.seconds, s.error);
  upstream.retries += s.retries;
  if (s.breaker.empty()) return;
  if (s.breaker == "open" && upstream.breaker != "open") ++upstream.breaker_opens;
  if (upstream.breaker != s.breaker) upstream.breaker = s.breaker;
}

void MetricsStore::on(const msg::PoolSample& s) {
  auto& pool = entry(pools_, s.pool);
  pool.size = s.size;
  pool.queued = s.queued;
  pool.busy_seconds += s.busy_seconds;
  forget_shards_beyond(s.pool, s.size);
}

void MetricsStore::forget_shards_beyond(std::string_view pool, std::uint32_t size) {
  // A group that shrank: the levels its former members reported last no longer count.
  if (auto kind = kind_of_pool(pool); kind && caches_[*kind].shards.size() > size) caches_[*kind].shards.resize(size);
}

void MetricsStore::on(const msg::ScaleEvent& s) {
  auto& pool = entry(pools_, s.pool);
  pool.size = s.to;
  forget_shards_beyond(s.pool, s.to);
  ++pool.scale_events;
  remember(recent_scale_, {Clock::now(), s}, settings_.recent_events);
}

void MetricsStore::on(const msg::RestartEvent& s) {
  ++entry(restarts_, s.actor);
  remember(recent_restarts_, {Clock::now(), s}, settings_.recent_events);
}

void MetricsStore::on(const msg::MemorySample& s) {
  rss_ = s.rss_bytes;
  peak_rss_ = std::max(peak_rss_, s.rss_bytes);
  warning_bytes_ = s.warning_bytes;
  critical_bytes_ = s.critical_bytes;
  auto level = static_cast<std::size_t>(s.level);
  if (level >= transitions_.size()) return;
  if (s.transition) {
    ++transitions_[level];
    remember(recent_pressure_, {Clock::now(), s.level, s.rss_bytes}, settings_.recent_events);
  }
  level_ = s.level;
}

void MetricsStore::on(const msg::ConnectionSample& s) {
  auto transport = static_cast<std::size_t>(s.transport);
  if (transport < connections_.size()) connections_[transport] = s;
}

void MetricsStore::on(const msg::DiskSample& s) {
  disk_.reported = true;
  disk_.last = s;
  disk_.writes += s.writes;
  disk_.write_errors += s.write_errors;
  disk_.dropped_writes += s.dropped_writes;
  disk_.evictions += s.evictions;
  for (std::size_t k = 0; k < msg::resource_kind_count; ++k) {
    caches_[k].totals.l2_corrupt += s.corrupt[k];
    disk_.corrupt += s.corrupt[k];
  }
  if (!s.last_error.empty()) disk_.last_error = s.last_error;
}

namespace {

// The disk level's figures in both renderings: JSON name, Prometheus name and type, help, value.
struct DiskFigure {
  const char* json;
  const char* prometheus;
  const char* type;
  const char* help;
  std::uint64_t value;
};

std::vector<DiskFigure> disk_figures(const msg::DiskSample& last, std::uint64_t writes, std::uint64_t write_errors,
                                     std::uint64_t dropped, std::uint64_t evictions, std::uint64_t corrupt) {
  return {
      {"entries", "varlet_l2_entries", "gauge", "Files in the disk cache folder now.", last.entries},
      {"bytes", "varlet_l2_bytes", "gauge", "Bytes of the files in the disk cache folder now.", last.bytes},
      {"capBytes", "varlet_l2_cap_bytes", "gauge", "The disk cache's size cap for the whole folder.", last.max_bytes},
      {"queuedBytes", "varlet_l2_queued_bytes", "gauge", "Bytes of entries waiting to be written.", last.queued_bytes},
      {"queueCapBytes", "varlet_l2_queue_cap_bytes", "gauge", "The write queue's cap; beyond it writes are dropped.",
       last.queue_max_bytes},
      {"writes", "varlet_l2_writes_total", "counter", "Entries written to the disk cache.", writes},
      {"writeErrors", "varlet_l2_write_errors_total", "counter",
       "Disk cache writes that failed (a full, read-only or vanished disk).", write_errors},
      {"droppedWrites", "varlet_l2_dropped_writes_total", "counter",
       "Entries not written because the write queue was full.", dropped},
      {"evictions", "varlet_l2_evictions_total", "counter", "Files removed to keep the folder under its cap.",
       evictions},
      {"corrupt", "varlet_l2_corrupt_total", "counter", "Damaged files found and removed.", corrupt},
  };
}

}  // namespace

json::object MetricsStore::to_json() const {
  json::object requests;
  std::uint64_t total = 0, errors = 0;
  json::object by_method, by_name;
  for (auto& [method, series] : methods_) {
    total += series.total.count;
    errors += series.total.errors;
    by_method[method] = series_json(series.total);
    if (series.names.empty()) continue;
    json::object names;
    for (auto& [name, s] : series.names) names[name] = series_json(s);
    by_name[method] = std::move(names);
  }
  json::object by_transport;
  for (std::size_t i = 0; i < transports_.size(); ++i) by_transport[transport_name(i)] = series_json(transports_[i]);
  requests["total"] = total;
  requests["errors"] = errors;
  requests["byMethod"] = std::move(by_method);
  requests["byName"] = std::move(by_name);
  requests["byTransport"] = std::move(by_transport);
  json::object by_protocol;
  for (std::size_t i = 0; i < protocols_.size(); ++i) by_protocol[transport_name(i)] = tallies_json(protocols_[i]);
  requests["byProtocol"] = std::move(by_protocol);
  requests["byClient"] = tallies_json(clients_);

  json::object caches;
  for (std::size_t k = 0; k < caches_.size(); ++k) {
    auto& group = caches_[k];
    json::object out;
    out["shards"] = reporting_shards(group);
    for (auto& counter : cache_counters) out[counter.json] = group.totals.*counter.field;
    auto hits = group.totals.l1_hits + group.totals.l2_hits;
    auto lookups = hits + group.totals.misses;
    out["hitRate"] = lookups ? json::value(static_cast<double>(hits) / static_cast<double>(lookups)) : nullptr;
    for (auto& level : cache_levels) out[level.json] = level_sum(group, level.field);
    out["mailboxMax"] = deepest_mailbox(group);
    out["mailboxPeak"] = group.mailbox_peak;
    caches[msg::resource_kind_names[k]] = std::move(out);
  }

  json::object upstreams;
  for (auto& [name, u] : upstreams_)
    upstreams[name] = {{"requests", u.series.count},       {"errors", u.series.errors},
                       {"retries", u.retries},             {"breaker", u.breaker},
                       {"breakerOpens", u.breaker_opens}, {"latencySeconds", latency_json(u.series.latency)}};

  json::object pools, scale_by_pool;
  std::uint64_t scale_total = 0;
  for (auto& [name, p] : pools_) {
    pools[name] = {{"size", p.size}, {"queued", p.queued}, {"busySeconds", p.busy_seconds},
                   {"scaleEvents", p.scale_events}};
    if (p.scale_events == 0) continue;
    scale_by_pool[name] = p.scale_events;
    scale_total += p.scale_events;
  }
  json::array scale_recent;
  for (auto& r : recent_scale_)
    scale_recent.push_back(json::object{{"time", iso_time(r.time)},
                                        {"pool", r.event.pool},
                                        {"from", r.event.from},
                                        {"to", r.event.to},
                                        {"reason", r.event.reason}});

  json::object restarts_by_actor;
  std::uint64_t restart_total = 0;
  for (auto& [actor, n] : restarts_) {
    restarts_by_actor[actor] = n;
    restart_total += n;
  }
  json::array restart_recent;
  for (auto& r : recent_restarts_)
    restart_recent.push_back(
        json::object{{"time", iso_time(r.time)}, {"actor", r.event.actor}, {"reason", r.event.reason}});

  json::object transitions;
  for (std::size_t i = 0; i < transitions_.size(); ++i) transitions[pressure_name(i)] = transitions_[i];
  json::array pressure_recent;
  for (auto& r : recent_pressure_)
    pressure_recent.push_back(
        json::object{{"time", iso_time(r.time)}, {"level", msg::to_string(r.level)}, {"rssBytes", r.rss_bytes}});

  json::object connections;
  for (std::size_t i = 0; i < connections_.size(); ++i)
    connections[transport_name(i)] = {{"sessions", connections_[i].sessions},
                                       {"connections", connections_[i].connections},
                                       {"streams", connections_[i].streams}};

  return {
      {"uptimeSeconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count()},
      {"requests", std::move(requests)},
      {"background", tallies_json(background_)},
      {"caches", std::move(caches)},
      {"upstreams", std::move(upstreams)},
      {"pools", std::move(pools)},
      {"scaleEvents", {{"total", scale_total}, {"byPool", std::move(scale_by_pool)}, {"recent", std::move(scale_recent)}}},
      {"restarts",
       {{"total", restart_total}, {"byActor", std::move(restarts_by_actor)}, {"recent", std::move(restart_recent)}}},
      {"memory",
       {{"rssBytes", rss_},
        {"peakRssBytes", peak_rss_},
        {"warningBytes", warning_bytes_},
        {"criticalBytes", critical_bytes_},
        {"level", msg::to_string(level_)},
        {"transitions", std::move(transitions)},
        {"recent", std::move(pressure_recent)}}},
      {"connections", std::move(connections)},
      {"l2", disk_json()},
  };
}

json::value MetricsStore::disk_json() const {
  if (!disk_.reported) return nullptr;
  json::object out;
  for (auto& f : disk_figures(disk_.last, disk_.writes, disk_.write_errors, disk_.dropped_writes, disk_.evictions,
                              disk_.corrupt))
    out[f.json] = f.value;
  out["lastWriteError"] = disk_.last_error.empty() ? json::value(nullptr) : json::value(disk_.last_error);
  return out;
}

std::string MetricsStore::to_prometheus(MetricsFormat format) const {
  PrometheusText out(format);

  // Requests: one set of families per grouping, so no family counts a request twice.
  request_families(out, "varlet_", "JSON-RPC method", [&](auto emit) {
    for (auto& [method, s] : methods_) emit({{"method", method}}, s.total);
  });
  request_families(out, "varlet_named_", "method and tool or prompt name", [&](auto emit) {
    for (auto& [method, s] : methods_)
      for (auto& [name, n] : s.names) emit({{"method", method}, {"name", name}}, n);
  });
  request_families(out, "varlet_transport_", "transport", [&](auto emit) {
    for (std::size_t i = 0; i < transports_.size(); ++i) emit({{"transport", transport_name(i)}}, transports_[i]);
  });
  tally_families(out, "varlet_protocol_", "MCP requests answered, by transport and protocol revision", [&](auto emit) {
    for (std::size_t i = 0; i < protocols_.size(); ++i)
      for (auto& [protocol, t] : protocols_[i]) emit({{"transport", transport_name(i)}, {"protocol", protocol}}, t);
  });
  tally_families(out, "varlet_client_", "MCP requests answered, by client (API key name, peer address, or stdio)",
                 [&](auto emit) {
                   for (auto& [client, t] : clients_) emit({{"client", client}}, t);
                 });
  tally_families(out, "varlet_background_", "The server's own calls (warm-up), never counted as requests",
                 [&](auto emit) {
                   for (auto& [work, t] : background_) emit({{"work", work}}, t);
                 });

  // Caches, summed over each group's shards.
  out.family("varlet_cache_hits_total", "counter", "Cache lookups answered from memory (l1) or disk (l2).");
  for (std::size_t k = 0; k < caches_.size(); ++k) {
    auto kind = msg::resource_kind_names[k];
    out.sample("varlet_cache_hits_total", {{"kind", kind}, {"level", "l1"}}, caches_[k].totals.l1_hits);
    out.sample("varlet_cache_hits_total", {{"kind", kind}, {"level", "l2"}}, caches_[k].totals.l2_hits);
  }
  for (auto& counter : cache_counters) {
    if (!counter.prometheus) continue;
    out.family(counter.prometheus, "counter", counter.help);
    for (std::size_t k = 0; k < caches_.size(); ++k)
      out.sample(counter.prometheus, {{"kind", msg::resource_kind_names[k]}}, caches_[k].totals.*counter.field);
  }
  for (auto& level : cache_levels) {
    out.family(level.prometheus, "gauge", level.help);
    for (std::size_t k = 0; k < caches_.size(); ++k)
      out.sample(level.prometheus, {{"kind", msg::resource_kind_names[k]}}, level_sum(caches_[k], level.field));
  }
  out.family("varlet_cache_shards", "gauge", "Shards of the group that reported.");
  for (std::size_t k = 0; k < caches_.size(); ++k)
    out.sample("varlet_cache_shards", {{"kind", msg::resource_kind_names[k]}}, reporting_shards(caches_[k]));
  out.family("varlet_cache_mailbox_max", "gauge", "Deepest shard mailbox of the group now.");
  for (std::size_t k = 0; k < caches_.size(); ++k)
    out.sample("varlet_cache_mailbox_max", {{"kind", msg::resource_kind_names[k]}}, deepest_mailbox(caches_[k]));
  out.family("varlet_cache_mailbox_peak", "gauge", "Deepest shard mailbox of the group ever reported.");
  for (std::size_t k = 0; k < caches_.size(); ++k)
    out.sample("varlet_cache_mailbox_peak", {{"kind", msg::resource_kind_names[k]}}, caches_[k].mailbox_peak);

  // Upstreams.
  out.family("varlet_upstream_requests_total", "counter", "Transfers from an upstream (retries included in one).");
  for (auto& [name, u] : upstreams_) out.sample("varlet_upstream_requests_total", {{"upstream", name}}, u.series.count);
  out.family("varlet_upstream_errors_total", "counter", "Transfers that failed after their retries (404 excluded).");
  for (auto& [name, u] : upstreams_) out.sample("varlet_upstream_errors_total", {{"upstream", name}}, u.series.errors);
  out.family("varlet_upstream_retries_total", "counter", "Retried attempts.");
  for (auto& [name, u] : upstreams_) out.sample("varlet_upstream_retries_total", {{"upstream", name}}, u.retries);
  out.family("varlet_upstream_breaker_opens_total", "counter", "Times the upstream's circuit breaker opened.");
  for (auto& [name, u] : upstreams_)
    out.sample("varlet_upstream_breaker_opens_total", {{"upstream", name}}, u.breaker_opens);
  out.family("varlet_upstream_breaker_state", "gauge", "1 for the circuit breaker's current state.");
  for (auto& [name, u] : upstreams_)
    for (const char* state : {"closed", "open", "half-open"})
      out.sample("varlet_upstream_breaker_state", {{"upstream", name}, {"state", state}},
                 std::uint64_t{u.breaker == state});
  out.family("varlet_upstream_duration_seconds", "histogram", "Time a transfer took, retries included.");
  for (auto& [name, u] : upstreams_) out.histogram("varlet_upstream_duration_seconds", {{"upstream", name}}, u.series.latency);

  // Pools, scaling and restarts.
  out.family("varlet_pool_size", "gauge", "Members of the pool now.");
  for (auto& [name, p] : pools_) out.sample("varlet_pool_size", {{"pool", name}}, std::uint64_t{p.size});
  out.family("varlet_pool_queued", "gauge", "Requests waiting in the pool at the last sample.");
  for (auto& [name, p] : pools_) out.sample("varlet_pool_queued", {{"pool", name}}, p.queued);
  out.family("varlet_pool_busy_seconds_total", "counter", "Time the pool's members spent working.");
  for (auto& [name, p] : pools_) out.sample("varlet_pool_busy_seconds_total", {{"pool", name}}, p.busy_seconds);
  out.family("varlet_scale_events_total", "counter", "Pool resizes, automatic or by hand.");
  for (auto& [name, p] : pools_) out.sample("varlet_scale_events_total", {{"pool", name}}, p.scale_events);
  out.family("varlet_restarts_total", "counter", "Actors restarted by the supervisor after they stopped.");
  // Every pool's series from its first sample on, at 0: a rule sees even the first restart as an increase.
  for (auto& [name, p] : pools_)
    if (!restarts_.contains(name)) out.sample("varlet_restarts_total", {{"actor", name}}, std::uint64_t{0});
  for (auto& [actor, n] : restarts_) out.sample("varlet_restarts_total", {{"actor", actor}}, n);

  // Memory.
  out.family("varlet_memory_rss_bytes", "gauge", "Resident set size of the process at the last sample.");
  out.sample("varlet_memory_rss_bytes", {}, rss_);
  out.family("varlet_memory_peak_rss_bytes", "gauge", "Largest resident set size sampled.");
  out.sample("varlet_memory_peak_rss_bytes", {}, peak_rss_);
  out.family("varlet_memory_warning_bytes", "gauge", "RSS from which pressure is warning ([memory] warning-bytes; 0: off).");
  out.sample("varlet_memory_warning_bytes", {}, warning_bytes_);
  out.family("varlet_memory_critical_bytes", "gauge", "RSS from which pressure is critical ([memory] critical-bytes; 0: off).");
  out.sample("varlet_memory_critical_bytes", {}, critical_bytes_);
  out.family("varlet_memory_pressure_level", "gauge", "Memory pressure: 0 normal, 1 warning, 2 critical.");
  out.sample("varlet_memory_pressure_level", {}, static_cast<std::uint64_t>(level_));
  out.family("varlet_memory_pressure_transitions_total", "counter", "Entries into each pressure level.");
  for (std::size_t i = 0; i < transitions_.size(); ++i)
    out.sample("varlet_memory_pressure_transitions_total", {{"level", pressure_name(i)}}, transitions_[i]);

  // Connections.
  auto connection_family = [&](const char* name, const char* help, std::int64_t msg::ConnectionSample::*field) {
    out.family(name, "gauge", help);
    for (std::size_t i = 0; i < connections_.size(); ++i)
      out.sample(name, {{"transport", transport_name(i)}}, static_cast<double>(connections_[i].*field));
  };
  connection_family("varlet_sessions", "Open MCP sessions.", &msg::ConnectionSample::sessions);
  connection_family("varlet_connections", "Open client connections.", &msg::ConnectionSample::connections);
  connection_family("varlet_sse_streams", "Open SSE streams.", &msg::ConnectionSample::streams);

  // The disk level.
  if (disk_.reported)
    for (auto& f : disk_figures(disk_.last, disk_.writes, disk_.write_errors, disk_.dropped_writes, disk_.evictions,
                                disk_.corrupt)) {
      out.family(f.prometheus, f.type, f.help);
      out.sample(f.prometheus, {}, f.value);
    }

  out.family("varlet_metrics_uptime_seconds", "gauge", "Time since the metrics actor started.");
  out.sample("varlet_metrics_uptime_seconds", {},
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  return out.finish();
}

}  // namespace varlet::actors
