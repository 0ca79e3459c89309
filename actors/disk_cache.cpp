#include "actors/disk_cache.hpp"

#include "actors/cache_shard.hpp"

#include <spdlog/spdlog.h>

#include <thread>

namespace varlet::actors {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto warning_interval = std::chrono::minutes(1);

// True at most once a warning_interval for each reason.
bool warning_due(DiskCacheState& st, const std::string& reason) {
  auto now = Clock::now();
  auto [it, first] = st.warned.try_emplace(reason, now);
  if (first) return true;
  if (now - it->second < warning_interval) return false;
  it->second = now;
  return true;
}

void open_store(disk_cache_pointer self) {
  auto& st = self->state;
  try {
    st.store = std::make_unique<DiskStore>(st.settings.dir, st.settings.max_bytes);
    st.reported = {};
  } catch (const std::exception& e) {
    if (warning_due(st, "open"))
      spdlog::error("the disk cache {} is unavailable ({}); answers come from memory and the upstream until it is back",
                    st.settings.dir, e.what());
  }
}

void write_failed(DiskCacheState& st, const DiskStore::WriteFailure& failure) {
  ++st.write_errors;
  st.last_error = failure.message;
  if (warning_due(st, failure.reason)) spdlog::warn("disk cache: {} (this warning repeats at most once a minute)", failure.message);
}

std::string queue_key(const msg::CacheKey& key) { return std::string(msg::to_string(key.kind)) + "\n" + key.key; }

void write(DiskCacheState& st, const msg::DiskWrite& w) {
  if (!st.store)
    return write_failed(st, {"unavailable", "cannot write to the cache folder " + st.settings.dir +
                                                ": it cannot be opened (see the error logged when it was tried)"});
  if (st.settings.write_delay.count() > 0) std::this_thread::sleep_for(st.settings.write_delay);
  if (auto failure = st.store->write(w.key.kind, w.key.key, w.record)) return write_failed(st, *failure);
  ++st.writes;
}

void schedule_next(disk_cache_pointer self) {
  auto& st = self->state;
  if (st.next_scheduled || st.queued.empty()) return;
  st.next_scheduled = true;
  self->send(self, msg::next_atom::value);
}

void enqueue(disk_cache_pointer self, msg::DiskWrite w) {
  auto& st = self->state;
  auto key = queue_key(w.key);
  auto queued = st.queued_by_key.find(key);
  if (w.only_if_absent && (queued != st.queued_by_key.end() || (st.store && st.store->contains(w.key.kind, w.key.key))))
    return;
  if (queued != st.queued_by_key.end()) {
    *queued->second = std::move(w);  // the newest entry, in the older one's place
    return;
  }
  st.queued.push_back(std::move(w));
  st.queued_by_key.emplace(std::move(key), std::prev(st.queued.end()));
  schedule_next(self);
}

// Takes the oldest queued write off the queue; its reservation goes with it.
msg::DiskWrite take_next(DiskCacheState& st) {
  auto w = std::move(st.queued.front());
  st.queued.pop_front();
  st.queued_by_key.erase(queue_key(w.key));
  return w;
}

void unqueue(DiskCacheState& st, const std::string& key) {
  if (auto it = st.queued_by_key.find(key); it != st.queued_by_key.end()) {
    st.queued.erase(it->second);
    st.queued_by_key.erase(it);
  }
}

void report(disk_cache_pointer self) {
  auto& st = self->state;
  auto pools = st.directory->current();
  if (!pools->metrics) return;
  msg::DiskSample s;
  s.max_bytes = st.settings.max_bytes;
  s.queued_bytes = st.settings.queue->queued_bytes();
  s.queue_max_bytes = st.settings.queue->max_bytes();
  s.writes = std::exchange(st.writes, 0);
  s.write_errors = std::exchange(st.write_errors, 0);
  s.dropped_writes = st.settings.queue->take_dropped();
  s.last_error = std::exchange(st.last_error, "");
  if (st.store) {
    auto now = st.store->stats();
    s.entries = now.entries;
    s.bytes = now.bytes;
    s.evictions = now.evictions - st.reported.evictions;
    for (std::size_t k = 0; k < msg::resource_kind_count; ++k) s.corrupt[k] = now.corrupt[k] - st.reported.corrupt[k];
    st.reported = now;
  }
  caf::anon_send(pools->metrics, msg::sample_atom::value, msg::MetricSample{std::move(s)});
}

}  // namespace

std::shared_ptr<void> DiskWriteQueue::reserve(std::uint64_t bytes) {
  auto queued = queued_.load(std::memory_order_relaxed);
  do {
    if (queued + bytes > max_bytes_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      auto now = std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
      auto last = last_warning_.load(std::memory_order_relaxed);
      if ((last == 0 || now - last >= 60) && last_warning_.compare_exchange_strong(last, now))
        spdlog::warn("the disk cache's write queue holds {} bytes and cannot take an entry of {} more ([cache] "
                     "l2-write-queue-bytes is {}): the entry stays in memory only (this warning repeats at most once "
                     "a minute)",
                     queued, bytes, max_bytes_);
      return nullptr;
    }
  } while (!queued_.compare_exchange_weak(queued, queued + bytes, std::memory_order_relaxed));
  // The pointer is only a token; the deleter gives the bytes back.
  return {static_cast<void*>(this), [queue = shared_from_this(), bytes](void*) {
            queue->queued_.fetch_sub(bytes, std::memory_order_relaxed);
          }};
}

msg::disk_actor::behavior_type disk_cache(disk_cache_pointer self, DiskCacheSettings settings,
                                          std::shared_ptr<const msg::Directory> directory) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.directory = std::move(directory);
  open_store(self);
  // On shutdown the writes already queued are done (within the grace), then the actor stops.
  self->set_exit_handler([self](caf::exit_msg& exit) {
    if (exit.reason != caf::exit_reason::user_shutdown) return self->quit(exit.reason);
    self->state.flush_deadline = Clock::now() + self->state.settings.flush_grace;
    self->send(self, msg::flush_atom::value);
  });
  self->delayed_send(self, st.settings.sample_interval, msg::tick_atom::value);

  return {
      [self](msg::read_atom, const msg::CacheKey& key) -> msg::DiskFound {
        auto& st = self->state;
        if (auto queued = st.queued_by_key.find(queue_key(key)); queued != st.queued_by_key.end())
          return {queued->second->record};
        if (!st.store) return {};
        return {st.store->read(key.kind, key.key)};
      },
      [self](msg::write_atom, msg::DiskWrite& w) { enqueue(self, std::move(w)); },
      [self](msg::next_atom) {
        auto& st = self->state;
        st.next_scheduled = false;
        if (st.queued.empty()) return;
        write(st, take_next(st));
        schedule_next(self);
      },
      [self](msg::remove_atom, const msg::CacheKey& key) {
        unqueue(self->state, queue_key(key));
        if (self->state.store) self->state.store->remove(key.kind, key.key);
      },
      [self](msg::invalidate_atom, const msg::DiskInvalidate& d) -> std::vector<std::string> {
        auto& st = self->state;
        auto shards = std::max<std::uint32_t>(1, d.shards);
        auto match = [&](const std::string& key) {
          return glob_match(d.pattern, key) && msg::shard_index(key, shards) == d.shard;
        };
        std::vector<std::string> removed;
        for (auto it = st.queued.begin(); it != st.queued.end();) {
          if (it->key.kind != d.kind || !match(it->key.key)) {
            ++it;
            continue;
          }
          removed.push_back(it->key.key);
          st.queued_by_key.erase(queue_key(it->key));
          it = st.queued.erase(it);
        }
        if (st.store)
          for (auto& key : st.store->remove_if(d.kind, match)) removed.push_back(std::move(key));
        return removed;
      },
      [self](msg::tick_atom) {
        if (!self->state.store) open_store(self);
        report(self);
        self->delayed_send(self, self->state.settings.sample_interval, msg::tick_atom::value);
      },
      [self](msg::flush_atom) {
        auto& st = self->state;
        while (!st.queued.empty() && Clock::now() < st.flush_deadline) write(st, take_next(st));
        if (!st.queued.empty())
          spdlog::warn("disk cache: {} entries were not written within the shutdown grace", st.queued.size());
        report(self);
        self->quit(caf::exit_reason::user_shutdown);
      },
      [](msg::crash_atom) -> void { throw std::runtime_error("disk cache crash requested by /admin/crash"); },
  };
}

}  // namespace varlet::actors
