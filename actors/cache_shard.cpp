#include "actors/cache_shard.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <set>

namespace varlet::actors {
namespace {

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::size_t budget_for(const ShardSettings& s, msg::Pressure p) {
  switch (p) {
    case msg::Pressure::normal: return s.l1_bytes;
    case msg::Pressure::warning:
      return std::max(s.l1_floor, static_cast<std::size_t>(s.l1_bytes * (1.0 - s.shrink_fraction)));
    case msg::Pressure::critical: return std::min(s.l1_floor, s.l1_bytes);
  }
  return s.l1_bytes;
}

std::int64_t expiry(const ShardSettings& s) { return s.ttl.count() > 0 ? now_seconds() + s.ttl.count() : 0; }

// The entry L2 holds for `key` (any age when `stale_ok`), decoded; corrupt files count as misses.
std::optional<msg::CacheEntry> from_disk(CacheShardState& st, const std::string& key, bool stale_ok,
                                         std::int64_t* expires = nullptr) {
  if (!st.l2) return std::nullopt;
  auto record = stale_ok ? st.l2->read_any_age(key) : st.l2->read(key);
  if (!record) return std::nullopt;
  auto entry = std::move(record->entry);
  if (st.settings.decode && !entry.absent) {
    auto decoded = st.settings.decode(std::move(entry));
    if (!decoded) {
      st.l2->remove(key);
      ++st.counters.l2_corrupt;
      return std::nullopt;
    }
    entry = std::move(*decoded);
  }
  if (expires) *expires = record->expires;
  return entry;
}

void to_disk(CacheShardState& st, const std::string& key, const msg::CacheEntry& entry, std::int64_t expires) {
  if (!st.l2 || (!entry.bytes && !entry.absent)) return;
  DiskRecord record{entry, expires};
  record.entry.model.reset();
  if (auto why = st.l2->write(key, record)) spdlog::warn("cache {}: cannot store {} on disk: {}", msg::to_string(st.settings.kind), key, *why);
}

void report(cache_shard_pointer self) {
  auto& st = self->state;
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
    if (st.l2) {
      auto corrupt = st.l2->stats().corrupt;
      sample.l2_corrupt += corrupt - st.l2_corrupt_reported;
      st.l2_corrupt_reported = corrupt;
    }
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

// Settles every caller waiting for `key` with the load's outcome.
void settle(cache_shard_pointer self, const std::string& key, msg::CacheResult result) {
  auto& st = self->state;
  if (result.entry) {
    // A loader's answer built on a stale input (a resolution from an expired version list) is
    // served but not kept: the next call tries the upstream again (the breaker keeps that cheap).
    if (!result.entry->stale) {
      auto expires = expiry(st.settings);
      if (result.entry->created == 0) result.entry->created = now_seconds();
      to_disk(st, key, *result.entry, expires);
      st.l1.put(key, *result.entry, expires);
    }
  } else {
    ++st.counters.load_errors;
    // Stale-if-error: an expired copy beats no answer; the entry says it is stale.
    std::optional<msg::CacheEntry> old;
    if (auto* item = st.l1.find(key)) old = item->entry;
    else old = from_disk(st, key, true);
    if (old) {
      result.entry = std::move(old);
      result.entry->stale = true;
      result.error.reset();
      ++st.counters.stale_served;
    }
  }
  // A load that finished after this shard handed its entries over belongs to the new owner too.
  if (result.entry && !result.entry->stale) hand_over(self, key, *result.entry);
  auto waiters = std::move(st.waiting[key]);
  st.waiting.erase(key);
  for (auto& promise : waiters) promise.deliver(result);
}

// Whether this shard owns a key in its group as the directory publishes it; a shard that is not
// (or no longer) a member owns every key, so nothing is left behind.
std::function<bool(const std::string&)> owner_test(cache_shard_pointer self) {
  auto pools = self->state.directory->current();
  const auto& group = pools->shards[static_cast<std::size_t>(self->state.settings.kind)];
  auto me = caf::actor_cast<msg::cache_shard_actor>(self);
  auto at = std::find(group.begin(), group.end(), me);
  if (at == group.end()) return [](const std::string&) { return true; };
  auto index = static_cast<std::size_t>(at - group.begin());
  auto size = group.size();
  return [index, size](const std::string& key) { return msg::shard_index(key, size) == index; };
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

msg::cache_shard_actor::behavior_type cache_shard(cache_shard_pointer self, ShardSettings settings,
                                                  std::shared_ptr<const msg::Directory> directory) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.directory = std::move(directory);
  st.l1.set_budget(st.settings.l1_bytes);
  if (!st.settings.l2_dir.empty()) {
    try {
      st.l2 = std::make_unique<DiskStore>(st.settings.l2_dir, st.settings.kind, st.settings.l2_bytes);
    } catch (const std::exception& e) {
      spdlog::error("cache {}: disk level disabled: {}", msg::to_string(st.settings.kind), e.what());
    }
  }
  self->delayed_send(self, st.settings.sample_interval, msg::tick_atom::value);

  return {
      [self](msg::get_atom, const msg::CacheKey& key) -> caf::result<msg::CacheResult> {
        auto& st = self->state;
        if (auto* item = st.l1.find(key.key); item && (item->expires == 0 || item->expires > now_seconds())) {
          ++st.counters.l1_hits;
          return msg::CacheResult{item->entry, std::nullopt};
        }
        std::int64_t expires = 0;
        if (auto entry = from_disk(st, key.key, false, &expires)) {
          ++st.counters.l2_hits;
          st.l1.put(key.key, *entry, expires);
          return msg::CacheResult{std::move(*entry), std::nullopt};
        }
        ++st.counters.misses;
        if (!st.settings.loader) return msg::CacheResult{};
        auto promise = self->make_response_promise<msg::CacheResult>();
        auto& waiters = st.waiting[key.key];
        waiters.push_back(promise);
        if (waiters.size() > 1) {
          ++st.counters.coalesced;
          return promise;
        }
        if (st.pressure == msg::Pressure::critical) {
          settle(self, key.key,
                 {std::nullopt, msg::FetchError{msg::FetchErrorKind::overloaded,
                                                "the server is under memory pressure and refuses new cold loads "
                                                "for now; retry shortly",
                                                0, true}});
          return promise;
        }
        ++st.counters.loads;
        std::string k = key.key;
        st.settings.loader(self, k, [self, k](msg::CacheResult result) { settle(self, k, std::move(result)); });
        return promise;
      },
      [self](msg::peek_atom, const msg::CacheKey& key) -> msg::CacheResult {
        auto& st = self->state;
        if (auto* item = st.l1.find(key.key); item && (item->expires == 0 || item->expires > now_seconds())) {
          ++st.counters.l1_hits;
          return {item->entry, std::nullopt};
        }
        std::int64_t expires = 0;
        if (auto entry = from_disk(st, key.key, false, &expires)) {
          ++st.counters.l2_hits;
          st.l1.put(key.key, *entry, expires);
          return {std::move(*entry), std::nullopt};
        }
        ++st.counters.misses;
        return {};
      },
      [self](msg::put_atom, const msg::CacheKey& key, const msg::CacheEntry& entry) {
        auto& st = self->state;
        auto expires = expiry(st.settings);
        std::error_code ec;
        if (st.l2 && !st.l1.find(key.key) && !std::filesystem::exists(st.l2->path_of(key.key), ec))
          to_disk(st, key.key, entry, expires);
        st.l1.put(key.key, entry, expires);
      },
      [self](msg::invalidate_atom, const std::string& pattern) -> std::uint64_t {
        // Counts distinct keys: one held in L1 and on disk is one entry dropped. The group's
        // shards share one folder, so each removes only the files of the keys it owns.
        auto& st = self->state;
        std::set<std::string> dropped;
        st.l1.erase_if([&](const std::string& key) {
          if (!glob_match(pattern, key)) return false;
          dropped.insert(key);
          return true;
        });
        if (st.l2) {
          auto owns = owner_test(self);
          st.l2->remove_if([&](const std::string& key) {
            if (!glob_match(pattern, key) || !owns(key)) return false;
            dropped.insert(key);
            return true;
          });
        }
        return dropped.size();
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
        // A retiring shard also counts the loads it still holds: it is stopped once they settled.
        auto& st = self->state;
        auto held = st.successors.empty() ? 0 : st.waiting.size();
        return {"shard:" + std::string(msg::to_string(st.settings.kind)), 1, self->mailbox().size() + held, 0};
      },
      [](msg::crash_atom) -> void { throw std::runtime_error("cache shard crash requested by /admin/crash"); },
  };
}

}  // namespace varlet::actors
