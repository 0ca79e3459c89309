#include "mcp/state_seal.hpp"

#include "mcp/base64.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>

namespace varlet::mcp {
namespace {

constexpr std::size_t key_bytes = 32;

std::int64_t millis(StateSeal::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

StateSeal::StateSeal() : key_(key_bytes, '\0') {
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size())) != 1)
    throw std::runtime_error("OpenSSL could not produce a random key for request state");
}

const StateSeal& StateSeal::of_process() {
  static const StateSeal seal;
  return seal;
}

std::string StateSeal::mac(std::string_view binding, std::string_view expiry, std::string_view payload) const {
  // Each field behind its length, so no choice of binding and payload can pass for another.
  std::string message;
  message.reserve(binding.size() + expiry.size() + payload.size() + 32);
  for (auto field : {binding, expiry, payload}) message.append(std::to_string(field.size())).append(1, ':').append(field);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &length))
    throw std::runtime_error("OpenSSL could not compute an HMAC over request state");
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string StateSeal::seal(std::string_view binding, std::string_view payload, Clock::time_point expires) const {
  auto expiry = std::to_string(millis(expires));
  return base64url(payload) + "." + expiry + "." + base64url(mac(binding, expiry, payload));
}

std::optional<std::string> StateSeal::open(std::string_view binding, std::string_view token,
                                           Clock::time_point now) const {
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto payload = unbase64url(token.substr(0, first));
  auto expiry = token.substr(first + 1, second - first - 1);
  auto sent_mac = unbase64url(token.substr(second + 1));
  if (!payload || !sent_mac) return std::nullopt;
  auto expected = mac(binding, expiry, *payload);
  if (sent_mac->size() != expected.size() || CRYPTO_memcmp(sent_mac->data(), expected.data(), expected.size()) != 0)
    return std::nullopt;
  std::int64_t expires = 0;
  auto [end, error] = std::from_chars(expiry.data(), expiry.data() + expiry.size(), expires);
  if (error != std::errc() || end != expiry.data() + expiry.size() || millis(now) > expires) return std::nullopt;
  return payload;
}

}  // namespace varlet::mcp
