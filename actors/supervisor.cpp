#include "actors/supervisor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace varlet::actors {
namespace {

void publish(SupervisorState::Pool& pool, msg::Directory& directory) {
  directory.update([&](msg::Pools& pools) { pool.spec.publish(pools, pool.members); });
}

caf::strong_actor_ptr start_member(supervisor_pointer self, SupervisorState::Pool& pool, std::uint32_t index) {
  auto member = pool.spec.spawn(self->system(), index);
  self->monitor(member);  // restarts come from down messages
  self->link_to(member);  // when the supervisor stops, its members stop with it
  return member;
}

void report_restart(const std::shared_ptr<msg::Directory>& directory, const std::string& actor,
                    const std::string& reason) {
  auto pools = directory->current();
  if (pools->metrics)
    caf::anon_send(pools->metrics, msg::sample_atom::value, msg::MetricSample{msg::RestartEvent{actor, reason}});
}

}  // namespace

msg::supervisor_actor::behavior_type supervisor(supervisor_pointer self, std::vector<PoolSpec> specs,
                                                SupervisorSettings settings,
                                                std::shared_ptr<msg::Directory> directory) {
  for (auto& spec : specs) {
    SupervisorState::Pool pool;
    pool.spec = std::move(spec);
    for (std::uint32_t i = 0; i < pool.spec.size; ++i) {
      pool.members.push_back(start_member(self, pool, i));
      pool.backoff.push_back(settings.restart_backoff);
    }
    publish(pool, *directory);
    self->state.pools.push_back(std::move(pool));
  }

  self->set_down_handler([self, settings, directory](caf::down_msg& down) {
    if (self->state.stopping) return;
    for (auto& pool : self->state.pools) {
      for (std::uint32_t i = 0; i < pool.members.size(); ++i) {
        if (!pool.members[i] || pool.members[i]->address() != down.source) continue;
        auto reason = self->system().render(down.reason);
        auto delay = pool.backoff[i];
        spdlog::warn("{} #{} stopped ({}); restarting in {} ms", pool.spec.name, i, reason, delay.count());
        pool.backoff[i] = std::min(delay * 2, settings.max_backoff);
        ++pool.restarts;
        report_restart(directory, pool.spec.name, reason);
        std::string name = pool.spec.name;
        self->delayed_send(caf::actor_cast<msg::supervisor_actor>(self), delay, msg::defer_atom::value,
                           msg::Deferred{[self, name, i, directory] {
                             for (auto& p : self->state.pools) {
                               if (p.spec.name != name || i >= p.members.size()) continue;
                               p.members[i] = start_member(self, p, i);
                               publish(p, *directory);
                             }
                           }});
        return;
      }
    }
  });
  self->set_exit_handler([self](caf::exit_msg& exit) {
    for (auto& pool : self->state.pools)
      for (auto& member : pool.members)
        if (member && member->address() == exit.source) return;  // a member died: its down message restarts it
    self->state.stopping = true;
    self->quit(exit.reason);
  });

  return {
      [](msg::tick_atom) {},
      [](msg::defer_atom, const msg::Deferred& deferred) { deferred.work(); },
      [self](msg::resize_atom, const std::string& name, std::uint32_t size) -> std::uint32_t {
        for (auto& pool : self->state.pools)
          if (pool.spec.name == name) return static_cast<std::uint32_t>(pool.members.size());
        (void)size;
        return 0;
      },
      [self, settings](msg::crash_atom, const std::string& name, std::uint32_t index) -> bool {
        if (!settings.allow_crash) return false;
        for (auto& pool : self->state.pools) {
          if (pool.spec.name != name || index >= pool.members.size() || !pool.members[index]) continue;
          caf::anon_send_exit(pool.members[index], caf::exit_reason::kill);
          return true;
        }
        return false;
      },
      [self](msg::snapshot_atom) -> std::string {
        json::object out;
        for (auto& pool : self->state.pools)
          out[pool.spec.name] = json::object{{"size", pool.members.size()}, {"restarts", pool.restarts}};
        return json::serialize(out);
      },
  };
}

}  // namespace varlet::actors
