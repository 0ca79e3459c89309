#include "transports/http/exchanges.hpp"

#include "transports/http/mcp_endpoint.hpp"

#include <functional>
#include <mutex>
#include <utility>

namespace varlet::transports {
namespace {

// Runs a hook once when a response stream closes, or at once when it closed already.
class CloseWatch {
public:
  void set(std::function<void()> hook) {
    std::unique_lock lock(mutex_);
    if (!closed_) {
      hook_ = std::move(hook);
      return;
    }
    lock.unlock();
    hook();
  }
  void fire() {
    std::unique_lock lock(mutex_);
    closed_ = true;
    auto hook = std::exchange(hook_, nullptr);
    lock.unlock();
    if (hook) hook();
  }

private:
  std::mutex mutex_;
  bool closed_ = false;
  std::function<void()> hook_;
};

// The answer to one POST: JSON when the response is all there is, an SSE stream as soon as
// anything must be said before it (progress, logs, server-to-client requests).
class PostExchange final : public mcp::Exchange {
public:
  PostExchange(McpEndpoint& endpoint, std::unique_ptr<Admission::Ticket> ticket, std::shared_ptr<HttpConnection> connection,
               std::shared_ptr<HttpSession> session, Headers headers, bool priming, std::uint32_t retry_ms,
               StreamLog::Limits replay, std::string client)
      : endpoint_(endpoint),
        client_(std::move(client)),
        ticket_(std::move(ticket)),
        connection_(std::move(connection)),
        session_(std::move(session)),
        replay_(replay),
        headers_(std::move(headers)),
        priming_(priming),
        retry_ms_(retry_ms) {}

  void send(std::string message) override {
    std::lock_guard lock(mutex_);
    if (mode_ == Mode::done) return;
    open_stream();
    log().append(stream_, message);
  }

  void finish(std::string body) override { finish_with(std::move(body), 200); }
  void finish_refused(std::string body) override { finish_with(std::move(body), 400); }
  void finish_answer(std::string body, mcp::AnswerHints hints) override {
    Headers cache;
    if (const auto& caching = hints.caching) {
      cache.emplace_back("Cache-Control", std::string(caching->shared ? "public" : "private") +
                                              ", max-age=" + std::to_string(caching->max_age_seconds));
      if (!caching->etag.empty()) cache.emplace_back("ETag", caching->etag);
    }
    finish_with(std::move(body), 200, std::move(cache), std::move(hints.reuse));
  }
  void when_closed(std::function<void()> hook) override { close_watch_->set(std::move(hook)); }
  void answer_was_built() override { endpoint_.charge_built(client_); }

  void release_connection() override {
    std::lock_guard lock(mutex_);
    if (mode_ == Mode::done) return;
    open_stream();
    log().detach(stream_, connection_.get());
    connection_->end_stream();
  }

private:
  enum class Mode { pending, streaming, done };

  // `status`, the `extra` headers and `reuse` apply while nothing was streamed yet.
  void finish_with(std::string body, int status, Headers extra = {}, compression::Reuse reuse = {}) {
    {
      std::lock_guard lock(mutex_);
      if (mode_ == Mode::done) return;
      if (mode_ == Mode::pending) {
        Response r;
        r.headers = headers_;
        if (body.empty()) {
          r.status = 202;
        } else {
          r.status = status;
          for (auto& header : extra) r.headers.push_back(std::move(header));
          r.content_type = "application/json";
          r.body = std::move(body);
          r.reuse = std::move(reuse);
        }
        connection_->respond(std::move(r));
      } else {
        if (!body.empty()) log().append(stream_, body);
        log().finish(stream_);
      }
      mode_ = Mode::done;
    }
    ticket_.reset();
  }

  StreamLog& log() { return session_ ? session_->streams : *own_log_; }

  void open_stream() {
    if (mode_ != Mode::pending) return;
    mode_ = Mode::streaming;
    // Most answers are plain JSON: an exchange of its own makes its log only once it streams.
    if (!session_) own_log_ = std::make_shared<StreamLog>(replay_);
    endpoint_.stream_opened();
    stream_ = log().open(connection_);
    // The callback may run after this exchange is gone: it holds the log (the session's, or in
    // stateless mode the exchange's own) by a shared pointer.
    std::shared_ptr<StreamLog> log_held = own_log_ ? own_log_ : std::shared_ptr<StreamLog>(session_, &session_->streams);
    // A POST's stream ends with its answer, often kilobytes: gzip-encoded when the client accepts it.
    // The standalone GET stream is not: it lives long, holding a compressor all along, for small
    // notifications.
    connection_->open_stream(
        headers_,
        [this_endpoint = &endpoint_, log_held, stream = stream_, raw = connection_.get(), watch = close_watch_] {
          log_held->detach(stream, raw);
          this_endpoint->stream_closed();
          watch->fire();
        },
        true);
    if (priming_) connection_->stream_write(sse_priming(log().priming_id(stream_), retry_ms_));
  }

  McpEndpoint& endpoint_;
  std::string client_;  // whose rate limit a built answer is charged to
  std::unique_ptr<Admission::Ticket> ticket_;  // the slot this POST holds until it is answered
  std::shared_ptr<HttpConnection> connection_;
  std::shared_ptr<HttpSession> session_;
  StreamLog::Limits replay_;
  std::shared_ptr<StreamLog> own_log_;  // without a session: a stream nobody can resume, made when it opens
  Headers headers_;
  bool priming_;
  std::uint32_t retry_ms_;
  std::mutex mutex_;
  Mode mode_ = Mode::pending;
  std::uint64_t stream_ = 0;
  std::shared_ptr<CloseWatch> close_watch_ = std::make_shared<CloseWatch>();
};

// Notifications and responses only: nothing to answer, but they hold their slot until handled, so
// a flood of them meets the same bound as requests.
class NotificationExchange final : public mcp::Exchange {
public:
  explicit NotificationExchange(std::unique_ptr<Admission::Ticket> ticket) : ticket_(std::move(ticket)) {}
  void send(std::string) override {}
  void finish(std::string) override {
    std::lock_guard lock(mutex_);
    ticket_.reset();
  }

private:
  std::mutex mutex_;
  std::unique_ptr<Admission::Ticket> ticket_;
};

// Messages for the standalone stream (GET), kept for replay while no GET is attached.
class StandaloneOutbox final : public mcp::Outbox {
public:
  explicit StandaloneOutbox(std::weak_ptr<HttpSession> session) : session_(std::move(session)) {}
  void send(std::string message) override {
    if (auto s = session_.lock()) s->streams.append(0, message);
  }

private:
  std::weak_ptr<HttpSession> session_;
};

}  // namespace

std::shared_ptr<mcp::Exchange> post_exchange(McpEndpoint& endpoint, std::unique_ptr<Admission::Ticket> ticket,
                                             std::shared_ptr<HttpConnection> connection, std::shared_ptr<HttpSession> session,
                                             Headers headers, bool priming, std::uint32_t retry_ms, StreamLog::Limits replay,
                                             std::string client) {
  return std::make_shared<PostExchange>(endpoint, std::move(ticket), std::move(connection), std::move(session),
                                        std::move(headers), priming, retry_ms, replay, std::move(client));
}

std::shared_ptr<mcp::Exchange> notification_exchange(std::unique_ptr<Admission::Ticket> ticket) {
  return std::make_shared<NotificationExchange>(std::move(ticket));
}

std::shared_ptr<mcp::Outbox> standalone_outbox(std::shared_ptr<HttpSession> session) {
  return std::make_shared<StandaloneOutbox>(std::move(session));
}

}  // namespace varlet::transports
