#include "actors/cache_shard.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <set>

namespace varlet::actors {
namespace {

using msg::unix_seconds_now;

std::size_t budget_for(const ShardSettings& s, msg::Pressure p) {
  switch (p) {
    case msg::Pressure::normal: return s.l1_bytes;
    case msg::Pressure::warning:
      return std::max(s.l1_floor, static_cast<std::size_t>(s.l1_bytes * (1.0 - s.shrink_fraction)));
    case msg::Pressure::critical: return std::min(s.l1_floor, s.l1_bytes);
  }
  return s.l1_bytes;
}

std::int64_t expiry(const ShardSettings& s) { return s.ttl.count() > 0 ? unix_seconds_now() + s.ttl.count() : 0; }

bool fresh(std::int64_t expires) { return expires == 0 || expires > unix_seconds_now(); }

// A disk read that takes longer counts as a miss (the disk actor may be stuck on a slow write).
constexpr std::chrono::seconds disk_read_timeout{5};
constexpr std::chrono::seconds disk_invalidate_timeout{50};

bool has_disk(const CacheShardState& st) { return st.settings.disk_queue != nullptr; }

// Hands an entry to the disk actor without waiting; dropped when it is not running or its write
// queue is full (the entry stays in L1).
void to_disk(cache_shard_pointer self, const std::string& key, const msg::CacheEntry& entry, std::int64_t expires,
             bool only_if_absent) {
  auto& st = self->state;
  if (!has_disk(st) || (!entry.bytes && !entry.absent)) return;
  auto pools = st.directory->current();
  if (!pools->disk) return;
  auto reservation = st.settings.disk_queue->reserve(key.size() + (entry.bytes ? entry.bytes->size() : 0));
  if (!reservation) return;
  msg::DiskWrite write{{st.settings.kind, key}, {entry, expires}, only_if_absent, std::move(reservation)};
  write.record.entry.model.reset();
  write.record.entry.spliceable.reset();
  write.record.entry.stale = false;
  self->send(pools->disk, msg::write_atom::value, std::move(write));
}

// An entry read from disk as L1 holds it (the catalog kind's model restored); nothing, and the
// file removed, when its bytes cannot be decoded.
std::optional<msg::CacheEntry> restore(cache_shard_pointer self, const std::string& key, msg::CacheEntry entry) {
  auto& st = self->state;
  if (!st.settings.decode || entry.absent) return entry;
  auto decoded = st.settings.decode(std::move(entry));
  if (decoded) return decoded;
  ++st.counters.l2_corrupt;
  if (auto pools = st.directory->current(); pools->disk)
    self->send(pools->disk, msg::remove_atom::value, msg::CacheKey{st.settings.kind, key});
  return std::nullopt;
}

void report(cache_shard_pointer self) {
  auto& st = self->state;
  if (st.settings.published && st.settings.index == 0 && st.successors.empty())
    st.counters.l1_hits += st.settings.published->take_hits();
  auto pools = st.directory->current();
  if (pools->metrics) {
    auto sample = st.counters;
    sample.kind = st.settings.kind;
    // A retired shard's levels are no longer its group's: only its counters still count (the
    // metrics actor keeps no levels for an index beyond any group).
    sample.shard = st.successors.empty() ? st.settings.index : std::numeric_limits<std::uint32_t>::max();
    sample.evictions = st.l1.evictions() - st.evictions_reported;
    sample.entries = st.l1.size();
    sample.bytes = st.l1.bytes();
    sample.l1_budget = st.l1.budget();
    sample.mailbox = self->mailbox().size();
    caf::anon_send(pools->metrics, msg::sample_atom::value, msg::MetricSample{sample});
  }
  st.evictions_reported = st.l1.evictions();
  st.counters = {};
}

// Puts an entry into its owner in the group this shard handed its entries to; nothing before a resize.
void hand_over(cache_shard_pointer self, const std::string& key, const msg::CacheEntry& entry) {
  const auto& group = self->state.successors;
  if (group.empty()) return;
  auto target = caf::actor_cast<msg::cache_shard_actor>(group[msg::shard_index(key, group.size())]);
  caf::anon_send(target, msg::put_atom::value, msg::CacheKey{self->state.settings.kind, key}, entry);
}

void answer_all(CacheShardState& st, const std::string& key, const msg::CacheResult& result) {
  auto node = st.pending.extract(key);
  if (node.empty()) return;
  for (auto& waiter : node.mapped().waiters) waiter.promise.deliver(result);
}

// Settles every caller waiting for the load of `key` with its outcome.
void settle(cache_shard_pointer self, const std::string& key, msg::CacheResult result) {
  auto& st = self->state;
  if (result.entry) {
    // A loader's answer built on a stale input (a resolution from an expired version list) is
    // served but not kept: the next call tries the upstream again (the breaker keeps that cheap).
    if (!result.entry->stale) {
      auto expires = expiry(st.settings);
      if (result.entry->created == 0) result.entry->created = unix_seconds_now();
      result.entry->expires = expires;
      to_disk(self, key, *result.entry, expires, false);
      st.l1.put(key, *result.entry, expires);
    }
  } else {
    ++st.counters.load_errors;
    // Stale-if-error: an expired copy beats no answer; the entry says it is stale.
    if (auto old = previous_entry(st, key)) {
      result.entry = std::move(old);
      result.entry->stale = true;
      result.error.reset();
      ++st.counters.stale_served;
    }
  }
  // A load that finished after this shard handed its entries over belongs to the new owner too.
  if (result.entry && !result.entry->stale) hand_over(self, key, *result.entry);
  answer_all(st, key, result);
}

void start_load(cache_shard_pointer self, const std::string& key) {
  auto& st = self->state;
  st.pending[key].loading = true;
  if (st.pressure == msg::Pressure::critical)
    return settle(self, key,
                  {std::nullopt, msg::FetchError{msg::FetchErrorKind::overloaded,
                                                 "the server is under memory pressure and refuses new cold loads "
                                                 "for now; retry shortly",
                                                 0, true}});
  ++st.counters.loads;
  st.settings.loader(self, key, [self, key](msg::CacheResult result) { settle(self, key, std::move(result)); });
}

// What the disk answered for a key being looked up: a fresh entry answers everyone; otherwise
// peek callers get the miss and get callers wait for one load.
void disk_answered(cache_shard_pointer self, const std::string& key, std::optional<msg::DiskRecord> record) {
  auto& st = self->state;
  auto it = st.pending.find(key);
  if (it == st.pending.end() || it->second.loading) return;
  auto& lookup = it->second;
  std::optional<msg::CacheEntry> entry;
  std::int64_t expires = 0;
  if (record) {
    entry = restore(self, key, std::move(record->entry));
    expires = record->expires;
  }
  // Every caller that waited for this read is one lookup: each counts as an L2 hit or a miss.
  if (entry && fresh(expires)) {
    entry->expires = expires;
    st.counters.l2_hits += lookup.waiters.size();
    if (lookup.invalidations == st.invalidations) st.l1.put(key, *entry, expires);
    return answer_all(st, key, {std::move(entry), std::nullopt});
  }
  st.counters.misses += lookup.waiters.size();
  if (entry) lookup.expired = std::move(entry);
  auto& waiters = lookup.waiters;
  auto peeks = std::stable_partition(waiters.begin(), waiters.end(), [](const auto& w) { return w.load; });
  for (auto w = peeks; w != waiters.end(); ++w) w->promise.deliver(msg::CacheResult{});
  waiters.erase(peeks, waiters.end());
  if (waiters.empty() || !st.settings.loader) return answer_all(st, key, {});
  start_load(self, key);
}

// Looks `key` up on disk (when there is a disk level), then loads it.
void look_up(cache_shard_pointer self, const std::string& key) {
  auto& st = self->state;
  auto pools = has_disk(st) ? st.directory->current() : nullptr;
  if (!pools || !pools->disk) return disk_answered(self, key, std::nullopt);
  st.pending[key].invalidations = st.invalidations;
  self->request<caf::message_priority::high>(pools->disk, disk_read_timeout, msg::read_atom::value,
                                             msg::CacheKey{st.settings.kind, key})
      .then([self, key](msg::DiskFound& found) { disk_answered(self, key, std::move(found.record)); },
            [self, key](caf::error&) { disk_answered(self, key, std::nullopt); });
}

const LruCache::Item* fresh_in_l1(CacheShardState& st, const std::string& key) {
  auto* item = st.l1.find(key);
  return item && fresh(item->expires) ? item : nullptr;
}

// This shard's place in its group as the directory publishes it; a shard that is not (or no
// longer) a member owns every key, so nothing is left behind.
std::pair<std::uint32_t, std::uint32_t> ownership(cache_shard_pointer self) {
  auto pools = self->state.directory->current();
  const auto& group = pools->shards[static_cast<std::size_t>(self->state.settings.kind)];
  auto at = std::find(group.begin(), group.end(), caf::actor_cast<msg::cache_shard_actor>(self));
  if (at == group.end()) return {0, 1};
  return {static_cast<std::uint32_t>(at - group.begin()), static_cast<std::uint32_t>(group.size())};
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view key) {
  std::size_t p = 0, k = 0, star = std::string_view::npos, mark = 0;
  while (k < key.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == key[k])) {
      ++p;
      ++k;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = k;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      k = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::optional<msg::CacheEntry> previous_entry(CacheShardState& st, const std::string& key) {
  if (auto* item = st.l1.find(key)) return item->entry;
  if (auto it = st.pending.find(key); it != st.pending.end()) return it->second.expired;
  return std::nullopt;
}

msg::cache_shard_actor::behavior_type cache_shard(cache_shard_pointer self, ShardSettings settings,
                                                  std::shared_ptr<const msg::Directory> directory) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.directory = std::move(directory);
  st.l1.set_budget(st.settings.l1_bytes);
  if (auto published = st.settings.published) {
    const void* me = &st;
    st.l1.observe({[published, me](const LruCache::Item& item) { published->publish(item.key, item.entry, me); },
                   [published, me](const LruCache::Item& item) { published->withdraw(item.key, me); },
                   [published, me](const LruCache::Item& item) { return published->take_used(item.key, me); }});
  }
  self->delayed_send(self, st.settings.sample_interval, msg::tick_atom::value);
  // A shard stopped (retired by a resize, or at shutdown) reports the lookups since its last tick
  // first, so the hit and miss counters lose none of them.
  self->set_exit_handler([self](caf::exit_msg& exit) {
    report(self);
    self->quit(exit.reason);
  });

  return {
      [self](msg::get_atom, const msg::CacheKey& key) -> caf::result<msg::CacheResult> {
        auto& st = self->state;
        if (auto* item = fresh_in_l1(st, key.key)) {
          ++st.counters.l1_hits;
          return msg::CacheResult{item->entry, std::nullopt};
        }
        auto promise = self->make_response_promise<msg::CacheResult>();
        auto [lookup, first] = st.pending.try_emplace(key.key);
        lookup->second.waiters.push_back({promise, true});
        if (!first) {
          ++st.counters.coalesced;
          if (lookup->second.loading) ++st.counters.misses;  // else counted when the disk answers
          return promise;
        }
        look_up(self, key.key);
        return promise;
      },
      [self](msg::peek_atom, const msg::CacheKey& key) -> caf::result<msg::CacheResult> {
        auto& st = self->state;
        if (auto* item = fresh_in_l1(st, key.key)) {
          ++st.counters.l1_hits;
          return msg::CacheResult{item->entry, std::nullopt};
        }
        auto lookup = st.pending.find(key.key);
        bool reading = lookup != st.pending.end() && !lookup->second.loading;
        if (!reading && (lookup != st.pending.end() || !has_disk(st))) {  // loading means the disk had nothing
          ++st.counters.misses;
          return msg::CacheResult{};
        }
        auto promise = self->make_response_promise<msg::CacheResult>();
        st.pending[key.key].waiters.push_back({promise, false});
        if (reading) ++st.counters.coalesced;
        else look_up(self, key.key);
        return promise;
      },
      [self](msg::put_atom, const msg::CacheKey& key, const msg::CacheEntry& entry) {
        auto& st = self->state;
        auto expires = expiry(st.settings);
        bool known = st.l1.find(key.key) != nullptr;
        st.l1.put(key.key, entry, expires);
        if (!known) to_disk(self, key.key, entry, expires, true);
      },
      [self](msg::invalidate_atom, const std::string& pattern) -> caf::result<std::uint64_t> {
        // Counts distinct keys: one held in L1 and on disk is one entry dropped. The group's
        // shards share one folder, so the disk actor removes only the files of keys this one owns.
        auto& st = self->state;
        ++st.invalidations;
        std::set<std::string> dropped;
        st.l1.erase_if([&](const std::string& key) {
          if (!glob_match(pattern, key)) return false;
          dropped.insert(key);
          return true;
        });
        auto pools = has_disk(st) ? st.directory->current() : nullptr;
        if (!pools || !pools->disk) return static_cast<std::uint64_t>(dropped.size());
        auto [index, size] = ownership(self);
        auto promise = self->make_response_promise<std::uint64_t>();
        self->request(pools->disk, disk_invalidate_timeout, msg::invalidate_atom::value,
                      msg::DiskInvalidate{st.settings.kind, pattern, index, size})
            .then(
                [promise, dropped](std::vector<std::string>& removed) mutable {
                  dropped.insert(removed.begin(), removed.end());
                  promise.deliver(static_cast<std::uint64_t>(dropped.size()));
                },
                [self, promise, dropped](caf::error& err) mutable {
                  spdlog::warn("cache {}: the disk level did not drop its entries ({}); only memory was cleared",
                               msg::to_string(self->state.settings.kind), self->system().render(err));
                  promise.deliver(static_cast<std::uint64_t>(dropped.size()));
                });
        return promise;
      },
      [self](msg::pressure_atom, msg::Pressure level) {
        auto& st = self->state;
        st.pressure = level;
        st.l1.set_budget(budget_for(st.settings, level));
      },
      [self](msg::tick_atom) {
        report(self);
        self->delayed_send(self, self->state.settings.sample_interval, msg::tick_atom::value);
      },
      [self](msg::drain_atom, const std::vector<caf::strong_actor_ptr>& group) -> std::uint64_t {
        auto& st = self->state;
        st.successors = group;
        auto items = st.l1.items();
        for (auto& item : items) hand_over(self, item.key, item.entry);
        return group.empty() ? 0 : items.size();
      },
      [self](msg::stats_atom) -> msg::PoolSample {
        // A retiring shard also counts the lookups it still holds: it is stopped once they settled.
        auto& st = self->state;
        auto held = st.successors.empty() ? 0 : st.pending.size();
        return {"shard:" + std::string(msg::to_string(st.settings.kind)), 1, self->mailbox().size() + held, 0};
      },
      [](msg::crash_atom) -> void { throw std::runtime_error("cache shard crash requested by /admin/crash"); },
  };
}

}  // namespace varlet::actors
