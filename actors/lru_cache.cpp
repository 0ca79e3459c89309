#include "actors/lru_cache.hpp"

#include "mcp/compression/spliceable.hpp"

namespace varlet::actors {

std::size_t LruCache::size_of(const std::string& key, const msg::CacheEntry& entry) {
  // A catalog entry holds its JSON and the model built from it; the model's heap is about twice
  // the JSON (measured with mallinfo2: 1.85x for 3.20.6, 1.74x for 3.0.0). Bookkeeping adds the rest.
  std::size_t bytes = entry.bytes ? entry.bytes->size() : 0;
  std::size_t gzip = entry.spliceable ? entry.spliceable->bytes() : 0;
  return 2 * key.size() + bytes + (entry.model ? 2 * bytes : 0) + gzip + 160;
}

void LruCache::resize(Item& item) {
  // A gzip form is made after the entry was put, by the answer that first needed it: counted from
  // the next time the entry is found or spared on.
  if (!item.entry.spliceable) return;
  auto size = size_of(item.key, item.entry);
  bytes_ += size - item.size;
  item.size = size;
}

const LruCache::Item* LruCache::find(const std::string& key) {
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  resize(*it->second);
  evict(&*it->second);
  return &*it->second;
}

void LruCache::put(const std::string& key, msg::CacheEntry entry, std::int64_t expires) {
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->size;
    order_.erase(it->second);
    index_.erase(it);
  }
  entry.expires = expires;
  auto size = size_of(key, entry);
  order_.push_front({key, std::move(entry), expires, size});
  index_[key] = order_.begin();
  bytes_ += size;
  if (observer_.added) observer_.added(order_.front());
  evict(&order_.front());
}

void LruCache::remove(std::list<Item>::iterator it) {
  bytes_ -= it->size;
  index_.erase(it->key);
  if (observer_.removed) observer_.removed(*it);
  order_.erase(it);
}

bool LruCache::erase(const std::string& key) {
  auto it = index_.find(key);
  if (it == index_.end()) return false;
  remove(it->second);
  return true;
}

std::size_t LruCache::erase_if(const std::function<bool(const std::string&)>& match) {
  std::size_t n = 0;
  for (auto it = order_.begin(); it != order_.end();) {
    auto next = std::next(it);
    if (match(it->key)) {
      remove(it);
      ++n;
    }
    it = next;
  }
  return n;
}

void LruCache::clear() {
  while (!order_.empty()) remove(std::prev(order_.end()));
}

void LruCache::set_budget(std::size_t budget) {
  budget_ = budget;
  evict();
}

void LruCache::evict(const Item* keep) {
  // `keep` (the entry just put or found) stays, even when it alone is over the budget. Each other
  // item is spared at most once per pass, so a pass ends even when every item was used.
  std::size_t spared = 0;
  while (bytes_ > budget_ && order_.size() > 1) {
    auto last = std::prev(order_.end());
    if (&*last == keep) {
      order_.splice(order_.begin(), order_, last);
      continue;
    }
    if (observer_.spare && spared < order_.size() && observer_.spare(*last)) {
      order_.splice(order_.begin(), order_, last);
      resize(*last);
      ++spared;
      continue;
    }
    remove(last);
    ++evictions_;
  }
}

}  // namespace varlet::actors
