#include "mcp/session.hpp"

namespace varlet::mcp {

bool Session::begin(std::string protocol_version, json::object client_capabilities) {
  std::lock_guard lock(mutex_);
  if (initialized_.load()) return false;
  protocol_version_ = std::move(protocol_version);
  client_capabilities_ = std::move(client_capabilities);
  initialized_.store(true, std::memory_order_release);
  return true;
}

void Session::begin_for_request(std::string protocol_version, json::object client_capabilities) {
  one_request_ = true;
  begin(std::move(protocol_version), std::move(client_capabilities));
}

std::string Session::protocol_version() const {
  std::lock_guard lock(mutex_);
  return protocol_version_;
}

bool Session::client_supports(std::string_view capability) const {
  std::lock_guard lock(mutex_);
  auto* c = client_capabilities_.if_contains(capability);
  return c && !c->is_null() && !(c->is_bool() && !c->get_bool());
}

bool Session::subscribe(std::string uri, std::size_t max) {
  std::lock_guard lock(mutex_);
  if (subscriptions_.size() >= max && !subscriptions_.count(uri)) return false;
  subscriptions_.insert(std::move(uri));
  return true;
}

void Session::unsubscribe(const std::string& uri) {
  std::lock_guard lock(mutex_);
  subscriptions_.erase(uri);
}

bool Session::subscribed(const std::string& uri) const {
  std::lock_guard lock(mutex_);
  return subscriptions_.count(uri) > 0;
}

std::vector<std::string> uris_matching(const std::set<std::string>& uris, const std::string& pattern) {
  std::vector<std::string> out;
  bool prefix = !pattern.empty() && pattern.back() == '*';
  auto stem = prefix ? pattern.substr(0, pattern.size() - 1) : pattern;
  for (const auto& uri : uris)
    if (prefix ? uri.rfind(stem, 0) == 0 : uri == pattern) out.push_back(uri);
  return out;
}

std::vector<std::string> Session::subscriptions_matching(const std::string& pattern) const {
  std::lock_guard lock(mutex_);
  return uris_matching(subscriptions_, pattern);
}

std::shared_ptr<CancelToken> Session::track_request(const json::value& id) {
  auto token = std::make_shared<CancelToken>();
  std::lock_guard lock(mutex_);
  in_flight_[key_of(id)] = token;
  return token;
}

void Session::finish_request(const json::value& id) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(key_of(id));
}

void Session::cancel_request(const json::value& id) {
  std::lock_guard lock(mutex_);
  if (auto it = in_flight_.find(key_of(id)); it != in_flight_.end()) it->second->cancelled.store(true);
}

std::size_t Session::requests_in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_.size();
}

json::value Session::next_server_request_id() { return json::value(next_request_id_.fetch_add(1)); }

void Session::expect_response(const json::value& id, ResponseHandler handler) {
  std::lock_guard lock(mutex_);
  awaiting_[key_of(id)] = std::move(handler);
}

Session::ResponseHandler Session::take_response_handler(const json::value& id) {
  std::lock_guard lock(mutex_);
  auto it = awaiting_.find(key_of(id));
  if (it == awaiting_.end()) return {};
  auto handler = std::move(it->second);
  awaiting_.erase(it);
  return handler;
}

void Session::close() {
  std::map<std::string, ResponseHandler> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(awaiting_);
  }
}

void Session::set_outbox(std::shared_ptr<Outbox> outbox) {
  std::lock_guard lock(mutex_);
  outbox_ = std::move(outbox);
}

bool Session::send_standalone(std::string message) {
  std::shared_ptr<Outbox> outbox;
  {
    std::lock_guard lock(mutex_);
    outbox = outbox_;
  }
  if (!outbox) return false;
  outbox->send(std::move(message));
  return true;
}

void Session::set_listeners(std::shared_ptr<Listeners> listeners) {
  std::lock_guard lock(mutex_);
  listeners_ = std::move(listeners);
}

std::shared_ptr<Listeners> Session::listeners() const {
  std::lock_guard lock(mutex_);
  return listeners_;
}

void deliver_notification(Session& session, const std::string& method, const std::string& uri_pattern) {
  if (!session.initialized()) return;
  if (uri_pattern.empty()) {
    session.send_standalone(encode_notification(method, nullptr));
    return;
  }
  for (auto& uri : session.subscriptions_matching(uri_pattern))
    session.send_standalone(encode_notification(method, json::object{{"uri", uri}}));
}

}  // namespace varlet::mcp
