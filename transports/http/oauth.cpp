#include "transports/http/oauth.hpp"

#include "transports/http/api_keys.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace varlet::transports {
namespace json = boost::json;
namespace {

using Kind = jwt::Verdict::Kind;
constexpr std::string_view well_known = "/.well-known/oauth-protected-resource";
constexpr std::size_t max_metadata_bytes = 64 << 10;

// "https://host:port/some/path?q" -> {"https://host:port", "/some/path"}, without a trailing slash.
std::pair<std::string, std::string> split_url(std::string_view url) {
  auto scheme = url.find("://");
  auto authority_end = url.find_first_of("/?#", scheme == std::string_view::npos ? 0 : scheme + 3);
  auto origin = url.substr(0, authority_end);
  auto path = authority_end == std::string_view::npos ? std::string_view() : url.substr(authority_end);
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return {std::string(origin), std::string(path)};
}

// Where the issuer's metadata may be (RFC 8414 and OpenID Connect Discovery, in the order the MCP
// specification gives).
std::vector<std::string> metadata_urls(const std::string& issuer) {
  auto [origin, path] = split_url(issuer);
  if (path.empty()) return {origin + "/.well-known/oauth-authorization-server", origin + "/.well-known/openid-configuration"};
  return {origin + "/.well-known/oauth-authorization-server" + path, origin + "/.well-known/openid-configuration" + path,
          origin + path + "/.well-known/openid-configuration"};
}

bool is_http_url(std::string_view url) { return url.starts_with("https://") || url.starts_with("http://"); }

// The jwks_uri of the issuer's metadata document, or why there is none.
std::optional<std::string> jwks_uri_of(const std::string& body, const std::string& issuer, std::string& why) {
  json::error_code ec;
  auto value = json::parse(body, ec);
  const auto* object = ec ? nullptr : value.if_object();
  if (!object) {
    why = "not a JSON object";
    return std::nullopt;
  }
  const auto* named = object->if_contains("issuer");
  if (!named || !named->is_string() || named->get_string() != issuer) {
    why = "its issuer is not " + issuer;  // RFC 8414 3.3: the document must be the issuer's own
    return std::nullopt;
  }
  const auto* uri = object->if_contains("jwks_uri");
  if (!uri || !uri->is_string() || !is_http_url(uri->get_string())) {
    why = "no http(s) jwks_uri";
    return std::nullopt;
  }
  return std::string(uri->get_string());
}

// Text as the quoted-string of an RFC 6750 attribute may hold it.
std::string attribute(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) out.push_back(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
  return out;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

jwt::Verdict verdict(Kind kind, std::string reason) {
  jwt::Verdict v;
  v.kind = kind;
  v.reason = std::move(reason);
  return v;
}

}  // namespace

std::optional<jwt::Verdict> VerdictCache::find(const std::string& digest, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(digest);
  if (it == index_.end()) return std::nullopt;
  if (it->second->second.expires <= now) {
    order_.erase(it->second);
    index_.erase(it);
    return std::nullopt;
  }
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void VerdictCache::put(const std::string& digest, const jwt::Verdict& verdict) {
  std::lock_guard lock(mutex_);
  if (index_.contains(digest)) return;
  order_.emplace_front(digest, verdict);
  index_.emplace(digest, order_.begin());
  if (order_.size() > capacity_) {
    index_.erase(order_.back().first);
    order_.pop_back();
  }
}

void VerdictCache::clear() {
  std::lock_guard lock(mutex_);
  index_.clear();
  order_.clear();
}

OAuth::OAuth(OAuthSettings settings, Fetch fetch, Timing timing)
    : settings_(std::move(settings)), fetch_(std::move(fetch)), timing_(timing), jwks_url_(settings_.jwks_url) {
  expected_.issuer = settings_.issuer;
  expected_.audience = settings_.audience.empty() ? settings_.resource : settings_.audience;
  expected_.scopes = settings_.scopes;
  auto [origin, path] = split_url(settings_.resource);
  metadata_path_ = std::string(well_known) + path;
  metadata_url_ = origin + metadata_path_;
  json::object document{{"resource", settings_.resource},
                        {"authorization_servers", json::array{json::value(settings_.issuer)}},
                        {"bearer_methods_supported", json::array{"header"}},
                        {"resource_name", "varlet-mcp"}};
  if (!settings_.scopes.empty()) document["scopes_supported"] = json::value_from(settings_.scopes);
  metadata_ = json::serialize(document);
}

void OAuth::start() {
  {
    std::lock_guard lock(mutex_);
    if (refreshing_) return;
    refreshing_ = true;
  }
  refresh();
}

void OAuth::stop() {
  std::lock_guard waking(wake_mutex_);
  std::lock_guard lock(mutex_);
  stopped_ = true;
  waiting_.clear();
}

bool OAuth::is_metadata_path(std::string_view path, std::string_view mcp_path) const {
  return path == well_known || path == metadata_path_ || (path.starts_with(well_known) && path.substr(well_known.size()) == mcp_path);
}

std::optional<jwt::Verdict> OAuth::verify(const std::string& token, std::function<void()> wake) {
  auto header = jwt::read_header(token);
  if (auto* why = std::get_if<std::string>(&header)) return verdict(Kind::invalid, *why);
  auto digest = key_hash(token);
  auto now_unix = unix_now();
  if (auto cached = verdicts_.find(digest, now_unix)) return cached;

  jwt::Verdict unknown;
  // Twice at most: once more when the key set changed while this token was checked against the old one.
  for (int round = 0; round < 2; ++round) {
    auto now = Clock::now();
    std::shared_ptr<const jwt::KeySet> keys;
    bool start = false;
    {
      std::lock_guard lock(mutex_);
      keys = keys_;
      start = !refreshing_ && now >= next_retry_ && (!keys || now >= expires_);
      refreshing_ = refreshing_ || start;
    }
    if (start) refresh();  // in the background while an old set serves; a token without one waits below
    if (keys) {
      unknown = jwt::verify(token, std::get<jwt::Header>(header), *keys, expected_, now_unix);
      if (unknown.kind == Kind::ok || unknown.kind == Kind::insufficient_scope) verdicts_.put(digest, unknown);
      if (unknown.kind != Kind::unknown_key) return unknown;
    }
    std::unique_lock lock(mutex_);
    if (keys_ != keys) continue;
    bool kid_refresh = keys && !refreshing_ && now >= next_kid_refresh_ && now >= next_retry_;
    if (wake && (refreshing_ || kid_refresh) && waiting_.size() < timing_.max_waiting) {
      waiting_.push_back(std::move(wake));
      if (kid_refresh) {
        refreshing_ = true;
        next_kid_refresh_ = now + timing_.kid_refresh;
        lock.unlock();
        spdlog::info("auth: a token names a key the issuer's set lacks; fetching the set again");
        refresh();
      }
      return std::nullopt;
    }
    if (!keys || failed_ || refreshing_) break;
    return verdict(Kind::invalid, unknown.reason);
  }
  return verdict(Kind::unavailable, "the authorization server's signing keys cannot be had now; retry shortly");
}

int OAuth::retry_after() const {
  std::lock_guard lock(mutex_);
  auto left = std::chrono::duration_cast<std::chrono::seconds>(next_retry_ - Clock::now()).count();
  return static_cast<int>(std::clamp<std::int64_t>(left + 1, 1, 60));
}

std::string OAuth::challenge(const jwt::Verdict* verdict) const {
  std::string scopes;
  for (const auto& s : settings_.scopes) scopes += (scopes.empty() ? "" : " ") + s;
  std::string out = "Bearer resource_metadata=\"" + metadata_url_ + "\"";
  if (!scopes.empty()) out += ", scope=\"" + scopes + "\"";
  if (!verdict) return out;
  out += verdict->kind == Kind::insufficient_scope ? ", error=\"insufficient_scope\"" : ", error=\"invalid_token\"";
  return out + ", error_description=\"" + attribute(verdict->reason) + "\"";
}

void OAuth::refresh() {
  std::string url;
  {
    std::lock_guard lock(mutex_);
    url = jwks_url_;
  }
  if (url.empty()) discover(0, "");
  else fetch_keys(url, url != settings_.jwks_url);
}

void OAuth::discover(std::size_t candidate, std::string tried) {
  auto urls = metadata_urls(settings_.issuer);
  if (candidate == urls.size()) return finish(nullptr, "no metadata of the issuer names its keys (" + tried + ")", {}, true);
  msg::FetchRequest request{urls[candidate], "", "issuer", max_metadata_bytes};
  fetch_(std::move(request), [weak = weak_from_this(), candidate, tried, url = urls[candidate]](msg::FetchResult r) {
    auto self = weak.lock();
    if (!self) return;
    std::string why;
    if (r.error && r.error->kind != msg::FetchErrorKind::not_found) return self->finish(nullptr, r.error->message, {}, true);
    auto uri = r.body ? jwks_uri_of(*r.body, self->settings_.issuer, why) : std::nullopt;
    if (!uri) return self->discover(candidate + 1, tried + (tried.empty() ? "" : "; ") + url + ": " + (r.body ? why : "404"));
    {
      std::lock_guard lock(self->mutex_);
      self->jwks_url_ = *uri;
    }
    self->fetch_keys(*uri, true);
  });
}

void OAuth::fetch_keys(const std::string& url, bool discovered) {
  msg::FetchRequest request{url, "", "issuer", jwt::max_jwks_bytes};
  fetch_(std::move(request), [weak = weak_from_this(), url, discovered](msg::FetchResult r) {
    auto self = weak.lock();
    if (!self) return;
    if (!r.body) return self->finish(nullptr, r.error ? r.error->message : "no answer from " + url, {}, discovered);
    auto parsed = jwt::parse_jwks(*r.body);
    if (auto* why = std::get_if<std::string>(&parsed)) return self->finish(nullptr, "the JWKS at " + url + ": " + *why, {}, discovered);
    auto& set = std::get<jwt::KeySet>(parsed);
    for (const auto& skipped : set.skipped) spdlog::warn("auth: a key of {} is not used: {}", url, skipped);
    const auto& t = self->timing_;
    auto ttl = r.max_age ? std::clamp(std::chrono::seconds(*r.max_age), t.min_ttl, t.max_ttl) : t.default_ttl;
    spdlog::info("auth: {} signing keys from {}, kept {} s", set.keys.size(), url, ttl.count());
    self->finish(std::make_shared<const jwt::KeySet>(std::move(set)), "", ttl, discovered);
  });
}

void OAuth::finish(std::shared_ptr<const jwt::KeySet> keys, const std::string& error, std::chrono::seconds ttl,
                   bool discovered) {
  std::vector<std::function<void()>> woken;
  bool fetched = keys != nullptr;
  std::lock_guard waking(wake_mutex_);
  {
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    refreshing_ = false;
    failed_ = !fetched;
    if (fetched) {
      keys_ = std::move(keys);
      expires_ = now + ttl;
    } else {
      next_retry_ = now + timing_.retry;
      if (discovered) jwks_url_ = settings_.jwks_url;  // discover again: the issuer may have moved its keys
    }
    if (!stopped_) woken.swap(waiting_);
  }
  // A new set may have dropped a key: what was verified with it is checked again.
  if (fetched) verdicts_.clear();
  else spdlog::warn("auth: cannot fetch the signing keys of {}: {}", settings_.issuer, error);
  for (auto& wake : woken) wake();
}

}  // namespace varlet::transports
