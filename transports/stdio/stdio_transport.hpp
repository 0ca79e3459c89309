#pragma once
// MCP over stdio: one JSON-RPC message per line on stdin and stdout, nothing else on stdout.
#include "messages/directory.hpp"
#include "transports/in_flight.hpp"

#include <atomic>
#include <chrono>
#include <memory>

namespace varlet::transports {

class StdoutWriter;

class StdioTransport {
public:
  // At most `max_in_flight` messages are handed to dispatchers and not yet answered; past that,
  // input is not read until some are (the client's writes then wait on the full pipe).
  // `inline_server` (may be null) serves what it can on the reading thread.
  StdioTransport(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory,
                 std::size_t max_line_bytes, std::size_t max_in_flight,
                 std::shared_ptr<msg::InlineServer> inline_server = nullptr, int in_fd = 0, int out_fd = 1);
  ~StdioTransport();

  // Reads requests until end of input or stop(); returns whether input ended (EOF).
  bool run();
  void stop() { stopping_.store(true); }
  // Waits until every request handed out was answered or the deadline passed; true when drained.
  bool drain(std::chrono::steady_clock::time_point deadline);
  // The actor that forwards server notifications (resources updated, list changed) to the client.
  msg::transport_actor notifier() const { return notifier_; }

private:
  class LineExchange;
  void submit(std::string_view line);

  caf::actor_system& system_;
  msg::DirectoryView directory_;
  std::shared_ptr<msg::InlineServer> inline_server_;
  std::size_t max_line_bytes_;
  std::size_t max_in_flight_;
  int in_fd_;
  std::shared_ptr<StdoutWriter> writer_;
  std::shared_ptr<mcp::Session> session_;
  msg::transport_actor notifier_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> turn_{0};  // unused: the one session always has the same dispatcher
  InFlight in_flight_;
};

}  // namespace varlet::transports
