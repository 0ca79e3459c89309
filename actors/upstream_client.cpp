#include "actors/upstream_client.hpp"

#include <strings.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <unordered_map>

namespace varlet::actors {
namespace {

using Clock = std::chrono::steady_clock;
using msg::FetchError;
using msg::FetchErrorKind;

// "scheme://host:port" of a URL: the unit a breaker guards.
std::string host_of(const CurlLibrary& curl, const std::string& url) {
  CURLU* parsed = curl.url();
  std::string host;
  if (curl.url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char *scheme = nullptr, *name = nullptr, *port = nullptr;
    curl.url_get(parsed, CURLUPART_SCHEME, &scheme, 0);
    curl.url_get(parsed, CURLUPART_HOST, &name, 0);
    curl.url_get(parsed, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
    if (scheme && name) host = std::string(scheme) + "://" + name + (port ? ":" + std::string(port) : "");
    curl.free(scheme);
    curl.free(name);
    curl.free(port);
  }
  curl.url_cleanup(parsed);
  return host;
}

msg::FetchResult shutting_down(const std::string& url) {
  msg::FetchResult result;
  auto message = "the upstream client is shutting down; " + url + " was not fetched";
  result.error = FetchError{FetchErrorKind::internal, std::move(message), 0, false};
  return result;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  auto tenths = (ms.count() + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

// What went wrong in one attempt, before the final answer adds how many attempts were made.
struct Failure {
  FetchErrorKind kind;
  int status = 0;
  bool transient = false;  // retried, counted against the host's breaker
  std::string what;        // what happened, naming the URL
  std::string advice;      // what a person can check
};

msg::FetchError fetch_error(const Failure& f, int attempts) {
  std::string tries = attempts > 1 ? " (gave up after " + std::to_string(attempts) + " attempts)" : "";
  return FetchError{f.kind, f.what + tries + "; " + f.advice, f.status,
                    f.transient || f.kind == FetchErrorKind::circuit_open};
}

// The response cap of a request: its own when it asks for a lower one.
std::size_t cap_of(const msg::FetchRequest& request, std::size_t configured) {
  return request.max_bytes > 0 && request.max_bytes < configured ? request.max_bytes : configured;
}

Failure over_cap(const std::string& url, std::size_t cap, std::size_t configured, bool compressed = false) {
  return {FetchErrorKind::too_large, 0, false,
          url + " is larger than the response cap of " + std::to_string(cap) + " bytes" +
              (compressed ? " once decompressed" : ""),
          cap < configured ? "not retried; no document of this kind is that large"
                           : "not retried; raise [upstream] max-response-bytes if the file is genuine"};
}

bool has_scheme(std::string_view url, std::string_view scheme) {
  return url.size() >= scheme.size() && strncasecmp(url.data(), scheme.data(), scheme.size()) == 0;
}

bool is_file_url(std::string_view url) { return has_scheme(url, "file://"); }

// A header value as a message may quote it: printable, and short.
std::string quoted(std::string_view value) {
  constexpr std::size_t most = 200;
  std::string out;
  for (char c : value.substr(0, most)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  if (value.size() > most) out += "...";
  return out;
}

// A file of the local package folder, read at once: a local read is quicker than a hand-off to
// the transfer thread, and needs no libcurl.
msg::FetchResult read_local_file(const std::string& url, std::size_t max_bytes, std::size_t configured) {
  namespace fs = std::filesystem;
  auto received = Clock::now();
  msg::FetchResult result;
  result.attempts = 1;
  const fs::path path = url.substr(7);
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  std::optional<Failure> failure;
  if (ec && (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory || fs::is_directory(path)))
    failure = Failure{FetchErrorKind::not_found, 0, false, "no such file: " + url + " (" + ec.message() + ")",
                      "that version or file is not in the local package folder; run set-up for it or configure "
                      "an online upstream"};
  else if (ec)
    failure = Failure{FetchErrorKind::internal, 0, false, "cannot read " + url + " (" + ec.message() + ")",
                      "check the permissions of the local package folder"};
  else if (size > max_bytes)
    failure = over_cap(url, max_bytes, configured);
  if (!failure) {
    std::string body(size, '\0');
    std::ifstream in(path, std::ios::binary);
    in.read(body.data(), static_cast<std::streamsize>(size));
    if (in.gcount() == static_cast<std::streamsize>(size))
      result.body = std::make_shared<const std::string>(std::move(body));
    else
      failure = Failure{FetchErrorKind::internal, 0, false, "cannot read " + url + " (it changed or vanished while read)",
                        "check the local package folder"};
  }
  if (failure) result.error = fetch_error(*failure, 1);
  result.elapsed = Clock::now() - received;
  return result;
}

struct Transfer {
  const CurlLibrary* curl = nullptr;
  UpstreamClient::Callback done;
  msg::FetchRequest request;
  Clock::time_point received, due;
  std::string host;
  int attempts = 0;
  std::string body, etag;
  std::optional<std::int64_t> max_age;  // Cache-Control: max-age of the last response
  std::string location;     // the last redirect's Location header
  bool compressed = false;  // the last response had a Content-Encoding
  bool too_large = false;
  std::size_t max_bytes = 0;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() { release(); }
  void release() {
    if (headers) curl->slist_free_all(headers);
    if (easy) curl->easy_cleanup(easy);
    headers = nullptr;
    easy = nullptr;
  }
  std::string source() const { return request.upstream.empty() ? request.url : request.upstream + " " + request.url; }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  if (t->body.size() + n > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->body.append(data, n);
  return n;
}

// The value of a header line `name: value` when the line is that header.
std::optional<std::string_view> header_value(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || strncasecmp(line.data(), name.data(), name.size()) != 0) return std::nullopt;
  line.remove_prefix(name.size());
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) line.remove_suffix(1);
  return line;
}

// The max-age directive of a Cache-Control value, in seconds.
std::optional<std::int64_t> max_age_of(std::string_view control) {
  constexpr std::string_view directive = "max-age=";
  for (std::size_t at = 0; (at = control.find(directive, at)) != std::string_view::npos; at += directive.size()) {
    if (at > 0 && control[at - 1] != ' ' && control[at - 1] != ',') continue;  // s-maxage=, or part of a word
    std::int64_t seconds = 0;
    auto digits = control.substr(at + directive.size());
    std::size_t n = 0;
    for (; n < digits.size() && n < 10 && digits[n] >= '0' && digits[n] <= '9'; ++n) seconds = seconds * 10 + (digits[n] - '0');
    if (n > 0) return seconds;
  }
  return std::nullopt;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {  // a new response (after a redirect)
    t->etag.clear();
    t->max_age.reset();
    t->compressed = false;
  }
  if (auto etag = header_value(line, "etag:")) t->etag = *etag;
  if (auto control = header_value(line, "cache-control:")) t->max_age = max_age_of(*control);
  if (auto location = header_value(line, "location:")) t->location = quoted(*location);
  if (header_value(line, "content-encoding:")) t->compressed = true;
  return size * count;
}

}  // namespace

BreakerBoard::Decision BreakerBoard::admit(const std::string& host) {
  std::lock_guard lock(mutex_);
  auto& b = breakers_[host];
  auto now = Clock::now();
  if (b.state == State::open && now >= b.reopens) {
    b.state = State::half_open;
    b.trial_running = false;
  }
  // A trial whose client vanished (a fetcher restarted) must not hold the host forever.
  if (b.state == State::half_open && b.trial_running && now - b.trial_started > std::max(b.cooldown, std::chrono::milliseconds(1000)))
    b.trial_running = false;
  if (b.state == State::open)
    return {Admit::refuse, std::chrono::duration_cast<std::chrono::milliseconds>(b.reopens - now), b.last_error};
  if (b.state == State::half_open) {
    if (b.trial_running) return {Admit::hold, {}, {}};
    b.trial_running = true;
    b.trial_started = now;
  }
  return {Admit::go, {}, {}};
}

void BreakerBoard::success(const std::string& host) {
  std::lock_guard lock(mutex_);
  breakers_[host] = Breaker{};
}

void BreakerBoard::failure(const std::string& host, const std::string& what, int threshold,
                           std::chrono::milliseconds cooldown) {
  std::lock_guard lock(mutex_);
  auto& b = breakers_[host];
  b.last_error = what;
  b.trial_running = false;
  b.cooldown = cooldown;
  if (b.state == State::half_open || ++b.failures >= threshold) {
    b.state = State::open;
    b.reopens = Clock::now() + cooldown;
  }
}

std::vector<std::pair<std::string, std::string>> BreakerBoard::states() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, std::string>> out;
  auto now = Clock::now();
  for (const auto& [host, b] : breakers_) {
    bool cooled = b.state == State::open && now >= b.reopens;
    out.emplace_back(host, b.state == State::closed                    ? "closed"
                           : b.state == State::half_open || cooled ? "half-open"
                                                                   : "open");
  }
  return out;
}

class UpstreamClient::Engine {
public:
  explicit Engine(UpstreamClient& client)
      : client_(client),
        curl_(*client.curl_),
        multi_(client.multi_),
        breakers_(client.settings_.breakers ? client.settings_.breakers : std::make_shared<BreakerBoard>()),
        rng_(std::random_device{}()) {}

  void run() {
    while (take_incoming()) {
      promote_due_retries();
      start_ready();
      int running = 0;
      curl_.multi_perform(multi_, &running);
      bool finished = collect_finished();
      publish();
      if (finished) continue;  // slots were freed or retries scheduled: act on them at once
      curl_.multi_poll(multi_, nullptr, 0, poll_timeout_ms(), nullptr);
    }
    shut_down();
  }

private:
  bool take_incoming() {
    std::deque<Pending> taken;
    {
      std::lock_guard lock(client_.mutex_);
      if (client_.stopping_) return false;
      taken.swap(client_.incoming_);
    }
    for (auto& p : taken) {
      auto t = std::make_unique<Transfer>();
      t->curl = &curl_;
      t->done = std::move(p.done);
      t->request = std::move(p.request);
      t->received = p.received;
      t->host = host_of(curl_, t->request.url);
      t->max_bytes = cap_of(t->request, settings().max_response_bytes);
      waiting_.push_back(std::move(t));
    }
    return true;
  }

  const UpstreamSettings& settings() const { return client_.settings_; }

  void promote_due_retries() {
    auto now = Clock::now();
    auto due = std::stable_partition(delayed_.begin(), delayed_.end(), [&](auto& t) { return t->due > now; });
    for (auto it = due; it != delayed_.end(); ++it) waiting_.push_back(std::move(*it));
    delayed_.erase(due, delayed_.end());
  }

  // Starts waiting transfers in order while slots are free; a host whose breaker is open fails
  // them at once, a host on its half-open trial holds them until the trial ends.
  void start_ready() {
    std::deque<std::unique_ptr<Transfer>> held;
    while (!waiting_.empty() && active_.size() < std::max<std::size_t>(1, settings().max_concurrent)) {
      auto t = std::move(waiting_.front());
      waiting_.pop_front();
      if (t->host.empty()) {  // a URL curl cannot parse has no host to guard; the transfer fails on its own
        start(std::move(t));
        continue;
      }
      auto decision = breakers_->admit(t->host);
      if (decision.admit == BreakerBoard::Admit::refuse) fail_open_breaker(std::move(t), decision);
      else if (decision.admit == BreakerBoard::Admit::hold) held.push_back(std::move(t));
      else start(std::move(t));
    }
    waiting_.insert(waiting_.begin(), std::make_move_iterator(held.begin()), std::make_move_iterator(held.end()));
  }

  void start(std::unique_ptr<Transfer> t) {
    ++t->attempts;
    if (t->attempts > 1) ++retries_;
    t->body.clear();
    t->etag.clear();
    t->location.clear();
    t->too_large = false;
    t->error[0] = '\0';
    CURL* e = t->easy = curl_.easy_init();
    curl_.easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
    curl_.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    // An https upstream is never followed to http (or any other scheme): TLS once asked for stays.
    curl_.easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, has_scheme(t->request.url, "https://") ? "https" : "http,https");
    curl_.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_.easy_setopt(e, CURLOPT_MAXREDIRS, settings().max_redirects);
    if (!settings().ca_file.empty()) curl_.easy_setopt(e, CURLOPT_CAINFO, settings().ca_file.c_str());
    curl_.easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl decodes
    curl_.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings().connect_timeout.count()));
    curl_.easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(settings().total_timeout.count()));
    curl_.easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t->max_bytes));
    curl_.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_.easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_.easy_setopt(e, CURLOPT_USERAGENT, settings().user_agent.c_str());
    curl_.easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_.easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_.easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_.easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_.easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_.easy_setopt(e, CURLOPT_PRIVATE, t.get());
    if (!t->request.etag.empty()) {
      t->headers = curl_.slist_append(nullptr, ("If-None-Match: " + t->request.etag).c_str());
      curl_.easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    }
    curl_.multi_add_handle(multi_, e);
    active_.emplace(e, std::move(t));
  }

  bool collect_finished() {
    bool any = false;
    int left = 0;
    while (CURLMsg* m = curl_.multi_info_read(multi_, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      auto node = active_.extract(m->easy_handle);
      curl_.multi_remove_handle(multi_, m->easy_handle);
      finish(std::move(node.mapped()), m->data.result);
      any = true;
    }
    return any;
  }

  void finish(std::unique_ptr<Transfer> t, CURLcode rc) {
    long status = 0, connects = 0;
    curl_off_t ready_time = 0;  // until the request could be sent: 0 when no connection was ever ready
    long header_bytes = 0;
    curl_.easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_.easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
    curl_.easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &ready_time);
    curl_.easy_getinfo(t->easy, CURLINFO_HEADER_SIZE, &header_bytes);
    connections_ += static_cast<std::uint64_t>(connects);
    std::string detail = t->error[0] ? t->error : curl_.easy_strerror(rc);
    t->release();

    if (rc == CURLE_OK) return finish_answer(std::move(t), static_cast<int>(status));
    // A reused connection has no connect time of its own: what tells a connect timeout is that
    // the request was never sent and no answer began.
    auto failure = classify(*t, rc, detail, ready_time == 0 && header_bytes == 0);
    if (failure.transient) return retry_or_fail(std::move(t), std::move(failure));
    breaker_success(t->host);
    answer_error(std::move(t), failure);
  }

  void finish_answer(std::unique_ptr<Transfer> t, int status) {
    if ((status >= 200 && status < 300) || (status == 304 && !t->request.etag.empty())) {
      breaker_success(t->host);
      msg::FetchResult result = base_result(*t, status);
      result.max_age = t->max_age;
      if (status == 304) {
        result.not_modified = true;
        if (result.etag.empty()) result.etag = t->request.etag;
      } else {
        result.body = std::make_shared<const std::string>(std::move(t->body));
      }
      return deliver(std::move(t), std::move(result));
    }
    // Each failure is described before the transfer is handed on: the order in which a call's
    // arguments are evaluated is unspecified (clang moves `t` out first).
    auto code = std::to_string(status);
    if (status >= 500) {
      Failure failing{FetchErrorKind::http_status, status, true, "the " + t->source() + " upstream answered HTTP " + code,
                      "the service is failing; try again later"};
      return retry_or_fail(std::move(t), std::move(failing));
    }
    breaker_success(t->host);  // the host answered; the request was wrong
    if (status == 404 || status == 410) {
      Failure missing{FetchErrorKind::not_found, status, false,
                      "the upstream has no " + t->request.url + " (HTTP " + code + ")",
                      "not retried; check the version and the file path"};
      return answer_error(std::move(t), missing);
    }
    Failure refused{FetchErrorKind::http_status, status, false,
                    "the upstream answered HTTP " + code + " for " + t->request.url,
                    "not retried (a client error); check the upstream base URL in the configuration"};
    answer_error(std::move(t), refused);
  }

  Failure classify(const Transfer& t, CURLcode rc, const std::string& detail, bool never_connected) const {
    const auto& url = t.request.url;
    switch (rc) {
      case CURLE_FILESIZE_EXCEEDED:
      case CURLE_WRITE_ERROR:
        if (rc == CURLE_FILESIZE_EXCEEDED || t.too_large)
          return over_cap(url, t.max_bytes, settings().max_response_bytes, t.compressed);
        break;
      case CURLE_TOO_MANY_REDIRECTS:
        return {FetchErrorKind::http_status, 0, false,
                "the upstream redirected " + url + " more than " + std::to_string(settings().max_redirects) +
                    " times (the [upstream] max-redirects limit; last to " + t.location + ")",
                "not retried; check the upstream base URL in the configuration"};
      case CURLE_OPERATION_TIMEDOUT:
        if (never_connected)
          return {FetchErrorKind::timeout, 0, true,
                  "could not connect to " + t.host + " within " + seconds_text(settings().connect_timeout) +
                      " for " + url,
                  "check the network, a proxy, or the upstream base URL"};
        return {FetchErrorKind::timeout, 0, true,
                "the " + t.source() + " upstream sent no complete answer within " +
                    seconds_text(settings().total_timeout),
                "the upstream is slow or overloaded; try again later or raise the upstream timeout"};
      case CURLE_PARTIAL_FILE:
        return {FetchErrorKind::connection, 0, true,
                "the answer from " + t.source() + " was cut short (" + detail + ")",
                "the connection broke mid-transfer; try again later"};
      case CURLE_BAD_CONTENT_ENCODING:
        return {FetchErrorKind::corrupt, 0, true,
                "the compressed answer from " + t.source() + " could not be decoded (" + detail + ")",
                "the upstream or a proxy sent a damaged body; try again later"};
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_HTTP2:
      case CURLE_HTTP2_STREAM:
      case CURLE_SSL_CONNECT_ERROR:
        return {FetchErrorKind::connection, 0, true,
                "the connection to " + t.host + " failed for " + url + " (" + detail + ")",
                "check the network, a proxy, or the upstream base URL"};
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_CERTPROBLEM:
        return {FetchErrorKind::connection, 0, false, "TLS with " + t.host + " failed for " + url + " (" + detail + ")",
                "not retried; check the system CA certificates, an intercepting proxy, or [upstream] ca-file"};
      case CURLE_UNSUPPORTED_PROTOCOL:
        if (!t.location.empty())
          return {FetchErrorKind::http_status, 0, false,
                  "the upstream redirected " + url + " to " + t.location + ", a scheme this fetch may not follow (" +
                      (has_scheme(url, "https://") ? "an https fetch follows redirects to https only"
                                                   : "only http and https are followed") +
                      ")",
                  "not retried; check the upstream base URL in the configuration"};
        [[fallthrough]];
      case CURLE_URL_MALFORMAT:
        return {FetchErrorKind::internal, 0, false, "cannot fetch \"" + url + "\" (" + detail + ")",
                "check the upstream base URL in the configuration (http://, https:// or file://)"};
      default:
        break;
    }
    return {FetchErrorKind::internal, 0, false, "fetching " + url + " failed (" + detail + ")",
            "not retried; see the log for details"};
  }

  void retry_or_fail(std::unique_ptr<Transfer> t, Failure failure) {
    breaker_failure(t->host, failure.what);
    if (t->attempts <= settings().retries) {
      t->due = Clock::now() + backoff(t->attempts);
      delayed_.push_back(std::move(t));
      return;
    }
    answer_error(std::move(t), failure);
  }

  // base * 2^(n-1), the upper half of it random so that many clients do not retry in step.
  std::chrono::milliseconds backoff(int attempt) {
    auto full = settings().backoff_base.count() << std::min(attempt - 1, 20);
    std::uniform_int_distribution<long long> jitter(0, full / 2);
    return std::chrono::milliseconds(full - full / 2 + jitter(rng_));
  }

  void breaker_success(const std::string& host) {
    if (!host.empty()) breakers_->success(host);
  }

  void breaker_failure(const std::string& host, const std::string& what) {
    if (!host.empty()) breakers_->failure(host, what, settings().breaker_failures, settings().breaker_cooldown);
  }

  void fail_open_breaker(std::unique_ptr<Transfer> t, const BreakerBoard::Decision& d) {
    Failure open{FetchErrorKind::circuit_open, 0, true,
                 "not contacting " + t->host + " for " + t->request.url + ": its recent requests failed (last: " +
                     d.last_error + "), so its circuit breaker is open for another " + seconds_text(d.left),
                 "a cached copy is served when there is one; the host is tried again after the pause"};
    answer_error(std::move(t), open);
  }

  msg::FetchResult base_result(const Transfer& t, int status) const {
    msg::FetchResult r;
    r.etag = t.etag;
    r.status = status;
    r.attempts = t.attempts;
    r.elapsed = Clock::now() - t.received;
    return r;
  }

  void answer_error(std::unique_ptr<Transfer> t, const Failure& f) {
    msg::FetchResult result = base_result(*t, f.status);
    result.error = fetch_error(f, t->attempts);
    if (f.kind != FetchErrorKind::not_found) ++failures_;
    deliver(std::move(t), std::move(result));
  }

  void deliver(std::unique_ptr<Transfer> t, msg::FetchResult result) {
    ++requests_;
    auto done = std::move(t->done);
    t.reset();
    if (done) done(std::move(result));
  }

  int poll_timeout_ms() const {
    auto wait = std::chrono::milliseconds(1000);
    auto now = Clock::now();
    for (const auto& t : delayed_)
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(t->due - now) +
                                std::chrono::milliseconds(1));
    return static_cast<int>(std::max<long long>(0, wait.count()));
  }

  void publish() {
    Stats s;
    s.active = active_.size();
    s.queued = waiting_.size() + delayed_.size();
    s.requests = requests_;
    s.retries = retries_;
    s.failures = failures_;
    s.connections = connections_;
    s.breakers = breakers_->states();
    std::lock_guard lock(client_.mutex_);
    client_.published_ = std::move(s);
  }

  void shut_down() {
    std::vector<std::unique_ptr<Transfer>> pending;
    for (auto& [easy, t] : active_) {
      curl_.multi_remove_handle(multi_, easy);
      pending.push_back(std::move(t));
    }
    for (auto& t : waiting_) pending.push_back(std::move(t));
    for (auto& t : delayed_) pending.push_back(std::move(t));
    active_.clear();
    waiting_.clear();
    delayed_.clear();
    std::deque<Pending> late;
    {
      std::lock_guard lock(client_.mutex_);
      late.swap(client_.incoming_);  // arrived before stopping_ was set; later ones are answered by fetch()
    }
    for (auto& t : pending) {
      auto result = shutting_down(t->request.url);
      deliver(std::move(t), std::move(result));
    }
    for (auto& p : late)
      if (p.done) p.done(shutting_down(p.request.url));
    publish();
  }

  UpstreamClient& client_;
  const CurlLibrary& curl_;
  CURLM* multi_;
  std::deque<std::unique_ptr<Transfer>> waiting_;
  std::vector<std::unique_ptr<Transfer>> delayed_;  // retries waiting for their backoff
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active_;
  std::shared_ptr<BreakerBoard> breakers_;
  std::uint64_t requests_ = 0, retries_ = 0, failures_ = 0, connections_ = 0;
  std::mt19937 rng_;
};

UpstreamClient::UpstreamClient(UpstreamSettings settings) : settings_(std::move(settings)) {}

UpstreamClient::~UpstreamClient() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  if (!multi_) return;  // no network fetch ever started the transfer thread
  curl_->multi_wakeup(multi_);
  thread_.join();
  curl_->multi_cleanup(multi_);
}

bool UpstreamClient::start_transfers(std::string& error) {
  curl_ = load_curl(error);
  if (!curl_) return false;
  multi_ = curl_->multi_init();
  auto keep_open = static_cast<long>(std::max<std::size_t>(settings_.max_concurrent, 4));
  curl_->multi_setopt(multi_, CURLMOPT_MAXCONNECTS, keep_open);  // idle connections kept for reuse
  thread_ = std::thread([this] { run(); });
  return true;
}

void UpstreamClient::run() { Engine(*this).run(); }

void UpstreamClient::fetch(msg::FetchRequest request, Callback done) {
  if (is_file_url(request.url)) {
    auto result = read_local_file(request.url, cap_of(request, settings_.max_response_bytes), settings_.max_response_bytes);
    {
      std::lock_guard lock(mutex_);
      ++local_.requests;
      if (result.error && result.error->kind != FetchErrorKind::not_found) ++local_.failures;
    }
    if (done) done(std::move(result));
    return;
  }
  std::string error;
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && (multi_ || start_transfers(error))) {
      incoming_.push_back({std::move(request), std::move(done), Clock::now()});
      curl_->multi_wakeup(multi_);
      return;
    }
  }
  if (!done) return;
  if (error.empty()) return done(shutting_down(request.url));
  msg::FetchResult result;
  result.error = FetchError{FetchErrorKind::internal, "cannot fetch " + request.url + ": " + error, 0, false};
  done(std::move(result));
}

UpstreamClient::Stats UpstreamClient::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = published_;
  s.queued += incoming_.size();
  s.requests += local_.requests;
  s.failures += local_.failures;
  return s;
}

}  // namespace varlet::actors
