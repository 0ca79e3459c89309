#pragma once
// The cache's operator: warms it (builds catalogs and renders get_component_api answers through
// the dispatchers, exactly as a client's call would, so the rendered keys are the ones clients
// hit), drops entries on demand, and follows the configured version when it is a tag or range.
//
// One actor per server, registered in the actor system's registry under `cache_admin_name`, so
// the HTTP admin endpoints reach it without knowing this module:
//   (warm_atom, body)       -> (status, json)   body: {"version"?, "components"?, "locales"?}
//   (invalidate_atom, body) -> (status, json)   body: {"pattern": glob, "kind"?} or {"version": V}
#include "mcp/json.hpp"
#include "messages/directory.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace varlet::runtime {

inline constexpr char cache_admin_name[] = "cacheadmin";

struct WarmPlan {
  std::string version;                                 // a version, tag or range; empty: the configured one
  std::vector<std::string> locales;                    // empty: the configured one
  std::optional<std::vector<std::string>> components;  // nothing: every component of the catalog
};

struct WarmOutcome {
  std::string version;                // the concrete version warmed
  std::vector<std::string> locales;
  std::size_t catalogs = 0;           // catalogs built or read
  std::size_t answers = 0;            // get_component_api answers rendered and cached
  std::size_t wanted = 0;             // answers asked for
  std::vector<std::string> failures;  // what could not be warmed, for people
  std::string error;                  // set when nothing could be warmed (the version or every catalog failed)
  double seconds = 0;

  bool ok() const { return error.empty() && failures.empty(); }
  json::object to_json() const;
};

// A warm asked from C++ (the warm command, warming at start): `done` runs once, on the admin actor.
struct WarmOrder {
  WarmPlan plan;
  std::function<void(WarmOutcome)> done;
};

}  // namespace varlet::runtime

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::runtime::WarmOrder)

namespace varlet::runtime {

using cache_admin_actor =
    caf::typed_actor<caf::replies_to<msg::warm_atom, std::string>::with<std::uint16_t, std::string>,
                     caf::reacts_to<msg::warm_atom, WarmOrder>,
                     caf::replies_to<msg::invalidate_atom, std::string>::with<std::uint16_t, std::string>,
                     caf::reacts_to<msg::defer_atom, msg::Deferred>, caf::reacts_to<msg::tick_atom>>;

struct CacheAdminSettings {
  std::string default_version;  // [varlet] version
  std::string default_locale;   // [varlet] locale
  std::chrono::milliseconds call_timeout{60000};
  // When the default version is a tag or range, how often its resolution is looked at (the
  // version cache reloads it once its TTL has passed; a move notifies subscribed clients).
  std::chrono::milliseconds follow_interval{0};  // 0: do not follow
  std::vector<std::string> follow_warm;          // components warmed again when the version moves
  std::size_t parallel_calls = 8;
};

cache_admin_actor spawn_cache_admin(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory,
                                    CacheAdminSettings settings);

// The entries of a kind to drop for an invalidation body: (kind, glob) pairs, or why the body is wrong.
struct InvalidationPlan {
  std::vector<std::pair<msg::ResourceKind, std::string>> patterns;
  std::string error;
};
InvalidationPlan invalidation_plan(const json::value& body);

}  // namespace varlet::runtime
