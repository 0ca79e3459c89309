#pragma once
// The requestState of a 2026-07-28 input-required result travels through the client, which may
// change it, so the server seals it: an HMAC-SHA256 (OpenSSL) under a key of this process over the
// request it belongs to (method and tool, prompt or resource), its expiry and its payload. A retry
// whose state was altered, belongs to another request or expired is refused. The key is random per
// process: a retry that reaches another replica has to start over, which the protocol allows.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace varlet::mcp {

class StateSeal {
public:
  using Clock = std::chrono::system_clock;

  StateSeal();  // a fresh random 256-bit key
  explicit StateSeal(std::string key) : key_(std::move(key)) {}

  // "<payload>.<expiry ms>.<mac>", payload and mac in URL-safe Base64.
  std::string seal(std::string_view binding, std::string_view payload, Clock::time_point expires) const;
  // The payload, or nothing when the token is malformed, altered, for another binding or expired.
  std::optional<std::string> open(std::string_view binding, std::string_view token, Clock::time_point now) const;

  // The seal of this process, shared by every engine (the dispatchers take turns with requests,
  // so a retry rarely reaches the engine that answered the first round).
  static const StateSeal& of_process();

private:
  std::string mac(std::string_view binding, std::string_view expiry, std::string_view payload) const;
  std::string key_;
};

}  // namespace varlet::mcp
