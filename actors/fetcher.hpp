#pragma once
// A fetcher actor: a thin shell around an UpstreamClient (libcurl multi on its own thread).
// Requests come in as messages; completed transfers come back as Deferred work so promises are
// delivered on the actor's own execution context.
#include "actors/upstream_client.hpp"
#include "messages/directory.hpp"

#include <memory>
#include <unordered_map>

namespace varlet::actors {

struct FetcherState {
  FetcherState() = default;
  FetcherState(const FetcherState&) = delete;
  FetcherState& operator=(const FetcherState&) = delete;
  // A fetcher that stops (a crash, retirement from the pool, shutdown) answers every request it
  // still holds with a retryable error, so no cache shard waits out its timeout for it.
  ~FetcherState();

  std::unique_ptr<UpstreamClient> client;
  std::shared_ptr<const msg::Directory> directory;
  std::uint32_t index = 0;
  // Requests not answered yet, by the fetcher's own id; their count is the load the supervisor reads.
  std::unordered_map<std::uint64_t, caf::typed_response_promise<msg::FetchResult>> pending;
  std::uint64_t next_id = 0;
  double busy_seconds = 0;  // transfer time since the last sample
  static inline const char* name = "fetcher";
};

using fetcher_pointer = msg::fetcher_actor::stateful_pointer<FetcherState>;

msg::fetcher_actor::behavior_type fetcher(fetcher_pointer self, UpstreamSettings settings, std::uint32_t index,
                                          std::shared_ptr<const msg::Directory> directory);

}  // namespace varlet::actors
