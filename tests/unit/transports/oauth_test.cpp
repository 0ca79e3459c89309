#include "transports/http/oauth.hpp"

#include "token_maker.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>

using namespace varlet;
using namespace varlet::transports;
using token_maker::TestKey;
using Kind = jwt::Verdict::Kind;
namespace json = boost::json;

namespace {

const std::string issuer = "https://issuer.example";
const std::string resource = "https://mcp.example/mcp";

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json::object claims(std::string sub = "alice") {
  return {{"iss", issuer}, {"aud", resource}, {"sub", sub}, {"exp", unix_now() + 600}, {"scope", "mcp"}};
}

// A fake issuer behind the Fetch function: answers from `documents` (404 for the rest), at once
// or, with `hold`, when the test releases them.
struct FakeIssuer {
  std::map<std::string, std::string> documents;
  std::map<std::string, int> requests;
  bool hold = false;
  bool down = false;
  std::vector<std::function<void()>> held;

  OAuth::Fetch fetch() {
    return [this](msg::FetchRequest request, std::function<void(msg::FetchResult)> done) {
      ++requests[request.url];
      auto answer = [this, url = request.url, done] {
        msg::FetchResult r;
        auto it = documents.find(url);
        if (down) r.error = msg::FetchError{msg::FetchErrorKind::connection, "connection refused", 0, true};
        else if (it == documents.end()) r.error = msg::FetchError{msg::FetchErrorKind::not_found, "404", 404, false};
        else r.body = std::make_shared<const std::string>(it->second);
        done(std::move(r));
      };
      if (hold) held.push_back(answer);
      else answer();
    };
  }
  void release() {
    auto now = std::move(held);
    held.clear();
    for (auto& a : now) a();
  }
  void publish(std::initializer_list<const TestKey*> keys) {
    json::array list;
    for (const auto* k : keys) list.push_back(k->jwk());
    documents["https://issuer.example/jwks"] = json::serialize(json::object{{"keys", list}});
  }
  int jwks_requests() { return requests["https://issuer.example/jwks"]; }
};

OAuthSettings settings(std::vector<std::string> scopes = {"mcp"}) {
  OAuthSettings s;
  s.issuer = issuer;
  s.resource = resource;
  s.scopes = std::move(scopes);
  return s;
}

const TestKey& key1() { return token_maker::rsa_1(); }
const TestKey& key2() { return token_maker::ec_1(); }

}  // namespace

TEST(OAuth, FindsTheKeysThroughTheIssuersMetadata) {
  FakeIssuer as;
  as.documents["https://issuer.example/.well-known/openid-configuration"] =
      json::serialize(json::object{{"issuer", issuer}, {"jwks_uri", "https://issuer.example/jwks"}});
  as.publish({&key1()});
  auto oauth = std::make_shared<OAuth>(settings(), as.fetch());
  oauth->start();
  EXPECT_EQ(as.requests["https://issuer.example/.well-known/oauth-authorization-server"], 1);
  auto v = oauth->verify(key1().sign(claims()), nullptr);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, Kind::ok) << v->reason;
  EXPECT_EQ(v->client, "alice");
  EXPECT_EQ(as.jwks_requests(), 1);
}

TEST(OAuth, MetadataOfAnotherIssuerIsNotBelieved) {
  FakeIssuer as;
  as.documents["https://issuer.example/.well-known/oauth-authorization-server"] =
      json::serialize(json::object{{"issuer", "https://evil.example"}, {"jwks_uri", "https://evil.example/jwks"}});
  auto oauth = std::make_shared<OAuth>(settings(), as.fetch());
  oauth->start();
  EXPECT_EQ(as.requests.count("https://evil.example/jwks"), 0u);
  EXPECT_EQ(oauth->verify(key1().sign(claims()), nullptr)->kind, Kind::unavailable);
}

TEST(OAuth, ATokenThatNeedsTheKeysWaitsForThemAndIsWokenOnce) {
  FakeIssuer as;
  as.hold = true;
  as.publish({&key1()});
  auto s = settings();
  s.jwks_url = "https://issuer.example/jwks";
  auto oauth = std::make_shared<OAuth>(s, as.fetch());
  oauth->start();
  int woken = 0;
  auto token = key1().sign(claims());
  EXPECT_FALSE(oauth->verify(token, [&] { ++woken; }));
  EXPECT_FALSE(oauth->verify(token, [&] { ++woken; }));
  EXPECT_EQ(as.held.size(), 1u) << "one fetch for every waiting token";
  as.release();
  EXPECT_EQ(woken, 2);
  EXPECT_EQ(oauth->verify(token, nullptr)->kind, Kind::ok);
}

TEST(OAuth, AnUnknownKidRefreshesTheSetOnceWithinTheInterval) {
  FakeIssuer as;
  as.publish({&key1()});
  auto s = settings();
  s.jwks_url = "https://issuer.example/jwks";
  auto oauth = std::make_shared<OAuth>(s, as.fetch(), OAuthTiming{std::chrono::hours(1)});
  oauth->start();
  ASSERT_EQ(oauth->verify(key1().sign(claims()), nullptr)->kind, Kind::ok);
  as.publish({&key2()});  // rotation: the new key alone
  int woken = 0;
  auto rotated = key2().sign(claims("bob"));
  EXPECT_FALSE(oauth->verify(rotated, [&] { ++woken; }));
  EXPECT_EQ(woken, 1) << "the fake answers at once";
  EXPECT_EQ(oauth->verify(rotated, nullptr)->kind, Kind::ok);
  EXPECT_EQ(as.jwks_requests(), 2);
  for (int i = 0; i < 50; ++i) {
    auto bogus = TestKey{key2().key, "made-up-" + std::to_string(i), "ES256"}.sign(claims());
    auto v = oauth->verify(bogus, [&] { ++woken; });
    ASSERT_TRUE(v);
    EXPECT_EQ(v->kind, Kind::invalid);
  }
  EXPECT_EQ(as.jwks_requests(), 2) << "made-up kids do not refetch within the interval";
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(oauth->verify(key1().sign(claims()), nullptr)->kind, Kind::invalid) << "the dropped key";
}

TEST(OAuth, AnIssuerThatCannotBeReachedMeans503NotAWaitForever) {
  FakeIssuer as;
  as.down = true;
  auto s = settings();
  s.jwks_url = "https://issuer.example/jwks";
  auto oauth = std::make_shared<OAuth>(s, as.fetch());
  oauth->start();
  auto v = oauth->verify(key1().sign(claims()), [] {});
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, Kind::unavailable);
  EXPECT_GE(oauth->retry_after(), 1);
  EXPECT_EQ(as.jwks_requests(), 1) << "not again before the retry interval";
  // Garbage is refused at once, keys or none.
  EXPECT_EQ(oauth->verify("garbage", nullptr)->kind, Kind::invalid);
}

TEST(OAuth, VerdictsAreCachedUntilTheTokenExpires) {
  FakeIssuer as;
  as.publish({&key1()});
  auto s = settings({"mcp", "admin"});
  s.jwks_url = "https://issuer.example/jwks";
  auto oauth = std::make_shared<OAuth>(s, as.fetch());
  oauth->start();
  auto token = key1().sign(claims());
  for (int i = 0; i < 3; ++i) {
    auto v = oauth->verify(token, nullptr);
    EXPECT_EQ(v->kind, Kind::insufficient_scope);
    EXPECT_EQ(v->client, "alice");
  }
  VerdictCache cache(2);
  cache.put("a", {Kind::ok, "a", "", unix_now() + 100});
  cache.put("b", {Kind::ok, "b", "", unix_now() - 1});
  EXPECT_TRUE(cache.find("a", unix_now()));
  EXPECT_FALSE(cache.find("b", unix_now())) << "expired";
  cache.put("c", {Kind::ok, "c", "", unix_now() + 100});
  cache.put("d", {Kind::ok, "d", "", unix_now() + 100});
  EXPECT_FALSE(cache.find("a", unix_now())) << "least recently used, beyond the capacity";
}

TEST(OAuth, MetadataAndChallengesFollowRfc9728AndRfc6750) {
  auto oauth = std::make_shared<OAuth>(settings({"mcp", "tools"}), FakeIssuer().fetch());
  EXPECT_EQ(oauth->metadata_url(), "https://mcp.example/.well-known/oauth-protected-resource/mcp");
  auto doc = json::parse(oauth->metadata()).as_object();
  EXPECT_EQ(json::serialize(doc),
            R"({"resource":"https://mcp.example/mcp","authorization_servers":["https://issuer.example"],)"
            R"("bearer_methods_supported":["header"],"resource_name":"varlet-mcp","scopes_supported":["mcp","tools"]})");
  EXPECT_TRUE(oauth->is_metadata_path("/.well-known/oauth-protected-resource", "/mcp"));
  EXPECT_TRUE(oauth->is_metadata_path("/.well-known/oauth-protected-resource/mcp", "/mcp"));
  EXPECT_TRUE(oauth->is_metadata_path("/.well-known/oauth-protected-resource/other", "/other"));
  EXPECT_FALSE(oauth->is_metadata_path("/.well-known/oauth-protected-resource/x", "/mcp"));
  EXPECT_EQ(oauth->challenge(nullptr),
            R"(Bearer resource_metadata="https://mcp.example/.well-known/oauth-protected-resource/mcp", scope="mcp tools")");
  jwt::Verdict bad{Kind::invalid, "", "the token \"expired\"\n", 0};
  EXPECT_NE(oauth->challenge(&bad).find(R"(error="invalid_token", error_description="the token ?expired??")"), std::string::npos);
  jwt::Verdict scope{Kind::insufficient_scope, "alice", "lacks tools", 0};
  EXPECT_NE(oauth->challenge(&scope).find(R"(error="insufficient_scope")"), std::string::npos);
}
