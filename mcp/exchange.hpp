#pragma once
// The way back to the client for one incoming body (an HTTP POST, a stdio line). Implemented by
// the transports; called from any thread.
#include "mcp/compression/spliceable.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace varlet::mcp {

// A cacheable 2026-07-28 answer's hint (ttlMs, cacheScope) as HTTP headers: Cache-Control
// max-age, public or private, and a weak ETag of the result.
struct HttpCaching {
  std::int64_t max_age_seconds = 0;
  bool shared = true;  // cacheScope "public"
  std::string etag;
};

// What a transport may make of one answer (a body holding a single response) beyond its bytes.
struct AnswerHints {
  std::optional<HttpCaching> caching;  // a cacheable 2026-07-28 answer
  // The answer repeats a cached result that keeps its gzip form: an HTTP transport splices those
  // compressed bytes in rather than compressing the result again on every hit.
  compression::Reuse reuse;
};

class Exchange {
public:
  virtual ~Exchange() = default;
  // A notification or server-to-client request that belongs to this body's requests; always sent
  // before finish().
  virtual void send(std::string message) = 0;
  // The response (or the batch's array of responses); empty when there is nothing to answer.
  // Called exactly once.
  virtual void finish(std::string body) = 0;
  // finish() for a 2026-07-28 request refused for what it declared (a missing client capability,
  // a header or version mismatch): on HTTP a 400 rather than a 200.
  virtual void finish_refused(std::string body) { finish(std::move(body)); }
  // finish() for one answer with hints (HTTP mirrors a cache hint in its headers).
  virtual void finish_answer(std::string body, AnswerHints /*hints*/) { finish(std::move(body)); }
  // Ends the connection that carries this exchange's stream while the work goes on; the client
  // reconnects and resumes with Last-Event-ID (SSE polling). A no-op where streams cannot resume.
  virtual void release_connection() {}
  // A request of this body had its answer built rather than found in the cache: it cost the
  // server more, and a transport with rate limits charges the client for it.
  virtual void answer_was_built() {}
  // The hook runs once when the client goes away while the answer streams (an HTTP client closing
  // its SSE stream); at once if it is gone already. Transports whose clients end requests in
  // other ways (stdio: notifications/cancelled) never run it.
  virtual void when_closed(std::function<void()> /*hook*/) {}
};

// For bodies that need no answer (notifications and responses only).
class DiscardingExchange final : public Exchange {
public:
  void send(std::string) override {}
  void finish(std::string) override {}
};

}  // namespace varlet::mcp
