#pragma once
// The dispatcher actor: runs the protocol engine over each body a transport hands it, gathers the
// data a call needs from the cache shards, runs the pure tool code and answers.
#include "actors/services.hpp"
#include "messages/directory.hpp"
#include "messages/interfaces.hpp"

#include <memory>

namespace varlet::actors {

class DispatcherApplication;

struct DispatcherState {
  std::unique_ptr<DispatcherApplication> app;
  std::unique_ptr<mcp::Engine> engine;
  static inline const char* name = "dispatcher";
  DispatcherState();
  ~DispatcherState();
};

using dispatcher_pointer = msg::dispatcher_actor::stateful_pointer<DispatcherState>;

// Tells the log and the metrics actor about every answered request: in a message each, or, from
// threads outside the actor system, through `queue` (the metrics actor's RequestSampleQueue).
mcp::RequestObserver observe_requests(std::shared_ptr<const msg::Directory> directory,
                                      std::shared_ptr<msg::RequestSampleQueue> queue = nullptr);

msg::dispatcher_actor::behavior_type dispatcher(dispatcher_pointer self, std::shared_ptr<const Services> services,
                                                std::shared_ptr<const msg::Directory> directory);

}  // namespace varlet::actors
