#include "actors/published_answers.hpp"

namespace varlet::actors {

PublishedAnswers::Part& PublishedAnswers::part_of(std::string_view key) const {
  // The table hashes the whole key too: the high bits pick the part, so each part's table still
  // spreads its keys over all of its buckets.
  return parts_[(Hash{}(key) >> 58) % part_count];
}

std::shared_ptr<const PublishedAnswers::Answer> PublishedAnswers::find(std::string_view key) const {
  auto table = part_of(key).table.load(std::memory_order_acquire);
  auto it = table->find(key);
  if (it == table->end()) return nullptr;
  const auto& answer = it->second;
  if (answer->expires != 0 && answer->expires <= msg::unix_seconds_now()) return nullptr;
  // Written only when it changes, so hot answers read by several threads stay shared in their caches.
  if (!answer->used.load(std::memory_order_relaxed)) answer->used.store(true, std::memory_order_relaxed);
  hits_.fetch_add(1, std::memory_order_relaxed);
  return answer;
}

void PublishedAnswers::publish(const std::string& key, const msg::CacheEntry& entry, const void* publisher) {
  if (!entry.bytes || entry.absent || entry.stale) return withdraw(key, publisher);
  auto answer = std::make_shared<Answer>();
  answer->bytes = entry.bytes;
  answer->spliceable = entry.spliceable;
  answer->expires = entry.expires;
  answer->publisher = publisher;
  auto& part = part_of(key);
  std::lock_guard lock(part.writer);
  auto next = std::make_shared<Table>(*part.table.load(std::memory_order_acquire));
  (*next)[key] = std::move(answer);
  part.table.store(std::move(next), std::memory_order_release);
}

void PublishedAnswers::withdraw(const std::string& key, const void* publisher) {
  auto& part = part_of(key);
  std::lock_guard lock(part.writer);
  auto current = part.table.load(std::memory_order_acquire);
  auto it = current->find(key);
  if (it == current->end() || it->second->publisher != publisher) return;
  auto next = std::make_shared<Table>(*current);
  next->erase(key);
  part.table.store(std::move(next), std::memory_order_release);
}

bool PublishedAnswers::take_used(const std::string& key, const void* publisher) {
  auto table = part_of(key).table.load(std::memory_order_acquire);
  auto it = table->find(key);
  if (it == table->end() || it->second->publisher != publisher) return false;
  return it->second->used.exchange(false, std::memory_order_relaxed);
}

std::size_t PublishedAnswers::size() const {
  std::size_t n = 0;
  for (auto& part : parts_) n += part.table.load(std::memory_order_acquire)->size();
  return n;
}

}  // namespace varlet::actors
