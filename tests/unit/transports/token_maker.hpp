#pragma once
// Test keys and tokens: keys made by OpenSSL, their public halves as JWKs, tokens signed by OpenSSL.
#include "mcp/base64.hpp"

#include <boost/json.hpp>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace token_maker {

namespace json = boost::json;

struct TestKey {
  std::shared_ptr<EVP_PKEY> key;
  std::string kid;
  std::string alg;  // RS256 or ES256

  static TestKey rsa(std::string kid, int bits = 2048) {
    return {std::shared_ptr<EVP_PKEY>(EVP_RSA_gen(static_cast<unsigned>(bits)), EVP_PKEY_free), std::move(kid), "RS256"};
  }
  static TestKey ec(std::string kid) {
    return {std::shared_ptr<EVP_PKEY>(EVP_EC_gen("P-256"), EVP_PKEY_free), std::move(kid), "ES256"};
  }

  json::object jwk() const {
    json::object out{{"kid", kid}, {"use", "sig"}};
    if (alg == "RS256") {
      out["kty"] = "RSA";
      out["n"] = mcp_b64(bignum(OSSL_PKEY_PARAM_RSA_N));
      out["e"] = mcp_b64(bignum(OSSL_PKEY_PARAM_RSA_E));
    } else {
      unsigned char point[133];
      std::size_t size = 0;
      EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &size);
      std::string bytes(reinterpret_cast<char*>(point) + 1, size - 1);  // after the 0x04 of an uncompressed point
      out["kty"] = "EC";
      out["crv"] = "P-256";
      out["x"] = mcp_b64(bytes.substr(0, bytes.size() / 2));
      out["y"] = mcp_b64(bytes.substr(bytes.size() / 2));
    }
    return out;
  }

  // A token with these claims signed with this key (`header` fields added or replacing).
  std::string sign(const json::object& claims, json::object header = {}) const {
    json::object head{{"alg", alg}, {"typ", "at+jwt"}};
    if (!kid.empty()) head["kid"] = kid;
    for (auto& [name, value] : header) head[name] = value;
    auto input = mcp_b64(json::serialize(head)) + "." + mcp_b64(json::serialize(claims));
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t size = 0;
    EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get());
    EVP_DigestSign(context.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string signature(size, '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
      throw std::runtime_error("OpenSSL could not sign");
    signature.resize(size);
    return input + "." + mcp_b64(alg == "RS256" ? signature : raw_ecdsa(signature));
  }

private:
  std::string bignum(const char* name) const {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(key.get(), name, &bn);
    std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(bn);
    return out;
  }
  static std::string mcp_b64(const std::string& bytes) { return varlet::mcp::base64url(bytes); }
  // DER to JWS's R and S of 32 bytes each.
  static std::string raw_ecdsa(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
    std::string out(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(out.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(out.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    return out;
  }
};

// Keys made once per test binary: making RSA keys takes a while.
inline const TestKey& rsa_1() {
  static const auto key = TestKey::rsa("rsa-1");
  return key;
}
inline const TestKey& ec_1() {
  static const auto key = TestKey::ec("ec-1");
  return key;
}

// A token with alg none: claims and no signature.
inline std::string unsigned_token(const json::object& claims, const std::string& kid = "") {
  json::object header{{"alg", "none"}};
  if (!kid.empty()) header["kid"] = kid;
  return varlet::mcp::base64url(json::serialize(header)) + "." + varlet::mcp::base64url(json::serialize(claims)) + ".";
}

}  // namespace token_maker
