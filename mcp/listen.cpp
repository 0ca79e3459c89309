#include "mcp/listen.hpp"

#include "mcp/jsonrpc.hpp"
#include "mcp/session.hpp"

#include <algorithm>

namespace varlet::mcp {
namespace {

constexpr std::string_view subscription_id_key = "io.modelcontextprotocol/subscriptionId";

}  // namespace

json::object ListenFilter::to_json() const {
  json::object out;
  if (resources_list_changed) out["resourcesListChanged"] = true;
  if (!resources.empty()) {
    json::array uris;
    for (const auto& uri : resources) uris.emplace_back(uri);
    out["resourceSubscriptions"] = std::move(uris);
  }
  return out;
}

void Listener::send(const std::string& method, json::object params) const {
  params["_meta"] = json::object{{subscription_id_key, id_}};
  send_(encode_notification(method, params));
}

void Listener::acknowledge() {
  send("notifications/subscriptions/acknowledged", json::object{{"notifications", filter_.to_json()}});
  acknowledged_ = true;
}

void Listener::deliver(const std::string& method, const std::string& uri_pattern) const {
  if (!acknowledged_) return;  // a change before the subscription was in place
  if (method == "notifications/resources/updated") {
    for (auto& uri : uris_matching(filter_.resources, uri_pattern)) send(method, json::object{{"uri", uri}});
    return;
  }
  if (method == "notifications/resources/list_changed" && filter_.resources_list_changed) send(method, json::object{});
}

void Listener::end() const { end_(json::object{{"_meta", json::object{{subscription_id_key, id_}}}}); }

bool Listeners::add(std::shared_ptr<Listener> listener) {
  std::lock_guard lock(mutex_);
  if (closed_ || open_.size() >= capacity_) return false;
  open_.push_back(std::move(listener));
  return true;
}

// Removed listens are ended outside the lock (their request is answered; a client that went away
// or cancelled gets nothing).
void Listeners::remove(const Listener* listener) {
  std::shared_ptr<Listener> gone;
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(open_.begin(), open_.end(), [&](const auto& l) { return l.get() == listener; });
    if (it == open_.end()) return;
    gone = std::move(*it);
    open_.erase(it);
  }
  gone->end();
}

void Listeners::remove_request(const json::value& id) {
  std::vector<std::shared_ptr<Listener>> gone;
  {
    std::lock_guard lock(mutex_);
    auto split = std::stable_partition(open_.begin(), open_.end(),
                                       [&](const auto& l) { return l->subscription_id() != id; });
    gone.assign(std::make_move_iterator(split), std::make_move_iterator(open_.end()));
    open_.erase(split, open_.end());
  }
  for (const auto& listener : gone) listener->end();
}

std::vector<std::shared_ptr<Listener>> Listeners::snapshot() const {
  std::lock_guard lock(mutex_);
  return open_;
}

void Listeners::deliver(const std::string& method, const std::string& uri_pattern) const {
  for (const auto& listener : snapshot()) listener->deliver(method, uri_pattern);
}

void Listeners::end_all() {
  std::vector<std::shared_ptr<Listener>> ending;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ending.swap(open_);
  }
  for (const auto& listener : ending) listener->end();
}

std::size_t Listeners::size() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

}  // namespace varlet::mcp
