#include "actors/supervisor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace varlet::actors {
namespace {

using Pool = SupervisorState::Pool;

void publish(Pool& pool, msg::Directory& directory) {
  directory.update([&](msg::Pools& pools) { pool.spec.publish(pools, pool.members); });
}

caf::strong_actor_ptr start_member(supervisor_pointer self, Pool& pool, std::uint32_t index, std::uint32_t size) {
  auto member = pool.spec.spawn(self->system(), index, size);
  pool.started[member->address()] = std::chrono::steady_clock::now();
  self->monitor(member);  // restarts come from down messages
  self->link_to(member);  // when the supervisor stops, its members stop with it
  return member;
}

void sample(const std::shared_ptr<msg::Directory>& directory, msg::MetricSample s) {
  auto pools = directory->current();
  if (pools->metrics) caf::anon_send(pools->metrics, msg::sample_atom::value, std::move(s));
}

Pool* find_pool(supervisor_pointer self, const std::string& name) {
  for (auto& pool : self->state.pools)
    if (pool.spec.name == name) return &pool;
  return nullptr;
}

// Stops a member that left its pool once it holds no more work: it is asked for its load every
// `retire_after`, and stopped when it answers an empty queue (a retired shard counts the loads it
// still holds, and forwards what they bring to the new group), cannot answer (it has no load to
// report), or after `retire_checks` asks. Until then it finishes what it holds.
void retire(supervisor_pointer self, caf::strong_actor_ptr member, const SupervisorSettings& settings, int checks_left) {
  self->delayed_send(caf::actor_cast<msg::supervisor_actor>(self), settings.retire_after, msg::defer_atom::value,
                     msg::Deferred{[self, member, settings, checks_left] {
                       auto stop = [self, member] {
                         caf::anon_send_exit(member, caf::exit_reason::user_shutdown);
                         auto& r = self->state.retiring;
                         r.erase(std::remove(r.begin(), r.end(), member), r.end());
                       };
                       if (checks_left <= 1) return stop();
                       self->request(caf::actor_cast<caf::actor>(member), settings.retire_after, msg::stats_atom::value)
                           .then(
                               [self, member, settings, checks_left, stop](msg::PoolSample& s) {
                                 if (s.queued == 0 || self->state.stopping) return stop();
                                 retire(self, member, settings, checks_left - 1);
                               },
                               [stop](caf::error&) { stop(); });
                     }});
}

// Takes a member out of its pool's watch; it keeps running until `retire` stops it.
void release(supervisor_pointer self, Pool& pool, const caf::strong_actor_ptr& member) {
  pool.started.erase(member->address());
  self->demonitor(caf::actor_cast<caf::actor_addr>(member));
  self->unlink_from(member);
  self->state.retiring.push_back(member);  // stopped with the supervisor if it stops first
}

// Grows or shrinks a pool to `size` members (within its bounds); returns the size it will have.
// `published` runs once the directory shows the new members: at once for a plain pool; for a
// partitioned one after the old members handed their entries over (or failed to within
// retire_after), so a lookup sent after that finds what the old group held.
std::uint32_t resize(supervisor_pointer self, Pool& pool, std::uint32_t size, const std::string& reason,
                     const SupervisorSettings& settings, const std::shared_ptr<msg::Directory>& directory,
                     std::function<void()> published = {}) {
  size = std::clamp(size, pool.spec.min, pool.spec.max);
  auto from = static_cast<std::uint32_t>(pool.members.size());
  if (size == from) {
    if (published) published();
    return from;
  }
  ++pool.generation;
  ++pool.scale_events;
  pool.calm = 0;
  pool.hot = 0;
  pool.last_resize = std::chrono::steady_clock::now();
  spdlog::info("scaling {} from {} to {}: {}", pool.spec.name, from, size, reason);
  sample(directory, msg::ScaleEvent{pool.spec.name, from, size, reason});
  if (pool.spec.partitioned) {
    std::vector<caf::strong_actor_ptr> fresh;
    for (std::uint32_t i = 0; i < size; ++i) fresh.push_back(start_member(self, pool, i, size));
    auto old = std::move(pool.members);
    pool.members = fresh;
    pool.backoff.assign(size, settings.restart_backoff);
    // The old group keeps serving until the new one is published.
    struct Handover {
      std::size_t left;
      std::uint64_t entries = 0;
      std::size_t failed = 0;
    };
    auto handover = std::make_shared<Handover>(Handover{old.size()});
    auto name = pool.spec.name;
    auto generation = pool.generation;
    auto done = [self, handover, old, name, generation, settings, directory, published] {
      if (--handover->left > 0) return;
      auto* p = find_pool(self, name);
      if (p && p->generation == generation) publish(*p, *directory);  // else a later resize publishes
      spdlog::info("{}: {} entries handed over to {} new members{}", name, handover->entries,
                   p ? p->members.size() : 0,
                   handover->failed ? fmt::format(" ({} old members did not answer)", handover->failed) : "");
      for (auto& member : old) retire(self, member, settings, settings.retire_checks);
      if (published) published();
    };
    if (old.empty()) {
      ++handover->left;
      done();
    }
    for (auto& member : old) {
      release(self, pool, member);
      self->request(caf::actor_cast<caf::actor>(member), settings.retire_after, msg::drain_atom::value, fresh)
          .then(
              [handover, done](std::uint64_t entries) {
                handover->entries += entries;
                done();
              },
              [handover, done](caf::error&) {
                ++handover->failed;
                done();
              });
    }
  } else {
    while (pool.members.size() < size) {
      auto index = static_cast<std::uint32_t>(pool.members.size());
      pool.members.push_back(start_member(self, pool, index, size));
      pool.backoff.push_back(settings.restart_backoff);
    }
    std::vector<caf::strong_actor_ptr> leaving;
    while (pool.members.size() > size) {
      leaving.push_back(pool.members.back());
      pool.members.pop_back();
      pool.backoff.pop_back();
    }
    // Published first so no new work reaches the leaving members; they finish what they hold.
    publish(pool, *directory);
    for (auto& member : leaving) {
      release(self, pool, member);
      retire(self, member, settings, settings.retire_checks);
    }
    if (published) published();
  }
  return size;
}

// Asks every member of the automatic pools for its load, then decides.
void measure(supervisor_pointer self, const SupervisorSettings& settings,
             const std::shared_ptr<msg::Directory>& directory) {
  for (auto& pool : self->state.pools) {
    if (!pool.spec.scale.automatic || pool.members.empty()) {
      sample(directory, msg::PoolSample{pool.spec.name, static_cast<std::uint32_t>(pool.members.size()), 0, 0});
      continue;
    }
    struct Tally {
      std::size_t answers = 0;
      std::uint64_t queued = 0;
      double busy = 0;
    };
    auto tally = std::make_shared<Tally>();
    auto expected = pool.members.size();
    auto name = pool.spec.name;
    auto generation = pool.generation;
    for (auto& member : pool.members) {
      self->request(caf::actor_cast<caf::actor>(member), settings.interval, msg::stats_atom::value)
          .then(
              [self, tally, expected, name, generation, settings, directory](msg::PoolSample& s) {
                tally->queued += s.queued;
                tally->busy += s.busy_seconds;
                if (++tally->answers < expected) return;
                auto* pool = find_pool(self, name);
                if (!pool || pool->generation != generation) return;
                sample(directory, msg::PoolSample{name, static_cast<std::uint32_t>(expected), tally->queued, tally->busy});
                double average = static_cast<double>(tally->queued) / static_cast<double>(expected);
                auto now = std::chrono::steady_clock::now();
                bool cooled = now - pool->last_resize >= settings.cooldown;
                auto size = static_cast<std::uint32_t>(pool->members.size());
                if (average > pool->spec.scale.grow_at) {
                  pool->calm = 0;
                  if (++pool->hot >= pool->spec.scale.hot_ticks && cooled && size < pool->spec.max)
                    resize(self, *pool, size + 1,
                           "average queue " + std::to_string(average) + " above " +
                               std::to_string(pool->spec.scale.grow_at),
                           settings, directory);
                } else if (average <= pool->spec.scale.shrink_at) {
                  pool->hot = 0;
                  if (++pool->calm >= pool->spec.scale.calm_ticks && cooled && size > pool->spec.min)
                    resize(self, *pool, size - 1, "idle for " + std::to_string(pool->calm) + " intervals", settings,
                           directory);
                } else {
                  pool->calm = 0;
                  pool->hot = 0;
                }
              },
              [](caf::error&) {});
    }
  }
}

}  // namespace

msg::supervisor_actor::behavior_type supervisor(supervisor_pointer self, std::vector<PoolSpec> specs,
                                                SupervisorSettings settings,
                                                std::shared_ptr<msg::Directory> directory) {
  for (auto& spec : specs) {
    Pool pool;
    pool.spec = std::move(spec);
    for (std::uint32_t i = 0; i < pool.spec.size; ++i) {
      pool.members.push_back(start_member(self, pool, i, pool.spec.size));
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
        auto now = std::chrono::steady_clock::now();
        if (auto it = pool.started.find(down.source); it != pool.started.end()) {
          if (now - it->second >= settings.max_backoff) pool.backoff[i] = settings.restart_backoff;
          pool.started.erase(it);
        }
        auto delay = pool.backoff[i];
        spdlog::warn("{} #{} stopped ({}); restarting in {} ms", pool.spec.name, i, reason, delay.count());
        pool.backoff[i] = std::min(delay * 2, settings.max_backoff);
        ++pool.restarts;
        auto generation = pool.generation;
        std::string name = pool.spec.name;
        self->delayed_send(caf::actor_cast<msg::supervisor_actor>(self), delay, msg::defer_atom::value,
                           msg::Deferred{[self, name, i, generation, directory, reason] {
                             auto* p = find_pool(self, name);
                             if (p && p->generation == generation && i < p->members.size()) {
                               p->members[i] = start_member(self, *p, i, static_cast<std::uint32_t>(p->members.size()));
                               publish(*p, *directory);
                             }
                             // Sent once the member is back, so a restarted metrics actor records its own restart.
                             sample(directory, msg::RestartEvent{name, reason});
                           }});
        return;
      }
    }
  });
  self->set_exit_handler([self](caf::exit_msg& exit) {
    for (auto& pool : self->state.pools)
      for (auto& member : pool.members)
        if (member && member->address() == exit.source) return;  // its down message restarts it
    self->state.stopping = true;
    for (auto& member : self->state.retiring) self->send_exit(caf::actor_cast<caf::actor>(member), exit.reason);
    self->quit(exit.reason);
  });
  // Pool sizes are known from the start, so a snapshot taken at once shows them; the first
  // measurement of load follows an interval later.
  for (auto& pool : self->state.pools)
    sample(directory, msg::PoolSample{pool.spec.name, static_cast<std::uint32_t>(pool.members.size()), 0, 0});
  self->delayed_send(self, settings.interval, msg::tick_atom::value);

  return {
      [self, settings, directory](msg::tick_atom) {
        measure(self, settings, directory);
        self->delayed_send(self, settings.interval, msg::tick_atom::value);
      },
      [](msg::defer_atom, const msg::Deferred& deferred) { deferred.work(); },
      // Answers once the new members are published (for a shard group: after the handover).
      [self, settings, directory](msg::resize_atom, const std::string& name,
                                  std::uint32_t size) -> caf::result<std::uint32_t> {
        auto* pool = find_pool(self, name);
        if (!pool) return caf::make_error(caf::sec::invalid_argument, "no pool named \"" + name + "\"");
        auto promise = self->make_response_promise<std::uint32_t>();
        auto target = std::clamp(size, pool->spec.min, pool->spec.max);
        resize(self, *pool, size, "set by hand through /admin/resize", settings, directory,
               [promise, target]() mutable { promise.deliver(target); });
        return promise;
      },
      [self, settings](msg::crash_atom, const std::string& name, std::uint32_t index) -> bool {
        if (!settings.allow_crash) return false;
        auto* pool = find_pool(self, name);
        if (!pool || index >= pool->members.size() || !pool->members[index]) return false;
        caf::anon_send(caf::actor_cast<caf::actor>(pool->members[index]), msg::crash_atom::value);
        return true;
      },
      [self](msg::snapshot_atom) -> std::string {
        json::object out;
        for (auto& pool : self->state.pools)
          out[pool.spec.name] = json::object{{"size", pool.members.size()},
                                             {"min", pool.spec.min},
                                             {"max", pool.spec.max},
                                             {"restarts", pool.restarts},
                                             {"scaleEvents", pool.scale_events}};
        return json::serialize(out);
      },
  };
}

}  // namespace varlet::actors
