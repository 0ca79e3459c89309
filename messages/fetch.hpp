#pragma once
// Shard -> fetcher: get one resource from an upstream.
#include "messages/cache.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace varlet::msg {

struct FetchRequest {
  std::string url;           // http(s)://... or file:// for the local package folder
  std::string etag;          // revalidate with If-None-Match when set (mutable endpoints)
  std::string upstream;      // a short name for metrics and messages: "npm", "github", "versions", "package-dir"
  std::size_t max_bytes = 0;  // a cap below [upstream] max-response-bytes for this kind of document; 0: that one
};

struct FetchResult {
  std::shared_ptr<const std::string> body;  // set on success
  bool not_modified = false;                // 304 to a revalidation
  std::string etag;
  std::optional<std::int64_t> max_age;  // seconds, from the answer's Cache-Control
  int status = 0;
  int attempts = 0;
  std::chrono::steady_clock::duration elapsed{};
  std::optional<FetchError> error;
};

}  // namespace varlet::msg

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::FetchRequest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::FetchResult)
