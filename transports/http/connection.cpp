#include "transports/http/connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>

namespace varlet::transports {
namespace {

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string chunk(std::string_view data) {
  char size[20];
  int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  std::string out;
  out.reserve(data.size() + static_cast<std::size_t>(n) + 2);
  out.append(size, static_cast<std::size_t>(n));
  out.append(data);
  out.append("\r\n");
  return out;
}

}  // namespace

HttpConnection::HttpConnection(tcp::socket socket, std::shared_ptr<ConnectionContext> context)
    : stream_(std::move(socket)),
      context_(std::move(context)),
      write_timer_(stream_.get_executor()),
      keepalive_timer_(stream_.get_executor()),
      idle_timer_(stream_.get_executor()) {
  beast::error_code ec;
  remote_ = stream_.socket().remote_endpoint(ec).address();
  // Beast reads into what the buffer has room for, at least 512 bytes: a request a little larger
  // (a 2026-07-28 call with its _meta is ~600 bytes with headers) took two reads, two syscalls.
  buffer_.reserve(initial_read_bytes);
  ++context_->open;
}

HttpConnection::~HttpConnection() { --context_->open; }

void HttpConnection::start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
}

void HttpConnection::read_request() {
  if (closed_) return;
  accepted_ = {};  // an answer refused before the request is read goes uncompressed
  parser_.emplace();
  parser_->header_limit(max_header_bytes);
  parser_->body_limit(context_->max_body_bytes);
  stream_.expires_after(served_one_ ? context_->idle_timeout : context_->header_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpConnection::on_header(beast::error_code ec) {
  // The parser already refuses a declared Content-Length over the limit while reading the header.
  if (ec == http::error::body_limit)
    return reject(413, "Request body exceeds " + std::to_string(context_->max_body_bytes) + " bytes");
  if (ec == http::error::header_limit)
    return reject(431, "Request headers exceed " + std::to_string(max_header_bytes) + " bytes");
  if (ec) return close();
  auto length = parser_->content_length();
  if (length && *length > context_->max_body_bytes)
    return reject(413, "Request body exceeds " + std::to_string(context_->max_body_bytes) + " bytes");
  stream_.expires_after(context_->header_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void HttpConnection::on_body(beast::error_code ec) {
  if (ec == http::error::body_limit)
    return reject(413, "Request body exceeds " + std::to_string(context_->max_body_bytes) + " bytes");
  if (ec) return close();
  stream_.expires_never();
  served_one_ = true;
  auto request = parser_->release();
  keep_alive_ = request.keep_alive();
  std::optional<std::string> accept_encoding;  // field lines named alike are one list (RFC 9110 5.3)
  for (auto [line, end] = request.equal_range(http::field::accept_encoding); line != end; ++line)
    accept_encoding = accept_encoding ? *accept_encoding + "," + std::string(line->value()) : std::string(line->value());
  accepted_ = parse_accept_encoding(accept_encoding);
  context_->serve(shared_from_this(), std::move(request));
}

void HttpConnection::reject(int status, std::string body) {
  keep_alive_ = false;
  lingering_ = true;  // the rest of the body is still on its way
  Response r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  respond(std::move(r));
}

void HttpConnection::respond(Response response) {
  net::dispatch(stream_.get_executor(), [self = shared_from_this(), r = std::move(response)]() mutable {
    if (self->closed_ || self->streaming_) return;
    encode_body(r, self->accepted_, self->context_->compress_min_bytes);
    std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
    if (!r.content_type.empty()) head += "Content-Type: " + r.content_type + "\r\n";
    for (auto& [name, value] : r.headers) head += name + ": " + value + "\r\n";
    head += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    if (!self->keep_alive_) head += "Connection: close\r\n";
    head += "\r\n";
    head += r.body;
    self->then_ = self->keep_alive_ ? Then::read : Then::close;
    self->queue(std::move(head));
  });
}

void HttpConnection::open_stream(Headers headers, std::function<void()> on_close, bool compressible) {
  net::dispatch(stream_.get_executor(), [self = shared_from_this(), headers = std::move(headers),
                                         on_close = std::move(on_close), compressible]() mutable {
    if (self->closed_) {
      if (on_close) net::post(self->stream_.get_executor(), std::move(on_close));
      return;
    }
    self->streaming_ = true;
    self->on_stream_close_ = std::move(on_close);
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache, no-transform\r\n"
        "Connection: keep-alive\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n";
    if (compressible && self->context_->compress_min_bytes > 0) {
      head += "Vary: Accept-Encoding\r\n";
      if (stream_in_gzip(self->accepted_)) {
        auto gzip = std::make_unique<compression::GzipStream>();
        if (gzip->ok()) {
          self->gzip_ = std::move(gzip);
          head += "Content-Encoding: gzip\r\n";
        }
      }
    }
    for (auto& [name, value] : headers) head += name + ": " + value + "\r\n";
    head += "\r\n";
    self->queue(std::move(head));
    self->watch_stream();
    self->schedule_keepalive();
  });
}

void HttpConnection::stream_write(std::string data) {
  net::dispatch(stream_.get_executor(), [self = shared_from_this(), data = std::move(data)] {
    if (self->closed_ || !self->streaming_) return;
    self->queue_event(data);
  });
}

// A gzip-encoded stream flushes every event, so none waits in the compressor.
void HttpConnection::queue_event(std::string_view data) {
  if (!gzip_) return queue(chunk(data));
  auto packed = gzip_->write(data);
  if (!packed) return close();
  queue(chunk(*packed));
}

void HttpConnection::end_stream() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->closed_ || !self->streaming_) return;
    if (self->gzip_) {
      auto end = self->gzip_->finish();
      if (!end) return self->close();
      self->queue(chunk(*end));
    }
    self->queue("0\r\n\r\n");
    self->finish_stream();
    self->then_ = self->keep_alive_ ? Then::read : Then::close;
    if (self->probing_ && self->then_ == Then::read) self->watch_idle();
    if (!self->writing_) self->after_writes();
  });
}

// Once a stream has ended, the read that watched it is what waits for the next request, and it
// has no deadline of its own: close the connection if no request comes within the idle timeout,
// as after any other response.
void HttpConnection::watch_idle() {
  auto generation = ++idle_generation_;
  idle_timer_.expires_after(context_->idle_timeout);
  idle_timer_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    if (ec || generation != self->idle_generation_ || !self->probing_ || self->streaming_) return;
    self->close();
  });
}

// While a stream is open the client normally sends nothing, so a read that fails means it went
// away. Bytes that do arrive belong to the next request and stay in the parser's buffer. A client
// that already pipelined its next request (it is in the buffer) is not watched: a probe would wait
// for bytes that never come and strand that request until the idle timeout; a client that goes
// away is then noticed by the failing writes.
void HttpConnection::watch_stream() {
  if (buffer_.size() > 0) return;
  probing_ = true;
  stream_.expires_never();
  stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
    self->probing_ = false;
    ++self->idle_generation_;
    self->idle_timer_.cancel();
    if (ec) return self->close();
    self->buffer_.commit(n);
    if (!self->streaming_ && self->then_ == Then::read && !self->writing_) self->after_writes();
  });
}

void HttpConnection::schedule_keepalive() {
  keepalive_timer_.expires_after(context_->keepalive);
  keepalive_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || !self->streaming_ || self->closed_) return;
    if (std::chrono::steady_clock::now() - self->last_write_ >= self->context_->keepalive)
      self->queue_event(": keepalive\n\n");
    self->schedule_keepalive();
  });
}

// The close callback always runs later, never inside the caller: callers may hold locks the
// callback takes.
void HttpConnection::finish_stream() {
  streaming_ = false;
  gzip_.reset();
  keepalive_timer_.cancel();
  if (auto cb = std::exchange(on_stream_close_, nullptr)) net::post(stream_.get_executor(), std::move(cb));
}

// A client that stops reading (a stalled SSE stream, pipelined requests whose answers it never
// takes) must not make the server hold its bytes without bound: past max_write_bytes waiting
// behind the write in progress, the connection is closed.
void HttpConnection::queue(std::string bytes) {
  if (closed_) return;
  if (!writes_.empty() && queued_bytes_ + bytes.size() > context_->max_write_bytes) return close();
  queued_bytes_ += bytes.size();
  writes_.push_back(std::move(bytes));
  last_write_ = std::chrono::steady_clock::now();
  if (!writing_) write_next();
}

void HttpConnection::write_next() {
  if (writes_.empty()) {
    writing_ = false;
    ++write_generation_;
    write_timer_.cancel();
    after_writes();
    return;
  }
  writing_ = true;
  watch_write();
  net::async_write(stream_, net::buffer(writes_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->queued_bytes_ -= self->writes_.front().size();
    self->writes_.pop_front();
    if (ec) return self->close();
    self->write_next();
  });
}

// Each write gets write_timeout to complete; one the client does not take closes the connection.
void HttpConnection::watch_write() {
  auto generation = ++write_generation_;
  write_timer_.expires_after(context_->write_timeout);
  write_timer_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    if (ec || generation != self->write_generation_ || !self->writing_) return;
    self->close();
  });
}

void HttpConnection::after_writes() {
  if (streaming_ || (probing_ && then_ == Then::read)) return;  // the probe's completion reads on
  auto then = std::exchange(then_, Then::nothing);
  if (then == Then::read) read_request();
  else if (then == Then::close) lingering_ ? linger() : close();
}

// Closing a socket while the client still sends makes the kernel reset the connection, and the
// client then reports a broken pipe instead of the answer it was sent. So after answering a
// request whose body was not read, stop sending, read and drop what still arrives until the
// client closes (it has the answer by then) or a few seconds pass, and only then close.
void HttpConnection::linger() {
  lingering_ = false;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return close();
  stream_.expires_after(std::chrono::seconds(5));
  discard_rest();
}

void HttpConnection::discard_rest() {
  if (closed_) return;
  buffer_.consume(buffer_.size());
  stream_.async_read_some(buffer_.prepare(64 * 1024), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) return self->close();
    self->discard_rest();
  });
}

void HttpConnection::close() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->closed_) return;
    self->closed_ = true;
    if (self->streaming_) self->finish_stream();
    self->idle_timer_.cancel();
    self->write_timer_.cancel();
    beast::error_code ec;
    self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    self->stream_.close();
  });
}

}  // namespace varlet::transports
