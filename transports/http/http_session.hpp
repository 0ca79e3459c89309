#pragma once
// The MCP sessions of the HTTP transport: protocol state plus resumable streams, with a TTL, a cap
// for the whole table and one per client address; at a cap the least recently used idle session
// makes room.
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
  HttpSession(std::string id, std::string client_name, StreamLog::Limits replay)
      : protocol(std::make_shared<mcp::Session>(std::move(id), "http", client_name)),
        streams(replay),
        client(std::move(client_name)) {}

  std::shared_ptr<mcp::Session> protocol;
  StreamLog streams;
  const std::string client;                // who created it: the API key's name, or the address
  std::atomic<std::int64_t> last_used{0};  // steady clock ticks

  void touch() { last_used.store(std::chrono::steady_clock::now().time_since_epoch().count()); }
  // The session is over (deleted, expired, evicted or the server stops): its streams end and what
  // waits for the client's responses is dropped.
  void end() {
    streams.close_all();
    protocol->close();
  }
  // Idle: no request in flight and no stream attached; only idle sessions are evicted.
  bool idle() const { return protocol->requests_in_flight() == 0 && !streams.attached(); }
};

class SessionTable {
public:
  struct Limits {
    std::size_t max_sessions = 10000;
    std::size_t max_per_client = 100;
    StreamLog::Limits replay;
  };
  enum class Refusal { none, client_full, table_full };
  struct Created {
    std::shared_ptr<HttpSession> session;        // set unless refused
    Refusal refusal = Refusal::none;
    std::shared_ptr<HttpSession> evicted;        // the idle session that made room, if one did
  };

  explicit SessionTable(Limits limits) : limits_(limits) {}

  // A new session with a fresh random id for `client`. At the client's cap its least recently used
  // idle session makes room, at the table's cap the least recently used idle one of anybody's;
  // when none is idle, the creation is refused.
  Created create(const std::string& client);
  std::shared_ptr<HttpSession> find(std::string_view id);
  std::shared_ptr<HttpSession> remove(const std::string& id);
  // Ends sessions unused for longer than `ttl`; returns them.
  std::vector<std::shared_ptr<HttpSession>> expire(std::chrono::steady_clock::duration ttl);
  std::vector<std::shared_ptr<HttpSession>> all();
  std::size_t size() const;

private:
  using Map = std::map<std::string, std::shared_ptr<HttpSession>, std::less<>>;
  // The least recently used idle session, of `client` when it is not empty.
  Map::iterator oldest_idle(const std::string& client);
  void erase(Map::iterator it);

  Limits limits_;
  mutable std::mutex mutex_;
  Map sessions_;
  std::map<std::string, std::size_t, std::less<>> per_client_;
};

// 128 random bits from OpenSSL's CSPRNG (seeded by the system), as 32 lowercase hex digits:
// nobody can predict another client's session id from the ids it has seen.
std::string random_session_id();

}  // namespace varlet::transports
