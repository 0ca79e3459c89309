#include "transports/stdio/stdio_transport.hpp"

#include "mcp/jsonrpc.hpp"
#include "mcp/listen.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <string>

namespace varlet::transports {

// Writes whole lines to stdout; one writer at a time so lines never interleave.
class StdoutWriter final : public mcp::Outbox {
public:
  explicit StdoutWriter(int fd) : fd_(fd) {}

  void send(std::string message) override {
    message.push_back('\n');
    std::lock_guard lock(mutex_);
    const char* p = message.data();
    std::size_t left = message.size();
    while (left > 0) {
      auto n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // the client went away; nothing more can be said
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }

private:
  int fd_;
  std::mutex mutex_;
};

class StdioTransport::LineExchange final : public mcp::Exchange {
public:
  LineExchange(StdioTransport& owner, std::shared_ptr<StdoutWriter> writer)
      : owner_(owner), writer_(std::move(writer)) {}
  // Nothing after the answer (a listen's notification racing its end).
  void send(std::string message) override {
    if (!finished_.load()) writer_->send(std::move(message));
  }
  void finish(std::string body) override {
    if (finished_.exchange(true)) return;
    if (!body.empty()) writer_->send(std::move(body));
    owner_.in_flight_.finished();
  }

private:
  StdioTransport& owner_;
  std::shared_ptr<StdoutWriter> writer_;
  std::atomic<bool> finished_{false};
};

namespace {

msg::transport_actor::behavior_type notifier_actor(msg::transport_actor::pointer,
                                                   std::shared_ptr<mcp::Session> session) {
  return {[session](msg::notify_atom, const std::string& method, const std::string& uri) {
    mcp::deliver_notification(*session, method, uri);
    session->listeners()->deliver(method, uri);
  }};
}

}  // namespace

StdioTransport::StdioTransport(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory,
                               std::size_t max_line_bytes, std::size_t max_in_flight,
                               std::shared_ptr<msg::InlineServer> inline_server, int in_fd, int out_fd)
    : system_(system),
      directory_(std::move(directory)),
      inline_server_(std::move(inline_server)),
      max_line_bytes_(max_line_bytes),
      max_in_flight_(std::max<std::size_t>(1, max_in_flight)),
      in_fd_(in_fd),
      writer_(std::make_shared<StdoutWriter>(out_fd)),
      session_(std::make_shared<mcp::Session>("stdio", "stdio")) {
  session_->set_outbox(writer_);
  // The reader always has room for the cancel that ends a listen.
  session_->set_listeners(mcp::Listeners::within(max_in_flight_));
  notifier_ = system_.spawn(notifier_actor, session_);
}

StdioTransport::~StdioTransport() {
  session_->close();
  caf::anon_send_exit(notifier_, caf::exit_reason::user_shutdown);
}

bool StdioTransport::run() {
  std::string line;
  bool discarding = false;  // inside a line that is over the limit
  char buffer[65536];
  while (!stopping_.load()) {
    auto n = ::read(in_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::string_view chunk(buffer, static_cast<std::size_t>(n));
    while (!chunk.empty() && !stopping_.load()) {
      auto nl = chunk.find('\n');
      auto part = chunk.substr(0, nl);
      if (!discarding) {
        if (line.size() + part.size() > max_line_bytes_) {
          discarding = true;
          line.clear();
          writer_->send(mcp::encode_error(
              nullptr, mcp::RpcError::invalid_request("Invalid Request: the message exceeds the " +
                                                      std::to_string(max_line_bytes_) + "-byte line limit")));
        } else {
          line.append(part);
        }
      }
      if (nl == std::string_view::npos) break;
      chunk.remove_prefix(nl + 1);
      if (!discarding) submit(line);
      discarding = false;
      line.clear();
    }
  }
  if (!line.empty() && !discarding && !stopping_.load()) submit(line);
  return !stopping_.load();
}

void StdioTransport::submit(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  while (!in_flight_.wait_below(max_in_flight_, std::chrono::steady_clock::now() + std::chrono::milliseconds(100)))
    if (stopping_.load()) return;
  const auto* dispatcher = directory_.pools().dispatcher_for(session_->id(), turn_);
  if (!dispatcher) {
    writer_->send(mcp::encode_error(nullptr, mcp::RpcError::internal("The server is not running")));
    return;
  }
  in_flight_.started();
  auto inbound = std::make_shared<msg::Inbound>();
  inbound->session = session_;
  inbound->envelope = mcp::decode_body(line);
  inbound->exchange = std::make_shared<LineExchange>(*this, writer_);
  inbound->transport = msg::Transport::stdio;
  if (inline_server_ && inline_server_->serve(inbound)) return;
  // One session, one dispatcher: messages are handled in the order the client sent them.
  caf::anon_send(*dispatcher, msg::handle_atom::value, std::move(inbound));
}

bool StdioTransport::drain(std::chrono::steady_clock::time_point deadline) {
  session_->listeners()->end_all();  // every subscriptions/listen gets its result
  return in_flight_.wait_idle(deadline);
}

}  // namespace varlet::transports
