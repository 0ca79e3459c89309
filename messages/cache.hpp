#pragma once
// The cache vocabulary: which kind of resource, its key, what a shard answers, and why a load failed.
#include <caf/allowed_unsafe_message_type.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace varlet::catalog {
struct Model;
}
namespace varlet::compression {
class Spliceable;
}

namespace varlet::msg {

// One shard group per kind.
enum class ResourceKind : std::uint8_t { package_file, docs_file, catalog, rendered, version };
inline constexpr std::size_t resource_kind_count = 5;
inline constexpr std::array<std::string_view, resource_kind_count> resource_kind_names = {
    "package_file", "docs_file", "catalog", "rendered", "version"};
inline std::string_view to_string(ResourceKind k) { return resource_kind_names[static_cast<std::size_t>(k)]; }

// Keys by kind:
//   package_file  "@varlet/ui@3.20.6/types/button.d.ts"          (npm CDN path)
//   docs_file     "varletjs/varlet@v3.20.6/CHANGELOG.md"         (GitHub CDN path)
//   catalog       "3.20.6/en-US/m2"                             (catalog::catalog_key, with the model format)
//   rendered      "<tool>\n<version>\n<locale>\nm2\n<canonical arguments>"  (catalog::rendered_key)
//   version       "latest", "^3.2", "3" (a resolution) or "*index" (the list of versions and tags)
struct CacheKey {
  ResourceKind kind = ResourceKind::package_file;
  std::string key;
};

enum class FetchErrorKind : std::uint8_t {
  not_found,     // the upstream says the resource does not exist
  timeout,
  connection,    // refused, reset, DNS, TLS
  http_status,   // a 5xx or other unexpected status
  too_large,
  corrupt,       // a body that cannot be what it claims to be
  circuit_open,  // the host's breaker is open
  overloaded,    // memory pressure refuses new cold loads
  offline,       // no upstream is configured for this kind
  internal,
};

struct FetchError {
  FetchErrorKind kind = FetchErrorKind::internal;
  std::string message;  // for people: what failed, where, and what to do
  int status = 0;       // the HTTP status, when there was one
  bool retryable = false;
};

// Now, in the unix seconds CacheEntry's `created` and `expires` are counted in.
inline std::int64_t unix_seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct CacheEntry {
  std::shared_ptr<const std::string> bytes;       // the content, as L2 stores it
  std::shared_ptr<const catalog::Model> model;    // the catalog kind's decoded form
  // The rendered kind's gzip form of `bytes`, made by the first answer sent gzip-encoded; counted in
  // L1 once made. Neither this nor `model` goes to disk.
  std::shared_ptr<const compression::Spliceable> spliceable;
  bool absent = false;  // a remembered "does not exist"
  bool stale = false;   // an expired copy served because the upstream failed
  std::string etag;     // for revalidating mutable upstream answers
  std::int64_t created = 0;  // unix seconds
  std::int64_t expires = 0;  // unix seconds it stays fresh until, 0 = never; set by the shard that holds it
};

struct CacheResult {
  std::optional<CacheEntry> entry;
  std::optional<FetchError> error;
};

}  // namespace varlet::msg

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::CacheKey)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::CacheEntry)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::CacheResult)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::ResourceKind)
