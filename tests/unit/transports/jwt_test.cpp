#include "transports/http/jwt.hpp"

#include "token_maker.hpp"

#include <gtest/gtest.h>

using namespace varlet::transports;
using token_maker::TestKey;
using Kind = jwt::Verdict::Kind;
namespace json = boost::json;

namespace {

constexpr std::int64_t now = 1'800'000'000;
const std::string issuer = "https://issuer.example";
const std::string audience = "https://mcp.example/mcp";

jwt::Expected expected(std::vector<std::string> scopes = {}) { return {issuer, audience, std::move(scopes), 30}; }

json::object claims() {
  return {{"iss", issuer}, {"aud", audience}, {"sub", "alice"}, {"exp", now + 600}, {"iat", now - 10},
          {"scope", "mcp:read mcp:write"}};
}

const TestKey& rsa() { return token_maker::rsa_1(); }
const TestKey& ec() { return token_maker::ec_1(); }

jwt::Key key_of(const TestKey& k) { return std::get<jwt::Key>(jwt::key_from_jwk(k.jwk())); }

jwt::KeySet set_of(std::initializer_list<const TestKey*> keys) {
  jwt::KeySet set;
  for (const auto* k : keys) set.keys.push_back(key_of(*k));
  return set;
}

jwt::Verdict check(const std::string& token, const jwt::KeySet& set, const jwt::Expected& e = expected()) {
  auto header = jwt::read_header(token);
  if (auto* why = std::get_if<std::string>(&header)) return {Kind::invalid, "", *why, 0};
  return jwt::verify(token, std::get<jwt::Header>(header), set, e, now);
}

}  // namespace

TEST(Jwk, RsaAndEcKeysBecomeTheSamePublicKeysOpenSslHolds) {
  auto r = key_of(rsa());
  EXPECT_EQ(r.kid, "rsa-1");
  EXPECT_EQ(r.algs, (std::vector<std::string>{"RS256", "RS384", "RS512"}));
  EXPECT_EQ(EVP_PKEY_eq(r.key.get(), rsa().key.get()), 1);
  auto e = key_of(ec());
  EXPECT_EQ(e.algs, std::vector<std::string>{"ES256"});
  EXPECT_EQ(EVP_PKEY_eq(e.key.get(), ec().key.get()), 1);
}

TEST(Jwk, KeysThatCannotVerifyAreRefusedWithTheReason) {
  auto refused = [](json::object jwk) {
    auto k = jwt::key_from_jwk(jwk);
    return std::holds_alternative<std::string>(k) ? std::get<std::string>(k) : std::string("accepted");
  };
  EXPECT_NE(refused(TestKey::rsa("small", 1024).jwk()).find("1024 bits"), std::string::npos);
  auto off_curve = ec().jwk();
  off_curve["y"] = off_curve["x"];
  EXPECT_NE(refused(off_curve).find("OpenSSL refuses"), std::string::npos);
  auto short_x = ec().jwk();
  short_x["x"] = "AAAA";
  EXPECT_NE(refused(short_x).find("32 bytes"), std::string::npos);
  EXPECT_NE(refused({{"kty", "oct"}, {"k", "c2VjcmV0"}}).find("kty oct"), std::string::npos);
  auto encryption = rsa().jwk();
  encryption["use"] = "enc";
  EXPECT_NE(refused(encryption).find("use enc"), std::string::npos);
  auto wrong_alg = ec().jwk();
  wrong_alg["alg"] = "RS256";
  EXPECT_NE(refused(wrong_alg).find("alg RS256"), std::string::npos);
  auto no_verify = rsa().jwk();
  no_verify["key_ops"] = json::array{"encrypt"};
  EXPECT_NE(refused(no_verify).find("key_ops"), std::string::npos);
  auto bad_base64 = rsa().jwk();
  bad_base64["n"] = "not base64url!";
  EXPECT_NE(refused(bad_base64).find("n and e"), std::string::npos);
  auto pinned = rsa().jwk();
  pinned["alg"] = "RS384";
  EXPECT_EQ(std::get<jwt::Key>(jwt::key_from_jwk(pinned)).algs, std::vector<std::string>{"RS384"});
}

TEST(Jwks, KeepsUsableKeysUpToTheCapAndSaysWhyOthersAreSkipped) {
  json::array keys{rsa().jwk(), json::object{{"kty", "oct"}}, 7, ec().jwk()};
  auto set = std::get<jwt::KeySet>(jwt::parse_jwks(json::serialize(json::object{{"keys", keys}})));
  EXPECT_EQ(set.keys.size(), 2u);
  EXPECT_EQ(set.skipped.size(), 2u);
  json::array many;
  for (int i = 0; i < 40; ++i) many.push_back(ec().jwk());
  set = std::get<jwt::KeySet>(jwt::parse_jwks(json::serialize(json::object{{"keys", many}})));
  EXPECT_EQ(set.keys.size(), jwt::max_keys);
  for (std::string bad : std::vector<std::string>{"", "[]", "{\"keys\":{}}", "{\"keys\":[{\"kty\":\"oct\"}]}", "{\"keys\":[" + std::string(300000, ' ') + "]}"})
    EXPECT_TRUE(std::holds_alternative<std::string>(jwt::parse_jwks(bad))) << bad.substr(0, 30);
}

TEST(Jwt, HeadersOutsideTheAllowListAreRefusedBeforeAnyKeyIsTried) {
  auto why = [](const std::string& token) {
    auto h = jwt::read_header(token);
    return std::holds_alternative<std::string>(h) ? std::get<std::string>(h) : std::string("accepted");
  };
  EXPECT_NE(why(token_maker::unsigned_token(claims())).find("alg none is not accepted"), std::string::npos);
  EXPECT_NE(why(rsa().sign(claims(), {{"alg", "HS256"}})).find("alg HS256 is not accepted"), std::string::npos);
  EXPECT_NE(why(rsa().sign(claims(), {{"typ", "dpop+jwt"}})).find("not an access token"), std::string::npos);
  EXPECT_EQ(why(rsa().sign(claims(), {{"typ", "JWT"}})), "accepted");
  EXPECT_NE(why("garbage").find("three base64url parts"), std::string::npos);
  EXPECT_NE(why("a.b").find("three"), std::string::npos);
  EXPECT_NE(why("a.b.c.d").find("three"), std::string::npos);
  EXPECT_NE(why("e30.e30.").find("no alg"), std::string::npos);  // {}
  EXPECT_NE(why(std::string(9000, 'a')).find("longer than"), std::string::npos);
  auto crit = varlet::mcp::base64url(R"({"alg":"RS256","crit":["exp"]})") + ".e30.sig";
  EXPECT_NE(why(crit).find("critical"), std::string::npos);
  EXPECT_EQ(why(rsa().sign(claims())), "accepted");
}

TEST(Jwt, SignedTokensVerifyAndNameTheirSubject) {
  auto set = set_of({&rsa(), &ec()});
  auto v = check(rsa().sign(claims()), set);
  EXPECT_EQ(v.kind, Kind::ok) << v.reason;
  EXPECT_EQ(v.client, "alice");
  EXPECT_EQ(v.expires, now + 630);
  v = check(ec().sign(claims()), set);
  EXPECT_EQ(v.kind, Kind::ok) << v.reason;
  auto no_kid = TestKey{ec().key, "", "ES256"};
  EXPECT_EQ(check(no_kid.sign(claims()), set).kind, Kind::ok);
}

TEST(Jwt, ForgeriesAreRefused) {
  auto set = set_of({&rsa(), &ec()});
  auto impostor = TestKey::rsa("rsa-1");  // the same kid, another key
  auto v = check(impostor.sign(claims()), set);
  EXPECT_EQ(v.kind, Kind::invalid);
  EXPECT_NE(v.reason.find("signature"), std::string::npos);
  auto token = rsa().sign(claims());
  token[token.size() - 5] = token[token.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(check(token, set).kind, Kind::invalid);
  auto es = ec().sign(claims());
  EXPECT_EQ(check(es.substr(0, es.size() - 4), set).kind, Kind::invalid) << "a short ECDSA signature";
  // Were a header parser ever to read "RS256" where libjwt reads "none", the alg libjwt saw still decides.
  auto none = token_maker::unsigned_token(claims(), "rsa-1");
  EXPECT_EQ(jwt::verify(none, {"RS256", "rsa-1"}, set, expected(), now).kind, Kind::invalid);
  // An RSA key's kid with an ES alg.
  auto mixed = TestKey{ec().key, "rsa-1", "ES256"};
  EXPECT_EQ(check(mixed.sign(claims()), set).kind, Kind::invalid);
  auto unknown = TestKey::ec("ec-2");
  EXPECT_EQ(check(unknown.sign(claims()), set).kind, Kind::unknown_key);
}

TEST(Claims, IssuerAudienceAndLifetimeAreChecked) {
  auto verdict = [](json::object c, const jwt::Expected& e = expected()) { return jwt::check_claims(c, e, now); };
  EXPECT_EQ(verdict(claims()).kind, Kind::ok);
  auto c = claims();
  c["iss"] = "https://evil.example";
  EXPECT_NE(verdict(c).reason.find("(iss)"), std::string::npos);
  c = claims();
  c["aud"] = "https://other.example/mcp";
  EXPECT_NE(verdict(c).reason.find("(aud)"), std::string::npos);
  c["aud"] = json::array{"https://other.example", "HTTPS://MCP.example/mcp/"};
  EXPECT_EQ(verdict(c).kind, Kind::ok) << "RFC 8707: any of the audiences, scheme and host in any case";
  c.erase("aud");
  EXPECT_EQ(verdict(c).kind, Kind::invalid);
  c = claims();
  c["exp"] = now - 31;
  EXPECT_NE(verdict(c).reason.find("expired"), std::string::npos);
  c["exp"] = now - 20;
  EXPECT_EQ(verdict(c).kind, Kind::ok) << "within the leeway";
  c.erase("exp");
  EXPECT_NE(verdict(c).reason.find("(exp)"), std::string::npos);
  c = claims();
  c["nbf"] = now + 60;
  EXPECT_NE(verdict(c).reason.find("(nbf)"), std::string::npos);
  c = claims();
  c["iat"] = now + 60;
  EXPECT_NE(verdict(c).reason.find("(iat)"), std::string::npos);
  c = claims();
  c["exp"] = "soon";
  EXPECT_EQ(verdict(c).kind, Kind::invalid);
}

TEST(Claims, TheClientIsTheSubjectAndScopesAreRequired) {
  auto c = claims();
  c.erase("sub");
  c["client_id"] = "ci-bot";
  EXPECT_EQ(jwt::check_claims(c, expected(), now).client, "ci-bot");
  c.erase("client_id");
  EXPECT_NE(jwt::check_claims(c, expected(), now).reason.find("(sub)"), std::string::npos);
  c = claims();
  c["sub"] = "line\nbreak";
  EXPECT_EQ(jwt::check_claims(c, expected(), now).client.rfind("sub-", 0), 0u);
  EXPECT_EQ(jwt::check_claims(claims(), expected({"mcp:read"}), now).kind, Kind::ok);
  auto v = jwt::check_claims(claims(), expected({"mcp:read", "mcp:admin"}), now);
  EXPECT_EQ(v.kind, Kind::insufficient_scope);
  EXPECT_EQ(v.client, "alice");
  EXPECT_NE(v.reason.find("mcp:admin"), std::string::npos);
  c = claims();
  c.erase("scope");
  c["scp"] = json::array{"mcp:read", "mcp:admin"};
  EXPECT_EQ(jwt::check_claims(c, expected({"mcp:read", "mcp:admin"}), now).kind, Kind::ok);
}
