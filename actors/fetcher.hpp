#pragma once
// A fetcher actor: a thin shell around an UpstreamClient (libcurl multi on its own thread).
// Requests come in as messages; completed transfers come back as Deferred work so promises are
// delivered on the actor's own execution context.
#include "actors/upstream_client.hpp"
#include "messages/directory.hpp"

#include <memory>

namespace varlet::actors {

struct FetcherState {
  std::unique_ptr<UpstreamClient> client;
  std::shared_ptr<const msg::Directory> directory;
  std::uint32_t index = 0;
  std::uint64_t waiting = 0;  // requests not answered yet
  double busy_seconds = 0;    // transfer time since the last sample
  static inline const char* name = "fetcher";
};

using fetcher_pointer = msg::fetcher_actor::stateful_pointer<FetcherState>;

msg::fetcher_actor::behavior_type fetcher(fetcher_pointer self, UpstreamSettings settings, std::uint32_t index,
                                          std::shared_ptr<const msg::Directory> directory);

}  // namespace varlet::actors
