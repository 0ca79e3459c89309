#include "transports/http/http_session.hpp"

#include <random>

namespace varlet::transports {

std::string random_session_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (int part = 0; part < 2; ++part) {
    auto bits = rng();
    for (int i = 0; i < 16; ++i, bits >>= 4) id += hex[bits & 15];
  }
  return id;
}

std::shared_ptr<HttpSession> SessionTable::create() {
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= max_) return nullptr;
  auto session = std::make_shared<HttpSession>(random_session_id(), keep_events_);
  session->touch();
  sessions_[session->protocol->id()] = session;
  return session;
}

std::shared_ptr<HttpSession> SessionTable::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  it->second->touch();
  return it->second;
}

std::shared_ptr<HttpSession> SessionTable::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  auto session = std::move(it->second);
  sessions_.erase(it);
  return session;
}

std::vector<std::shared_ptr<HttpSession>> SessionTable::expire(std::chrono::steady_clock::duration ttl) {
  auto cutoff = (std::chrono::steady_clock::now() - ttl).time_since_epoch().count();
  std::vector<std::shared_ptr<HttpSession>> gone;
  std::lock_guard lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second->last_used.load() < cutoff) {
      gone.push_back(std::move(it->second));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return gone;
}

std::vector<std::shared_ptr<HttpSession>> SessionTable::all() {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<HttpSession>> out;
  for (auto& [id, s] : sessions_) out.push_back(s);
  return out;
}

std::size_t SessionTable::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace varlet::transports
