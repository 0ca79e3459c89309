#include "runtime/server.hpp"

#include "actors/dispatcher.hpp"
#include "actors/supervisor.hpp"
#include "runtime/services_builder.hpp"

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

}  // namespace

Server::Server(Config& config)
    : config_(config),
      system_(config),
      directory_(std::make_shared<msg::Directory>()),
      services_(build_services(config)) {
  std::vector<actors::PoolSpec> pools;

  auto dispatchers = config.mcp.dispatchers > 0 ? static_cast<std::uint32_t>(config.mcp.dispatchers) : cores();
  pools.push_back({"dispatcher", dispatchers, 1, dispatchers,
                   [services = services_, directory = directory_](caf::actor_system& sys, std::uint32_t) {
                     return caf::actor_cast<caf::strong_actor_ptr>(sys.spawn(actors::dispatcher, services, directory));
                   },
                   [](msg::Pools& p, const std::vector<caf::strong_actor_ptr>& members) {
                     p.dispatchers = handles<msg::dispatcher_actor>(members);
                   }});

  actors::SupervisorSettings settings;
  settings.restart_backoff = std::chrono::duration_cast<std::chrono::milliseconds>(config.supervisor.restart_backoff);
  settings.allow_crash = config.supervisor.crash_endpoint;
  supervisor_ = system_.spawn(actors::supervisor, std::move(pools), settings, directory_);
  // The supervisor fills the directory as it starts; transports need it filled before they serve.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (directory_->current()->dispatchers.empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void Server::stop() {
  if (stopped_) return;
  stopped_ = true;
  caf::anon_send_exit(supervisor_, caf::exit_reason::user_shutdown);
  directory_->update([](msg::Pools& pools) { pools = msg::Pools{}; });
  system_.await_all_actors_done();
}

Server::~Server() { stop(); }

}  // namespace varlet::runtime
