#include "transports/http/sse_stream.hpp"

#include <charconv>

namespace varlet::transports {
namespace {

std::string event_id(std::uint64_t stream, std::uint64_t seq) {
  return std::to_string(stream) + "-" + std::to_string(seq);
}

bool parse_event_id(std::string_view id, std::uint64_t& stream, std::uint64_t& seq) {
  auto dash = id.find('-');
  if (dash == std::string_view::npos) return false;
  auto a = std::from_chars(id.data(), id.data() + dash, stream);
  auto b = std::from_chars(id.data() + dash + 1, id.data() + id.size(), seq);
  return a.ec == std::errc{} && a.ptr == id.data() + dash && b.ec == std::errc{} && b.ptr == id.data() + id.size();
}

constexpr std::size_t max_streams = 64;  // per session, finished ones are forgotten first

}  // namespace

std::string sse_event(std::string_view id, std::string_view data) {
  std::string out = "event: message\nid: ";
  out += id;
  out += '\n';
  std::size_t start = 0;
  while (true) {
    auto nl = data.find('\n', start);
    out += "data: ";
    out += data.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += '\n';
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  out += '\n';
  return out;
}

std::string sse_priming(std::string_view id, std::uint32_t retry_ms) {
  return "id: " + std::string(id) + "\nretry: " + std::to_string(retry_ms) + "\ndata: \n\n";
}

std::uint64_t StreamLog::open(std::shared_ptr<HttpConnection> connection) {
  std::lock_guard lock(mutex_);
  auto id = next_stream_++;
  streams_[id].live = std::move(connection);
  trim();
  return id;
}

bool StreamLog::attach_standalone(std::shared_ptr<HttpConnection> connection) {
  std::lock_guard lock(mutex_);
  auto& s = streams_[0];
  if (s.live) return false;
  s.live = std::move(connection);
  return true;
}

std::string StreamLog::priming_id(std::uint64_t stream) { return event_id(stream, 0); }

std::string StreamLog::append(std::uint64_t stream, std::string_view data) {
  std::lock_guard lock(mutex_);
  auto& s = streams_[stream];
  auto seq = s.next_seq++;
  auto id = event_id(stream, seq);
  auto frame = sse_event(id, data);
  if (s.live) s.live->stream_write(frame);
  bytes_ += frame.size();
  s.events.push_back({seq, std::move(frame), next_order_++});
  if (s.events.size() > limits_.events_per_stream) {
    bytes_ -= s.events.front().frame.size();
    s.events.pop_front();
  }
  while (bytes_ > limits_.bytes) drop_oldest_event();
  return id;
}

void StreamLog::finish(std::uint64_t stream) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  it->second.finished = true;
  if (auto live = std::move(it->second.live)) live->end_stream();
}

void StreamLog::detach(std::uint64_t stream, const HttpConnection* connection) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(stream);
  if (it != streams_.end() && it->second.live.get() == connection) it->second.live.reset();
}

StreamLog::Resume StreamLog::resume(std::string_view last_event_id, const std::shared_ptr<HttpConnection>& connection,
                                    const std::function<void(std::uint64_t)>& open) {
  std::uint64_t stream = 0, seq = 0;
  if (!parse_event_id(last_event_id, stream, seq)) return Resume::unknown;
  std::lock_guard lock(mutex_);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return Resume::unknown;
  auto& s = it->second;
  if (s.live) return Resume::busy;
  open(stream);
  for (auto& e : s.events)
    if (e.seq > seq) connection->stream_write(e.frame);
  if (s.finished) connection->end_stream();
  else s.live = connection;
  return Resume::resumed;
}

void StreamLog::close_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, s] : streams_) {
    s.finished = true;
    if (auto live = std::move(s.live)) live->end_stream();
  }
}

bool StreamLog::attached() const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, s] : streams_)
    if (s.live) return true;
  return false;
}

std::size_t StreamLog::kept_bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

void StreamLog::trim() {
  for (auto it = streams_.begin(); streams_.size() > max_streams && it != streams_.end();) {
    if (it->first != 0 && it->second.finished && !it->second.live) {
      for (const auto& e : it->second.events) bytes_ -= e.frame.size();
      it = streams_.erase(it);
    } else {
      ++it;
    }
  }
}

// The session's oldest event goes: a client resuming a stream that lost its head gets what is
// left (the replay cannot promise more than the session may hold).
void StreamLog::drop_oldest_event() {
  Stream* oldest = nullptr;
  for (auto& [id, s] : streams_)
    if (!s.events.empty() && (!oldest || s.events.front().order < oldest->events.front().order)) oldest = &s;
  if (!oldest) {
    bytes_ = 0;
    return;
  }
  bytes_ -= oldest->events.front().frame.size();
  oldest->events.pop_front();
}

}  // namespace varlet::transports
