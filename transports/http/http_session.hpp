#pragma once
// The MCP sessions of the HTTP transport: protocol state plus resumable streams, with a TTL.
#include "mcp/session.hpp"
#include "transports/http/sse_stream.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace varlet::transports {

struct HttpSession {
  HttpSession(std::string id, std::size_t keep_events)
      : protocol(std::make_shared<mcp::Session>(std::move(id), "http")), streams(keep_events) {}

  std::shared_ptr<mcp::Session> protocol;
  StreamLog streams;
  std::atomic<std::int64_t> last_used{0};  // steady clock ticks

  void touch() { last_used.store(std::chrono::steady_clock::now().time_since_epoch().count()); }
};

class SessionTable {
public:
  SessionTable(std::size_t max_sessions, std::size_t keep_events) : max_(max_sessions), keep_events_(keep_events) {}

  // A new session with a fresh random id; nullptr when the table is full.
  std::shared_ptr<HttpSession> create();
  std::shared_ptr<HttpSession> find(const std::string& id);
  std::shared_ptr<HttpSession> remove(const std::string& id);
  // Ends sessions unused for longer than `ttl`; returns them.
  std::vector<std::shared_ptr<HttpSession>> expire(std::chrono::steady_clock::duration ttl);
  std::vector<std::shared_ptr<HttpSession>> all();
  std::size_t size() const;

private:
  std::size_t max_;
  std::size_t keep_events_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HttpSession>, std::less<>> sessions_;
};

std::string random_session_id();

}  // namespace varlet::transports
