#pragma once
// JWT access tokens (RFC 7519, 9068) as an OAuth resource server checks them: the issuer's JWKS
// (RFC 7517) turned into OpenSSL public keys, the signature checked by OpenSSL under an allow-list of
// algorithms that fits each key, and the claims (issuer, audience per RFC 8707, lifetime, scopes).
// Pure functions; fetching and caching the key set is OAuth's (oauth.hpp).
//
// Not libjwt: Debian 12's libjwt 1.10 refuses every token whose typ is not "JWT", so it cannot
// verify RFC 9068 access tokens (typ "at+jwt"), and it checks no alg against the key's type.
// OpenSSL's EVP_DigestVerify does the signature; what is left is base64url and JSON.
#include <boost/json/object.hpp>
#include <openssl/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace varlet::transports::jwt {

constexpr std::size_t max_token_bytes = 8192;
constexpr std::size_t max_keys = 32;            // usable keys kept from one JWKS
constexpr std::size_t max_jwks_bytes = 256 << 10;

// A public key of the issuer.
struct Key {
  std::string kid;                // may be empty
  std::vector<std::string> algs;  // what it may verify: RS256/RS384/RS512, or the one ES alg of its curve
  std::shared_ptr<EVP_PKEY> key;  // read-only once made, so shared by every thread
};

struct KeySet {
  std::vector<Key> keys;
  std::vector<std::string> skipped;  // why the other entries are not used, for the log
};

// One JWK (RSA of 2048 to 8192 bits, or EC on P-256, P-384 or P-521) for verifying signatures, or
// why it cannot be one.
std::variant<Key, std::string> key_from_jwk(const boost::json::object& jwk);
// A JWKS document, or why it is none; at most max_keys keys, and at least one.
std::variant<KeySet, std::string> parse_jwks(std::string_view body);

// The protected header of a compact JWS.
struct Header {
  std::string alg, kid;
};
// The header, or why the token is not a signed JWT this server could accept (alg none, HMAC, a
// typ other than an access token's...).
std::variant<Header, std::string> read_header(std::string_view token);

struct Expected {
  std::string issuer;
  std::string audience;
  std::vector<std::string> scopes;  // every one required
  std::int64_t leeway = 30;         // seconds of clock skew allowed on exp, nbf and iat
};

struct Verdict {
  enum class Kind {
    ok,
    invalid,             // 401 invalid_token
    insufficient_scope,  // 403
    unknown_key,         // no key of the set fits: the set may be out of date
    unavailable,         // 503: the issuer's keys cannot be had now
  };
  Kind kind = Kind::invalid;
  std::string client;        // ok, insufficient_scope: who the token speaks for
  std::string reason;        // for people, safe to quote in a header
  std::int64_t expires = 0;  // ok, insufficient_scope: unix seconds the verdict holds until
};

// The verdict on claims whose signature was checked.
Verdict check_claims(const boost::json::object& claims, const Expected& expected, std::int64_t now);
// The verdict on a token with that header, against the key set as it is.
Verdict verify(const std::string& token, const Header& header, const KeySet& keys, const Expected& expected,
               std::int64_t now);

// The name a subject goes by in limits, sessions and logs: itself when it is short printable
// ASCII, else "sub-" and a digest of it.
std::string client_name(std::string_view subject);
// Whether two resource identifiers name the same thing: case of scheme and host, and a trailing
// slash, aside.
bool same_resource(std::string_view a, std::string_view b);

}  // namespace varlet::transports::jwt
