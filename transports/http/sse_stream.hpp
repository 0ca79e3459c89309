#pragma once
// Resumable SSE streams of one session: every event gets an id "<stream>-<seq>" and is kept (a
// bounded number per stream, a bounded number of bytes for the whole session) so a client that
// reconnects with Last-Event-ID gets what it missed.
#include "transports/http/connection.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace varlet::transports {

// "event: message\nid: 3-7\ndata: ...\n\n" (data lines split on newlines).
std::string sse_event(std::string_view id, std::string_view data);
// The priming event: an id and empty data, with a retry hint.
std::string sse_priming(std::string_view id, std::uint32_t retry_ms);

class StreamLog {
public:
  struct Limits {
    std::size_t events_per_stream = 256;
    std::size_t bytes = 1 << 20;  // of kept events, over every stream; the oldest go first
  };
  explicit StreamLog(Limits limits) : limits_(limits) {}

  // A new stream; its events are written to `connection` while it is attached.
  std::uint64_t open(std::shared_ptr<HttpConnection> connection);
  // The standalone stream (GET) has the fixed id 0; false when it is already attached.
  bool attach_standalone(std::shared_ptr<HttpConnection> connection);
  // Appends an event, writes it to the live connection if any; returns its id.
  std::string append(std::uint64_t stream, std::string_view data);
  // Ends the stream: no more events; the live connection (if any) is ended too.
  void finish(std::uint64_t stream);
  // Lets go of the stream's connection (it was closed or released); events are still kept.
  void detach(std::uint64_t stream, const HttpConnection* connection);

  enum class Resume { resumed, unknown, busy };
  // Reattaches `connection` to the stream named in `last_event_id`: calls `open` (which starts the
  // connection's stream), replays the events after that id, and ends a finished stream.
  Resume resume(std::string_view last_event_id, const std::shared_ptr<HttpConnection>& connection,
                const std::function<void(std::uint64_t stream)>& open);
  std::string priming_id(std::uint64_t stream);
  // Ends every live stream (the session is over).
  void close_all();
  // Whether a connection is attached to any stream.
  bool attached() const;
  std::size_t kept_bytes() const;

private:
  struct Event {
    std::uint64_t seq;
    std::string frame;
    std::uint64_t order;  // over every stream of the session: which event is oldest
  };
  struct Stream {
    std::deque<Event> events;
    std::uint64_t next_seq = 1;
    bool finished = false;
    std::shared_ptr<HttpConnection> live;
  };
  void trim();
  void drop_oldest_event();

  Limits limits_;
  std::size_t bytes_ = 0;  // of every kept event's frame
  std::uint64_t next_order_ = 0;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, Stream> streams_;
  std::uint64_t next_stream_ = 1;
};

}  // namespace varlet::transports
