#pragma once
// One HTTP/1.1 connection: reads requests with Beast, writes responses and SSE streams. Every
// public method may be called from any thread; the work runs on the connection's strand.
#include "mcp/compression/codings.hpp"
#include "mcp/compression/spliceable.hpp"
#include "transports/http/content_coding.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace varlet::transports {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

using Request = http::request<http::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
  int status = 200;
  std::string content_type;  // empty: no body headers beyond Content-Length
  std::string body;
  Headers headers;
  compression::Reuse reuse;  // stretches of the body whose gzip form is kept (content_coding.hpp)
};

class HttpConnection;

// What the connections of one listener share: limits and the function that serves a request.
struct ConnectionContext {
  std::size_t max_body_bytes = 4 << 20;
  std::chrono::milliseconds header_timeout{10000};  // reading the headers, then again the body
  std::chrono::milliseconds idle_timeout{120000};
  std::chrono::milliseconds write_timeout{30000};   // a write the client does not take closes it
  std::size_t max_write_bytes = 8 << 20;            // queued beyond the write in progress: closes it
  std::chrono::milliseconds keepalive{15000};
  std::size_t compress_min_bytes = 1024;  // smaller answers go uncompressed; 0: none is compressed
  std::size_t max_connections = 1024;
  std::function<void(const std::shared_ptr<HttpConnection>&, Request&&)> serve;
  std::atomic<std::int64_t> open{0};  // connections open now
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
  HttpConnection(tcp::socket socket, std::shared_ptr<ConnectionContext> context);
  ~HttpConnection();

  void start();
  // A complete response; then the next request is read (or the connection closes).
  void respond(Response response);
  // Starts a 200 text/event-stream response; `on_close` runs once when the stream ends or the
  // client goes away. A `compressible` stream is gzip-encoded when the request accepts it.
  void open_stream(Headers headers, std::function<void()> on_close, bool compressible = false);
  void stream_write(std::string data);
  // Ends the stream; the connection then reads its next request.
  void end_stream();
  void close();
  auto executor() { return stream_.get_executor(); }
  const net::ip::address& remote_address() const { return remote_; }

private:
  void read_request();
  void on_header(beast::error_code ec);
  void on_body(beast::error_code ec);
  void queue(std::string bytes);
  void queue_event(std::string_view data);
  void write_next();
  void watch_write();
  void after_writes();
  void watch_stream();
  void schedule_keepalive();
  void watch_idle();
  void finish_stream();
  void reject(int status, std::string body);
  void linger();
  void discard_rest();

  beast::tcp_stream stream_;
  net::ip::address remote_;
  std::shared_ptr<ConnectionContext> context_;
  static constexpr std::size_t max_header_bytes = 16 * 1024;  // the request line and headers
  static constexpr std::size_t initial_read_bytes = 4096;  // per connection: a typical request in one read
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
  bool served_one_ = false;
  bool closed_ = false;
  bool lingering_ = false;  // answered before the request body was read: drain it before closing
  AcceptEncoding accepted_;  // the request's Accept-Encoding
  // writes
  std::deque<std::string> writes_;
  std::size_t queued_bytes_ = 0;  // in writes_
  bool writing_ = false;
  net::steady_timer write_timer_;
  std::uint64_t write_generation_ = 0;
  enum class Then { nothing, read, close } then_ = Then::nothing;
  // streaming
  bool streaming_ = false;
  std::function<void()> on_stream_close_;
  std::unique_ptr<compression::GzipStream> gzip_;  // a gzip-encoded stream's compressor
  net::steady_timer keepalive_timer_;
  std::chrono::steady_clock::time_point last_write_;
  bool probing_ = false;  // a read watches an open stream for the client going away
  net::steady_timer idle_timer_;  // closes a kept-alive connection idle after a stream ended
  std::uint64_t idle_generation_ = 0;
};

}  // namespace varlet::transports
