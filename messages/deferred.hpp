#pragma once
// Work an actor schedules for itself later (a timer), run on its own execution context; and work
// for a dispatcher's application, handed over by a transport thread that began a request.
#include <caf/allowed_unsafe_message_type.hpp>

#include <functional>

namespace varlet::mcp {
class Application;
}

namespace varlet::msg {

struct Deferred {
  std::function<void()> work;
};

// Runs on a dispatcher with its application: what a request served on a transport's thread could
// not finish there (a cache miss to build, a resource to read).
struct ApplicationWork {
  std::function<void(mcp::Application&)> work;
};

}  // namespace varlet::msg

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::Deferred)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::ApplicationWork)
