#pragma once
// The HTTP(S) and file:// client behind the fetchers. Local files are read at once; network
// transfers run on one libcurl multi handle on its own thread, started by the first of them,
// so connections are reused across requests; compressed answers, timeouts, a size cap, a cap on
// concurrent transfers, retries with backoff and jitter on transient failures, a circuit breaker
// per host, and ETag revalidation. Every failure comes back as a typed msg::FetchError.
#include "actors/curl_library.hpp"
#include "messages/fetch.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace varlet::actors {

// The circuit breakers of upstream hosts ("scheme://host:port"): after `failures` consecutive
// failed attempts a host is left alone for the cooldown, then one trial request decides whether it
// is back. Shared by every client of a fetcher pool (thread-safe), so a failing host is paused for
// all of them and a restarted fetcher does not forget it.
class BreakerBoard {
public:
  enum class Admit { go, hold, refuse };  // start now; wait for the running trial; fail at once
  struct Decision {
    Admit admit = Admit::go;
    std::chrono::milliseconds left{0};  // refuse: how long the breaker stays open
    std::string last_error;             // refuse: what failed last
  };

  Decision admit(const std::string& host);
  void success(const std::string& host);
  void failure(const std::string& host, const std::string& what, int threshold, std::chrono::milliseconds cooldown);
  // host -> closed | open | half-open
  std::vector<std::pair<std::string, std::string>> states() const;

private:
  enum class State { closed, open, half_open };
  struct Breaker {
    State state = State::closed;
    int failures = 0;
    std::chrono::steady_clock::time_point reopens{};
    std::chrono::steady_clock::time_point trial_started{};
    bool trial_running = false;
    std::chrono::milliseconds cooldown{0};
    std::string last_error;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Breaker> breakers_;
};

struct UpstreamSettings {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};  // per attempt
  std::size_t max_response_bytes = 64u << 20;      // decompressed
  int retries = 2;                                 // attempts after the first, on transient failures only
  std::chrono::milliseconds backoff_base{200};     // before retry n: base * 2^(n-1), half of it jittered
  int breaker_failures = 5;                        // consecutive failures that open a host's breaker
  std::chrono::milliseconds breaker_cooldown{30000};
  std::size_t max_concurrent = 16;                 // transfers at once; the rest wait in order
  long max_redirects = 5;                          // an https URL is only ever redirected to https
  std::string ca_file;                             // CA bundle for TLS; empty: the system's
  std::string user_agent = "varlet-mcp";
  std::shared_ptr<BreakerBoard> breakers;          // shared with other clients; empty: the client's own
};

class UpstreamClient {
public:
  using Callback = std::function<void(msg::FetchResult)>;  // called once: at once for file://, else on the client's thread

  struct Stats {
    std::size_t active = 0;  // transfers running
    std::size_t queued = 0;  // waiting for a slot or for their retry
    std::uint64_t requests = 0;     // fetch() calls answered
    std::uint64_t retries = 0;      // attempts after a first one
    std::uint64_t failures = 0;     // answers that are errors (not counting not_found)
    std::uint64_t connections = 0;  // connections opened; reuse keeps it below requests
    std::vector<std::pair<std::string, std::string>> breakers;  // host -> closed | open | half-open
  };

  explicit UpstreamClient(UpstreamSettings settings);
  // Answers what is still pending with FetchErrorKind::internal ("shutting down"), then joins.
  ~UpstreamClient();
  UpstreamClient(const UpstreamClient&) = delete;
  UpstreamClient& operator=(const UpstreamClient&) = delete;

  // Thread-safe and never blocks.
  void fetch(msg::FetchRequest request, Callback done);
  Stats stats() const;

private:
  struct Pending {
    msg::FetchRequest request;
    Callback done;
    std::chrono::steady_clock::time_point received;
  };
  class Engine;

  bool start_transfers(std::string& error);  // loads libcurl, starts the thread; under mutex_
  void run();

  UpstreamSettings settings_;
  const CurlLibrary* curl_ = nullptr;
  CURLM* multi_ = nullptr;  // created with the thread; fetch() wakes its poll
  mutable std::mutex mutex_;
  std::deque<Pending> incoming_;
  bool stopping_ = false;
  Stats published_;  // the transfer thread's figures
  struct {
    std::uint64_t requests = 0, failures = 0;
  } local_;  // file:// reads
  std::thread thread_;
};

}  // namespace varlet::actors
