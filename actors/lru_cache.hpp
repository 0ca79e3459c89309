#pragma once
// L1: entries in memory, least recently used first out, within a byte budget, each with an
// optional expiry. Expired entries stay until evicted so they can be served stale on failure.
#include "messages/cache.hpp"

#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

namespace varlet::actors {

class LruCache {
public:
  struct Item {
    std::string key;
    msg::CacheEntry entry;
    std::int64_t expires = 0;  // unix seconds; 0 = never
    std::size_t size = 0;
  };

  // Told of every item that comes or goes (put, evicted, erased; not one replaced by a put, which
  // comes again), and asked before evicting one whether it was used where this cache cannot see
  // (`spare`: then it stays, as most recently used).
  struct Observer {
    std::function<void(const Item&)> added;
    std::function<void(const Item&)> removed;
    std::function<bool(const Item&)> spare;
  };

  explicit LruCache(std::size_t budget) : budget_(budget) {}
  void observe(Observer observer) { observer_ = std::move(observer); }

  // The item for `key` (fresh or expired), marked most recently used; nullptr when absent.
  const Item* find(const std::string& key);
  void put(const std::string& key, msg::CacheEntry entry, std::int64_t expires);
  bool erase(const std::string& key);
  std::size_t erase_if(const std::function<bool(const std::string& key)>& match);
  void set_budget(std::size_t budget);
  // Every item, most recently used first (for handing entries over when shards are resized).
  std::vector<Item> items() const { return {order_.begin(), order_.end()}; }
  // Drops every item, telling the observer.
  void clear();

  std::size_t budget() const { return budget_; }
  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return order_.size(); }
  std::uint64_t evictions() const { return evictions_; }

  static std::size_t size_of(const std::string& key, const msg::CacheEntry& entry);

private:
  void evict(const Item* keep = nullptr);
  void remove(std::list<Item>::iterator it);
  // Counts the gzip form an entry gained since it was sized.
  void resize(Item& item);

  std::size_t budget_;
  std::size_t bytes_ = 0;
  std::uint64_t evictions_ = 0;
  std::list<Item> order_;
  std::unordered_map<std::string, std::list<Item>::iterator> index_;
  Observer observer_;
};

}  // namespace varlet::actors
