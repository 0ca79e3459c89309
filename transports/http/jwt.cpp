#include "transports/http/jwt.hpp"

#include "mcp/base64.hpp"
#include "transports/http/api_keys.hpp"

#include <boost/json/parse.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace varlet::transports::jwt {
namespace json = boost::json;
namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBuild = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using EcdsaSignature = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

const std::vector<std::string> rsa_algs = {"RS256", "RS384", "RS512"};

struct Curve {
  const char* crv;
  const char* group;  // OpenSSL's name
  const char* alg;
  std::size_t bytes;  // of each coordinate
};
constexpr Curve curves[] = {{"P-256", "prime256v1", "ES256", 32},
                            {"P-384", "secp384r1", "ES384", 48},
                            {"P-521", "secp521r1", "ES512", 66}};

bool accepted_alg(std::string_view alg) {
  return std::find(rsa_algs.begin(), rsa_algs.end(), alg) != rsa_algs.end() ||
         std::any_of(std::begin(curves), std::end(curves), [&](const Curve& c) { return alg == c.alg; });
}

// What a typ may say of an access token (RFC 9068 section 2.1; most issuers still send JWT or
// nothing); any other type is another kind of token (RFC 8725 section 3.11).
bool access_token_type(std::string_view typ) {
  for (std::string_view accepted : {"JWT", "at+jwt", "application/at+jwt"})
    if (typ.size() == accepted.size() && strncasecmp(typ.data(), accepted.data(), typ.size()) == 0) return true;
  return false;
}

// Untrusted text as a message may quote it.
std::string shown(std::string_view text, std::size_t most = 40) {
  std::string out;
  for (char c : text.substr(0, most)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out + (text.size() > most ? "..." : "");
}

std::optional<std::string_view> text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

std::optional<std::string> bytes_of(const json::object& o, std::string_view key) {
  auto t = text(o, key);
  return t ? mcp::unbase64url(*t) : std::nullopt;
}

std::optional<double> number(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

const unsigned char* unsigned_bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// A public key from OpenSSL parameters, checked by OpenSSL; nullptr when it is none.
std::shared_ptr<EVP_PKEY> public_key(const char* type, OSSL_PARAM_BLD* build) {
  Params params(OSSL_PARAM_BLD_to_param(build));
  PkeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
    return nullptr;
  std::shared_ptr<EVP_PKEY> key(raw, EVP_PKEY_free);
  PkeyContext check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return key;
}

std::shared_ptr<EVP_PKEY> rsa_key(const json::object& jwk, std::string& why) {
  auto n = bytes_of(jwk, "n"), e = bytes_of(jwk, "e");
  if (!n || !e || n->empty() || e->empty() || n->size() > 1025 || e->size() > 8) {
    why = "an RSA key needs n and e in base64url";
    return nullptr;
  }
  Bignum modulus(BN_bin2bn(unsigned_bytes(*n), static_cast<int>(n->size()), nullptr));
  Bignum exponent(BN_bin2bn(unsigned_bytes(*e), static_cast<int>(e->size()), nullptr));
  auto bits = modulus ? BN_num_bits(modulus.get()) : 0;
  if (bits < 2048 || bits > 8192) {
    why = "an RSA key of " + std::to_string(bits) + " bits (2048 to 8192 are accepted)";
    return nullptr;
  }
  ParamBuild build(OSSL_PARAM_BLD_new());
  std::shared_ptr<EVP_PKEY> key;
  if (build && exponent && OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) &&
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()))
    key = public_key("RSA", build.get());
  if (!key) why = "OpenSSL refuses the RSA key";
  return key;
}

std::shared_ptr<EVP_PKEY> ec_key(const json::object& jwk, const Curve& curve, std::string& why) {
  auto x = bytes_of(jwk, "x"), y = bytes_of(jwk, "y");
  if (!x || !y || x->size() != curve.bytes || y->size() != curve.bytes) {
    why = std::string("an EC key on ") + curve.crv + " needs x and y of " + std::to_string(curve.bytes) + " bytes";
    return nullptr;
  }
  auto point = "\x04" + *x + *y;  // uncompressed
  ParamBuild build(OSSL_PARAM_BLD_new());
  std::shared_ptr<EVP_PKEY> key;
  if (build && OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.group, 0) &&
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
    key = public_key("EC", build.get());
  if (!key) why = std::string("OpenSSL refuses the EC key (not a point of ") + curve.crv + ")";
  return key;
}

const EVP_MD* digest_of(std::string_view alg) {
  return alg.ends_with("256") ? EVP_sha256() : alg.ends_with("384") ? EVP_sha384() : EVP_sha512();
}

// A JWS ECDSA signature (R and S, each as long as the curve's coordinates) as the DER OpenSSL verifies.
std::optional<std::string> ecdsa_der(std::string_view raw, std::string_view alg) {
  const auto* curve = std::find_if(std::begin(curves), std::end(curves), [&](const Curve& c) { return alg == c.alg; });
  if (curve == std::end(curves) || raw.size() != 2 * curve->bytes) return std::nullopt;
  EcdsaSignature signature(ECDSA_SIG_new());
  Bignum r(BN_bin2bn(unsigned_bytes(raw), static_cast<int>(curve->bytes), nullptr));
  Bignum s(BN_bin2bn(unsigned_bytes(raw.substr(curve->bytes)), static_cast<int>(curve->bytes), nullptr));
  if (!signature || !r || !s || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) return std::nullopt;
  r.release();  // the signature owns them now
  s.release();
  int size = i2d_ECDSA_SIG(signature.get(), nullptr);
  if (size <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(size), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  return i2d_ECDSA_SIG(signature.get(), &out) == size ? std::optional(der) : std::nullopt;
}

// Whether `signature` is `key`'s signature of `input` under `alg` (one the key may verify).
bool signature_verifies(EVP_PKEY* key, std::string_view alg, std::string_view input, const std::string& signature) {
  auto der = alg.starts_with("ES") ? ecdsa_der(signature, alg) : std::optional(signature);
  DigestContext context(EVP_MD_CTX_new());
  return der && context && EVP_DigestVerifyInit(context.get(), nullptr, digest_of(alg), nullptr, key) == 1 &&
         EVP_DigestVerify(context.get(), unsigned_bytes(*der), der->size(), unsigned_bytes(input), input.size()) == 1;
}

Verdict refuse(Verdict::Kind kind, std::string reason) {
  Verdict v;
  v.kind = kind;
  v.reason = std::move(reason);
  return v;
}

// "scope" (space-separated) or "scp" (a list, or one string).
std::vector<std::string> scopes_of(const json::object& claims) {
  std::vector<std::string> out;
  auto split = [&](std::string_view s) {
    for (std::size_t at = 0; at < s.size();) {
      auto end = std::min(s.find(' ', at), s.size());
      if (end > at) out.emplace_back(s.substr(at, end - at));
      at = end + 1;
    }
  };
  if (auto scope = text(claims, "scope")) split(*scope);
  else if (auto scp = text(claims, "scp")) split(*scp);
  else if (const auto* list = claims.if_contains("scp"); list && list->is_array())
    for (const auto& item : list->get_array())
      if (item.is_string()) out.emplace_back(item.get_string());
  return out;
}

bool audience_matches(const json::object& claims, std::string_view audience) {
  const auto* aud = claims.if_contains("aud");
  if (!aud) return false;
  if (aud->is_string()) return same_resource(aud->get_string(), audience);
  if (!aud->is_array()) return false;
  const auto& list = aud->get_array();
  return std::any_of(list.begin(), list.end(),
                     [&](const json::value& v) { return v.is_string() && same_resource(v.get_string(), audience); });
}

}  // namespace

std::variant<Key, std::string> key_from_jwk(const json::object& jwk) {
  auto kty = text(jwk, "kty");
  if (!kty) return std::string("no kty");
  if (auto use = text(jwk, "use"); use && *use != "sig") return "use " + shown(*use) + ", not sig";
  if (const auto* ops = jwk.if_contains("key_ops")) {
    const auto* list = ops->if_array();
    if (!list || std::none_of(list->begin(), list->end(), [](const json::value& v) { return v.is_string() && v.get_string() == "verify"; }))
      return std::string("key_ops without verify");
  }
  Key key;
  if (const auto* kid = jwk.if_contains("kid")) {
    if (!kid->is_string() || kid->get_string().size() > 256) return std::string("a kid that is not a short string");
    key.kid = kid->get_string();
  }
  std::string why;
  if (*kty == "RSA") {
    key.key = rsa_key(jwk, why);
    key.algs = rsa_algs;
  } else if (*kty == "EC") {
    auto crv = text(jwk, "crv").value_or("");
    const auto* curve = std::find_if(std::begin(curves), std::end(curves), [&](const Curve& c) { return crv == c.crv; });
    if (curve == std::end(curves)) return "the curve " + shown(crv) + " (P-256, P-384 or P-521 are accepted)";
    key.key = ec_key(jwk, *curve, why);
    key.algs = {curve->alg};
  } else {
    return "kty " + shown(*kty) + " (RSA or EC are accepted)";
  }
  if (!key.key) return why;
  if (const auto* alg = jwk.if_contains("alg")) {
    if (!alg->is_string()) return std::string("an alg that is not a string");
    std::string wanted(alg->get_string());
    if (std::find(key.algs.begin(), key.algs.end(), wanted) == key.algs.end())
      return "alg " + shown(wanted) + " (not one this server verifies with a " + std::string(*kty) + " key)";
    key.algs = {wanted};
  }
  return key;
}

std::variant<KeySet, std::string> parse_jwks(std::string_view body) {
  if (body.size() > max_jwks_bytes) return "larger than " + std::to_string(max_jwks_bytes) + " bytes";
  json::error_code ec;
  auto value = json::parse(body, ec);
  const auto* keys = !ec && value.is_object() ? value.get_object().if_contains("keys") : nullptr;
  if (!keys || !keys->is_array()) return std::string("not a JWKS: no JSON object with a keys array");
  KeySet set;
  for (const auto& entry : keys->get_array()) {
    if (set.keys.size() == max_keys) {
      set.skipped.push_back("every key after the first " + std::to_string(max_keys) + " usable ones");
      break;
    }
    if (!entry.is_object()) {
      set.skipped.push_back("an entry that is not an object");
      continue;
    }
    auto key = key_from_jwk(entry.get_object());
    if (auto* usable = std::get_if<Key>(&key)) {
      set.keys.push_back(std::move(*usable));
      continue;
    }
    auto kid = text(entry.get_object(), "kid");
    set.skipped.push_back((kid ? "kid " + shown(*kid) + ": " : std::string()) + std::get<std::string>(key));
  }
  if (set.keys.empty())
    return "no key usable for verifying signatures" + (set.skipped.empty() ? std::string() : " (" + set.skipped.front() + ")");
  return set;
}

std::variant<Header, std::string> read_header(std::string_view token) {
  if (token.size() > max_token_bytes) return "the token is longer than " + std::to_string(max_token_bytes) + " bytes";
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos || first == 0)
    return std::string("the token is not a signed JWT (three base64url parts)");
  auto decoded = first <= 2048 ? mcp::unbase64url(token.substr(0, first)) : std::nullopt;
  json::error_code ec;
  auto value = decoded ? json::parse(*decoded, ec) : json::value();
  if (!decoded || ec || !value.is_object()) return std::string("the token's header is not base64url JSON");
  const auto& object = value.get_object();
  Header header;
  auto alg = text(object, "alg");
  if (!alg) return std::string("the token's header names no alg");
  if (!accepted_alg(*alg)) return "the token's alg " + shown(*alg, 16) + " is not accepted (RS256, RS384, RS512, ES256, ES384, ES512)";
  header.alg = *alg;
  if (object.contains("crit")) return std::string("the token's header has critical extensions this server does not know");
  if (const auto* typ = object.if_contains("typ"); typ && !(typ->is_string() && access_token_type(typ->get_string())))
    return std::string("the token is not an access token (typ)");
  if (const auto* kid = object.if_contains("kid")) {
    if (!kid->is_string() || kid->get_string().size() > 256) return std::string("the token's kid is not a short string");
    header.kid = kid->get_string();
  }
  return header;
}

Verdict check_claims(const json::object& claims, const Expected& expected, std::int64_t now) {
  using Kind = Verdict::Kind;
  if (text(claims, "iss") != std::optional<std::string_view>(expected.issuer))
    return refuse(Kind::invalid, "the token was not issued by " + expected.issuer + " (iss)");
  if (!audience_matches(claims, expected.audience))
    return refuse(Kind::invalid, "the token is not meant for " + expected.audience + " (aud)");
  auto exp = number(claims, "exp");
  if (!exp) return refuse(Kind::invalid, "the token has no expiry (exp)");
  if (*exp + static_cast<double>(expected.leeway) <= static_cast<double>(now))
    return refuse(Kind::invalid, "the token expired");
  if (auto nbf = number(claims, "nbf"); nbf && *nbf - static_cast<double>(expected.leeway) > static_cast<double>(now))
    return refuse(Kind::invalid, "the token is not valid yet (nbf)");
  if (auto iat = number(claims, "iat"); iat && *iat - static_cast<double>(expected.leeway) > static_cast<double>(now))
    return refuse(Kind::invalid, "the token was issued in the future (iat)");
  std::optional<std::string_view> subject;
  for (auto name : {"sub", "client_id", "azp"})
    if ((subject = text(claims, name)) && !subject->empty()) break;
  if (!subject || subject->empty()) return refuse(Kind::invalid, "the token names no subject (sub)");

  Verdict verdict;
  verdict.client = client_name(*subject);
  verdict.expires = static_cast<std::int64_t>(std::min(*exp + static_cast<double>(expected.leeway), 9e15));
  auto granted = scopes_of(claims);
  std::string missing;
  for (const auto& scope : expected.scopes)
    if (std::find(granted.begin(), granted.end(), scope) == granted.end()) missing += (missing.empty() ? "" : " ") + scope;
  verdict.kind = missing.empty() ? Kind::ok : Kind::insufficient_scope;
  if (!missing.empty()) verdict.reason = "the token lacks the scope " + missing;
  return verdict;
}

Verdict verify(const std::string& token, const Header& header, const KeySet& keys, const Expected& expected,
               std::int64_t now) {
  std::vector<const Key*> candidates;
  bool kid_known = false;
  for (const auto& key : keys.keys) {
    if (!header.kid.empty() && key.kid != header.kid) continue;
    kid_known = !header.kid.empty();
    if (std::find(key.algs.begin(), key.algs.end(), header.alg) != key.algs.end()) candidates.push_back(&key);
  }
  if (candidates.empty()) {
    if (kid_known) return refuse(Verdict::Kind::invalid, "the key " + shown(header.kid) + " does not sign with " + header.alg);
    return refuse(Verdict::Kind::unknown_key, "no key of the issuer's set " +
                                                  (header.kid.empty() ? "signs with " + header.alg
                                                                      : "has the kid " + shown(header.kid)));
  }
  auto signed_part = std::string_view(token).substr(0, token.rfind('.'));
  auto signature = mcp::unbase64url(std::string_view(token).substr(signed_part.size() + 1));
  if (!signature || signature->empty()) return refuse(Verdict::Kind::invalid, "the token's signature is not base64url");
  for (const auto* key : candidates) {
    if (!signature_verifies(key->key.get(), header.alg, signed_part, *signature)) continue;
    auto payload = mcp::unbase64url(signed_part.substr(signed_part.find('.') + 1));
    json::error_code ec;
    auto claims = payload ? json::parse(*payload, ec) : json::value();
    if (!payload || ec || !claims.is_object()) return refuse(Verdict::Kind::invalid, "the token's claims are not a JSON object");
    return check_claims(claims.get_object(), expected, now);
  }
  return refuse(Verdict::Kind::invalid, "the token's signature does not verify");
}

std::string client_name(std::string_view subject) {
  bool plain = !subject.empty() && subject.size() <= 128 &&
               std::all_of(subject.begin(), subject.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  return plain ? std::string(subject) : "sub-" + key_hash(subject).substr(0, 16);
}

bool same_resource(std::string_view a, std::string_view b) {
  auto canonical = [](std::string_view uri) {
    std::string out(uri);
    if (!out.empty() && out.back() == '/') out.pop_back();
    auto scheme = out.find("://");
    if (scheme == std::string::npos) return out;
    auto authority_end = std::min(out.find('/', scheme + 3), out.size());
    std::transform(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(authority_end), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
  };
  return canonical(a) == canonical(b);
}

}  // namespace varlet::transports::jwt
