#include "transports/http/http_session.hpp"

#include "mcp/base64.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace varlet::transports {

std::string random_session_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes: cannot make a session id");
  return mcp::lowercase_hex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

SessionTable::Map::iterator SessionTable::oldest_idle(const std::string& client) {
  auto oldest = sessions_.end();
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if ((!client.empty() && it->second->client != client) || !it->second->idle()) continue;
    if (oldest == sessions_.end() || it->second->last_used.load() < oldest->second->last_used.load()) oldest = it;
  }
  return oldest;
}

void SessionTable::erase(Map::iterator it) {
  if (auto count = per_client_.find(it->second->client); count != per_client_.end() && --count->second == 0)
    per_client_.erase(count);
  sessions_.erase(it);
}

SessionTable::Created SessionTable::create(const std::string& client) {
  std::lock_guard lock(mutex_);
  Created out;
  auto own = per_client_.find(client);
  bool client_full = own != per_client_.end() && own->second >= limits_.max_per_client;
  if (client_full || sessions_.size() >= limits_.max_sessions) {
    auto victim = oldest_idle(client_full ? client : std::string());
    if (victim == sessions_.end()) {
      out.refusal = client_full ? Refusal::client_full : Refusal::table_full;
      return out;
    }
    out.evicted = victim->second;
    erase(victim);
  }
  auto session = std::make_shared<HttpSession>(random_session_id(), client, limits_.replay);
  session->touch();
  sessions_[session->protocol->id()] = session;
  ++per_client_[client];
  out.session = std::move(session);
  return out;
}

std::shared_ptr<HttpSession> SessionTable::find(std::string_view id) {
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
  auto session = it->second;
  erase(it);
  return session;
}

std::vector<std::shared_ptr<HttpSession>> SessionTable::expire(std::chrono::steady_clock::duration ttl) {
  auto cutoff = (std::chrono::steady_clock::now() - ttl).time_since_epoch().count();
  std::vector<std::shared_ptr<HttpSession>> gone;
  std::lock_guard lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    auto next = std::next(it);
    if (it->second->last_used.load() < cutoff) {
      gone.push_back(it->second);
      erase(it);
    }
    it = next;
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
