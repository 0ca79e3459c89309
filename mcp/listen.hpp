#pragma once
// subscriptions/listen (2026-07-28): a request whose answer is a stream of the notifications the
// client asked for (list changes, updates of named resources), each tagged with the request's id
// as its subscription id, until the client closes the stream (HTTP) or cancels the request
// (stdio), or the server ends it with a result. It replaces the GET stream and resources/subscribe.
// Each open listen holds its request's in-flight slot, so a transport allows at most half its
// in-flight slots to listens (Listeners' capacity): requests always have room, and on stdio the
// reader can always take the notifications/cancelled that ends one. Over HTTP,
// http.max-in-flight-per-client bounds one client's share too.
#include "mcp/json.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace varlet::mcp {

// What a listen asked for and the server honours (the acknowledgment repeats it).
// Tool and prompt list changes are never honoured: those lists do not change while the server runs.
struct ListenFilter {
  bool resources_list_changed = false;
  std::set<std::string> resources;  // resourceSubscriptions

  json::object to_json() const;
};

class Listener {
public:
  using Send = std::function<void(std::string message)>;
  // `end` answers the listen request with the given result (or drops it when the client is gone).
  using End = std::function<void(json::object result)>;

  Listener(json::value subscription_id, ListenFilter filter, Send send, End end)
      : id_(std::move(subscription_id)), filter_(std::move(filter)), send_(std::move(send)), end_(std::move(end)) {}

  const json::value& subscription_id() const { return id_; }
  // Sends a server notification (see deliver_notification) when the filter lets it through.
  void deliver(const std::string& method, const std::string& uri_pattern) const;
  // The acknowledgment, the first message of the stream; nothing is delivered before it.
  void acknowledge();
  // The server ends the subscription: the listen request's result.
  void end() const;

private:
  void send(const std::string& method, json::object params) const;

  json::value id_;
  ListenFilter filter_;
  Send send_;
  End end_;
  std::atomic<bool> acknowledged_{false};
};

// The open listens of one transport; thread-safe.
class Listeners {
public:
  explicit Listeners(std::size_t capacity) : capacity_(capacity) {}
  // A transport's registry: listens may take at most half of its `max_in_flight` slots.
  static std::shared_ptr<Listeners> within(std::size_t max_in_flight) {
    return std::make_shared<Listeners>(std::max<std::size_t>(1, max_in_flight / 2));
  }

  // False when `capacity` listens are open, or the transport is stopping (end_all ran).
  bool add(std::shared_ptr<Listener> listener);
  void remove(const Listener* listener);
  // stdio: notifications/cancelled names the listen request.
  void remove_request(const json::value& id);
  void deliver(const std::string& method, const std::string& uri_pattern) const;
  // Shutdown: every listen gets its result, and no new one is taken.
  void end_all();
  std::size_t size() const;

private:
  std::vector<std::shared_ptr<Listener>> snapshot() const;

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Listener>> open_;
  bool closed_ = false;
};

}  // namespace varlet::mcp
