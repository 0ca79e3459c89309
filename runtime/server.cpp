#include "runtime/server.hpp"

#include "actors/catalog_builder.hpp"
#include "actors/disk_cache.hpp"
#include "actors/dispatcher.hpp"
#include "actors/fetcher.hpp"
#include "actors/inline_dispatcher.hpp"
#include "actors/loaders.hpp"
#include "actors/memory_monitor.hpp"
#include "actors/metrics.hpp"
#include "actors/supervisor.hpp"
#include "actors/tool_call.hpp"
#include "actors/versions.hpp"
#include "runtime/platform.hpp"
#include "runtime/services_builder.hpp"

#include <spdlog/spdlog.h>

#include <thread>

namespace varlet::runtime {
namespace {

template <class Handle>
std::vector<Handle> handles(const std::vector<caf::strong_actor_ptr>& members) {
  std::vector<Handle> out;
  for (auto& m : members) out.push_back(caf::actor_cast<Handle>(m));
  return out;
}

std::uint32_t cores() { return std::max(1u, std::thread::hardware_concurrency()); }

template <class D>
std::chrono::milliseconds ms(D d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}

std::uint32_t count(std::int64_t n) { return static_cast<std::uint32_t>(std::max<std::int64_t>(1, n)); }

actors::UpstreamSettings upstream_settings(const Config& config) {
  const auto& u = config.upstream;
  actors::UpstreamSettings s;
  s.connect_timeout = ms(u.connect_timeout);
  s.total_timeout = ms(u.total_timeout);
  s.max_response_bytes = static_cast<std::size_t>(u.max_response_bytes);
  s.retries = static_cast<int>(u.retries);
  s.backoff_base = ms(u.backoff_base);
  s.breaker_failures = static_cast<int>(u.breaker_failures);
  s.breaker_cooldown = ms(u.breaker_cooldown);
  s.max_concurrent = static_cast<std::size_t>(u.max_concurrent);
  s.max_redirects = static_cast<long>(u.max_redirects);
  s.ca_file = u.ca_file;
  s.user_agent = std::string("varlet-mcp/") + VARLET_MCP_VERSION;
  s.breakers = std::make_shared<actors::BreakerBoard>();  // one per host for the whole fetcher pool
  return s;
}

actors::UpstreamSources upstream_sources(const Config& config, const std::string& default_spec) {
  const auto& u = config.upstream;
  // A fetch may retry: allow every attempt its full time before the cache gives up waiting.
  auto attempts = 1 + std::max<std::int64_t>(0, u.retries);
  auto timeout = ms(u.total_timeout) * attempts + ms(u.backoff_base) * (1 << std::min<std::int64_t>(attempts, 6)) +
                 std::chrono::seconds(1);
  return {u.package_dir, u.npm_base, u.github_base, u.versions_api, default_spec, timeout};
}

actors::Loader loader_for(msg::ResourceKind kind, const actors::UpstreamSources& sources) {
  switch (kind) {
    case msg::ResourceKind::package_file: return actors::package_file_loader(sources);
    case msg::ResourceKind::docs_file: return actors::docs_file_loader(sources);
    case msg::ResourceKind::version: return actors::version_loader(sources);
    case msg::ResourceKind::catalog: return actors::catalog_loader(sources);
    case msg::ResourceKind::rendered: return {};
  }
  return {};
}

actors::PoolSpec dispatcher_pool(const Config& config, std::shared_ptr<const actors::Services> services,
                                 std::shared_ptr<msg::Directory> directory) {
  auto n = config.mcp.dispatchers > 0 ? count(config.mcp.dispatchers) : cores();
  actors::PoolSpec pool{"dispatcher", n, 1, n,
                        [services, directory](caf::actor_system& sys, std::uint32_t, std::uint32_t) {
                          return caf::actor_cast<caf::strong_actor_ptr>(
                              sys.spawn(actors::dispatcher, services, directory));
                        },
                        [](msg::Pools& p, const std::vector<caf::strong_actor_ptr>& members) {
                          p.dispatchers = handles<msg::dispatcher_actor>(members);
                        }};
  return pool;
}

actors::PoolSpec shard_pool(const Config& config, msg::ResourceKind kind, const actors::UpstreamSources& sources,
                            std::shared_ptr<actors::DiskWriteQueue> disk_queue, std::shared_ptr<msg::Directory> directory,
                            std::shared_ptr<actors::PublishedAnswers> published) {
  actors::ShardSettings shard;
  shard.kind = kind;
  shard.shrink_fraction = config.memory.shrink_fraction;
  if (kind == msg::ResourceKind::version) shard.ttl = std::chrono::duration_cast<std::chrono::seconds>(config.cache.version_ttl);
  if (kind == msg::ResourceKind::rendered)
    shard.ttl = std::chrono::duration_cast<std::chrono::seconds>(config.cache.rendered_ttl);
  shard.loader = loader_for(kind, sources);
  shard.disk_queue = std::move(disk_queue);
  if (kind == msg::ResourceKind::catalog) shard.decode = actors::decode_catalog_entry;
  if (kind == msg::ResourceKind::rendered) shard.decode = actors::with_gzip_form;
  if (kind == msg::ResourceKind::rendered) shard.published = std::move(published);
  // The L1 budget is shared by every shard of every kind; a group's members split its share.
  auto kind_bytes = static_cast<std::size_t>(config.cache.l1_bytes) / msg::resource_kind_count;
  auto kind_floor = static_cast<std::size_t>(config.memory.floor_bytes) / msg::resource_kind_count;
  auto k = static_cast<std::size_t>(kind);
  actors::PoolSpec pool{"shard:" + std::string(msg::to_string(kind)), count(config.cache.shards),
                        count(config.supervisor.shards_min), count(config.supervisor.shards_max),
                        [shard, kind_bytes, kind_floor, directory](caf::actor_system& sys, std::uint32_t index,
                                                                   std::uint32_t size) {
                          auto settings = shard;
                          settings.index = index;
                          settings.l1_bytes = kind_bytes / size;
                          settings.l1_floor = std::min(settings.l1_bytes, kind_floor / size);
                          return caf::actor_cast<caf::strong_actor_ptr>(
                              sys.spawn(actors::cache_shard, settings, directory));
                        },
                        [k](msg::Pools& p, const std::vector<caf::strong_actor_ptr>& members) {
                          p.shards[k] = handles<msg::cache_shard_actor>(members);
                        }};
  pool.scale = {true, 32, 0, 5};  // a mailbox this deep means the shard is the bottleneck
  pool.partitioned = true;
  return pool;
}

actors::PoolSpec fetcher_pool(const Config& config, std::shared_ptr<msg::Directory> directory) {
  auto min = count(config.supervisor.fetchers_min);
  actors::PoolSpec pool{"fetcher", min, min, std::max(min, count(config.supervisor.fetchers_max)),
                        [settings = upstream_settings(config), directory](caf::actor_system& sys, std::uint32_t index,
                                                                          std::uint32_t) {
                          return caf::actor_cast<caf::strong_actor_ptr>(
                              sys.spawn(actors::fetcher, settings, index, directory));
                        },
                        [](msg::Pools& p, const std::vector<caf::strong_actor_ptr>& members) {
                          p.fetchers = handles<msg::fetcher_actor>(members);
                        }};
  // Grow once transfers queue behind the per-fetcher cap; shrink after a quiet spell.
  pool.scale = {true, static_cast<double>(config.upstream.max_concurrent) / 2, 0, 3};
  return pool;
}

// A pool of one member that keeps a single handle in the directory.
template <class Handle, class Publish>
actors::PoolSpec single(std::string name, std::function<Handle(caf::actor_system&)> spawn, Publish publish) {
  return {std::move(name), 1, 1, 1,
          [spawn](caf::actor_system& sys, std::uint32_t, std::uint32_t) {
            return caf::actor_cast<caf::strong_actor_ptr>(spawn(sys));
          },
          [publish](msg::Pools& p, const std::vector<caf::strong_actor_ptr>& members) {
            publish(p, caf::actor_cast<Handle>(members.front()));
          }};
}

actors::DiskCacheSettings disk_settings(const Config& config, std::shared_ptr<actors::DiskWriteQueue> queue) {
  actors::DiskCacheSettings d;
  d.dir = config.cache.dir;
  d.max_bytes = static_cast<std::uint64_t>(std::max<std::int64_t>(0, config.cache.l2_bytes));
  d.queue = std::move(queue);
  d.write_delay = ms(config.cache.l2_write_delay);
  d.flush_grace = ms(config.shutdown_grace);
  return d;
}

actors::MemorySettings memory_settings(const Config& config) {
  actors::MemorySettings m;
  m.interval = ms(config.memory.interval);
  m.warning_bytes = static_cast<std::uint64_t>(config.memory.warning_bytes);
  m.critical_bytes = static_cast<std::uint64_t>(config.memory.critical_bytes);
  return m;
}

// The version served by default from the start, for warming and following: "project" as the
// project's files say now (each call decides it again), or the fallback where they are out of reach.
std::string startup_version(const actors::Services& services, bool reads_project) {
  auto choice = actors::choose_version({}, services.default_version, services.fallback_version, *services.project,
                                       !reads_project);
  if (!reads_project && services.default_version == actors::project_version)
    spdlog::info("[varlet] version=\"project\" over HTTP serves fallback-version {}: the server never reads a "
                 "client's project",
                 choice.spec);
  return choice.spec;
}

}  // namespace

Server::Server(Config& config, bool reads_project)
    : config_(config),
      services_built_(std::async(std::launch::async, [&config] { return build_services(config); })),
      system_(config),
      directory_(std::make_shared<msg::Directory>()),
      services_(services_built_.get()) {
  auto default_spec = startup_version(*services_, reads_project);
  auto sources = upstream_sources(config, default_spec);
  std::vector<actors::PoolSpec> pools;
  // Metrics first, so every other actor finds it from its first sample on.
  pools.push_back(single<msg::metrics_actor>(
      "metrics", [queued = queued_samples_](caf::actor_system& sys) {
        actors::MetricsSettings settings;
        settings.queued = queued;
        return sys.spawn(actors::metrics, settings);
      },
      [](msg::Pools& p, msg::metrics_actor h) { p.metrics = std::move(h); }));
  pools.push_back(single<msg::memory_monitor_actor>(
      "memory", [m = memory_settings(config), d = directory_](caf::actor_system& sys) {
        return sys.spawn(actors::memory_monitor, m, d);
      },
      [](msg::Pools&, msg::memory_monitor_actor) {}));
  // The disk level: one actor on its own thread owns the whole cache folder.
  std::shared_ptr<actors::DiskWriteQueue> disk_queue;
  if (!config.cache.dir.empty()) {
    disk_queue = std::make_shared<actors::DiskWriteQueue>(static_cast<std::uint64_t>(config.cache.l2_write_queue_bytes));
    pools.push_back(single<msg::disk_actor>(
        "disk", [d = disk_settings(config, disk_queue), dir = directory_](caf::actor_system& sys) {
          return sys.spawn<caf::detached>(actors::disk_cache, d, std::shared_ptr<const msg::Directory>(dir));
        },
        [](msg::Pools& p, msg::disk_actor h) { p.disk = std::move(h); }));
  }
  pools.push_back(dispatcher_pool(config, services_, directory_));
  for (std::size_t k = 0; k < msg::resource_kind_count; ++k)
    pools.push_back(shard_pool(config, static_cast<msg::ResourceKind>(k), sources, disk_queue, directory_,
                               config.mcp.serve_hits_inline ? published_ : nullptr));
  pools.push_back(fetcher_pool(config, directory_));

  actors::SupervisorSettings settings;
  settings.restart_backoff = ms(config.supervisor.restart_backoff);
  settings.interval = ms(config.supervisor.interval);
  settings.cooldown = ms(config.supervisor.cooldown);
  settings.allow_crash = config.supervisor.crash_endpoint;
  supervisor_ = system_.spawn(actors::supervisor, std::move(pools), settings, directory_);
  // The supervisor fills the directory as it starts; transports need it filled before they serve.
  directory_->wait_until([](const msg::Pools& pools) { return pools.serving(); },
                         std::chrono::steady_clock::now() + std::chrono::seconds(10));

  CacheAdminSettings admin;
  admin.default_version = default_spec;
  admin.default_locale = config.varlet.locale;
  admin.call_timeout = ms(config.mcp.request_timeout);
  admin.follow_warm = config.cache.warm;
  if (!actors::parse_semver(default_spec))
    admin.follow_interval = std::max(ms(config.cache.version_ttl) / 2, std::chrono::milliseconds(500));
  cache_admin_ = spawn_cache_admin(system_, directory_, std::move(admin));
  system_.registry().put(caf::atom(cache_admin_name), caf::actor_cast<caf::strong_actor_ptr>(cache_admin_));
}

std::shared_ptr<msg::InlineServer> Server::inline_server() {
  if (!inline_server_ && config_.mcp.serve_hits_inline) {
    inline_server_ = std::make_shared<actors::InlineDispatcher>(services_, directory_, published_, queued_samples_);
    spdlog::info("cached tools/call answers are served on the transport's thread (mcp.serve-hits-inline)");
  }
  return inline_server_;
}

void Server::start_background(std::chrono::milliseconds warm_delay, std::function<void(const WarmOutcome&)> warmed) {
  caf::anon_send(cache_admin_, msg::tick_atom::value);
  if (config_.cache.warm.empty()) return warmed(WarmOutcome{});
  WarmPlan plan;
  plan.components = config_.cache.warm;
  warm(std::move(plan),
       [warmed](WarmOutcome outcome) {
         if (!outcome.error.empty())
           spdlog::warn("warming the cache failed: {}", outcome.error);
         else
           spdlog::info("warmed Varlet {}: {} of {} answers in {:.2f} s{}", outcome.version, outcome.answers,
                        outcome.wanted, outcome.seconds,
                        outcome.failures.empty() ? "" : "; failed: " + outcome.failures.front());
         platform::release_free_memory();  // the catalog build's scratch memory goes back to the system
         warmed(outcome);
       },
       warm_delay);
}

void Server::warm(WarmPlan plan, std::function<void(WarmOutcome)> done, std::chrono::milliseconds delay) {
  caf::delayed_anon_send(cache_admin_, delay, msg::warm_atom::value, WarmOrder{std::move(plan), std::move(done)});
}

void Server::stop() {
  if (stopped_) return;
  stopped_ = true;
  system_.registry().erase(caf::atom(cache_admin_name));
  {
    // The admin's callbacks may reach into the transports: it is gone before they are.
    caf::scoped_actor self{system_};
    self->monitor(cache_admin_);
    self->send_exit(cache_admin_, caf::exit_reason::user_shutdown);
    self->receive([](const caf::down_msg&) {}, caf::after(std::chrono::seconds(5)) >> [] {});
  }
  auto disk = directory_->current()->disk;
  directory_->update([](msg::Pools& pools) { pools = msg::Pools{}; });
  caf::scoped_actor self{system_};
  self->monitor(supervisor_);
  // The disk actor stops with the supervisor once it has written its queue (within the shutdown
  // grace): whoever stops the server then finds the cache folder complete.
  if (disk) self->monitor(disk);
  self->send_exit(supervisor_, caf::exit_reason::user_shutdown);
  auto deadline = std::chrono::steady_clock::now() + config_.shutdown_grace + std::chrono::seconds(5);
  for (int down = disk ? 2 : 1; down > 0; --down)
    self->receive([](const caf::down_msg&) {},
                  caf::after(std::max(ms(deadline - std::chrono::steady_clock::now()), std::chrono::milliseconds(0))) >>
                      [] {});
}

Server::~Server() { stop(); }

}  // namespace varlet::runtime
