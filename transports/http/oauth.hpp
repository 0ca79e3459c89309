#pragma once
// /mcp as an OAuth 2.1 resource server (the MCP authorization specification): JWT access tokens of
// one issuer, checked against the keys it publishes (its JWKS), and the RFC 9728 metadata that
// tells clients where to get a token.
//
// The key set is fetched through the fetcher actors (the Fetch function), so the issuer gets the
// upstream settings, retries and circuit breaker every upstream gets. It is kept for the answer's
// max-age (10 minutes without one) and then refreshed in the background while the old keys keep
// serving; a token naming a key the set lacks refreshes it early, at most once every 30 s, so
// tokens with made-up kids cannot make the server hammer the issuer. verify() never waits: a token
// that needs the keys fetched first is parked and its caller woken when the fetch ends.
#include "messages/fetch.hpp"
#include "transports/http/http_settings.hpp"
#include "transports/http/jwt.hpp"

#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace varlet::transports {

// Verdicts on tokens whose signature was checked, by the SHA-256 of the token, until the token
// expires: a client's requests after its first cost a digest, not a signature check.
class VerdictCache {
public:
  explicit VerdictCache(std::size_t capacity) : capacity_(capacity) {}
  std::optional<jwt::Verdict> find(const std::string& digest, std::int64_t now);
  void put(const std::string& digest, const jwt::Verdict& verdict);
  void clear();

private:
  std::mutex mutex_;
  std::list<std::pair<std::string, jwt::Verdict>> order_;  // most recently used first
  std::unordered_map<std::string, std::list<std::pair<std::string, jwt::Verdict>>::iterator> index_;
  std::size_t capacity_;
};

struct OAuthTiming {
  std::chrono::milliseconds kid_refresh{30000};  // least time between two refreshes for unknown kids
  std::chrono::milliseconds retry{10000};        // after a failed refresh
  std::chrono::seconds default_ttl{600}, min_ttl{60}, max_ttl{86400};
  std::size_t max_waiting = 1024;                // tokens parked for a refresh; more get 503
};

class OAuth : public std::enable_shared_from_this<OAuth> {
public:
  using Fetch = std::function<void(msg::FetchRequest, std::function<void(msg::FetchResult)>)>;
  using Timing = OAuthTiming;

  // `settings.resource` must be set.
  OAuth(OAuthSettings settings, Fetch fetch, Timing timing = {});
  // Fetches the key set in the background.
  void start();
  // No wake is called once this returns (the transport is stopping).
  void stop();

  // The verdict now; or nothing when the token waits for the key set: `wake` is then called once
  // (on whatever thread the fetch ends; it must not call back into this object there) and the
  // caller asks again without one, which always answers.
  std::optional<jwt::Verdict> verify(const std::string& token, std::function<void()> wake);
  // Seconds a client answered 503 (unavailable) should wait.
  int retry_after() const;
  // The WWW-Authenticate value of a 401 (no verdict: no token; or an invalid one) or a 403.
  std::string challenge(const jwt::Verdict* verdict) const;
  // The RFC 9728 document, and whether a path of the listener (whose MCP path is `mcp_path`) is one of its URLs.
  const std::string& metadata() const { return metadata_; }
  bool is_metadata_path(std::string_view path, std::string_view mcp_path) const;
  const std::string& metadata_url() const { return metadata_url_; }

private:
  using Clock = std::chrono::steady_clock;

  void refresh();
  void discover(std::size_t candidate, std::string tried);
  void fetch_keys(const std::string& url, bool discovered);
  // The end of a refresh: the new set, kept for `ttl`; or why there is none.
  void finish(std::shared_ptr<const jwt::KeySet> keys, const std::string& error, std::chrono::seconds ttl,
              bool discovered);

  OAuthSettings settings_;
  jwt::Expected expected_;
  Fetch fetch_;
  Timing timing_;
  std::string metadata_, metadata_url_, metadata_path_;
  VerdictCache verdicts_{1024};

  std::mutex wake_mutex_;  // held while waking, so that stop() waits for wakes under way
  bool stopped_ = false;   // under both mutexes
  mutable std::mutex mutex_;
  std::shared_ptr<const jwt::KeySet> keys_;
  Clock::time_point expires_{}, next_retry_{}, next_kid_refresh_{};
  bool refreshing_ = false;
  bool failed_ = false;  // the last refresh
  std::string jwks_url_;  // configured, or discovered
  std::vector<std::function<void()>> waiting_;
};

}  // namespace varlet::transports
