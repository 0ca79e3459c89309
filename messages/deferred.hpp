#pragma once
// Work an actor schedules for itself later (a timer), run on its own execution context.
#include <caf/allowed_unsafe_message_type.hpp>

#include <functional>

namespace varlet::msg {

struct Deferred {
  std::function<void()> work;
};

}  // namespace varlet::msg

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::Deferred)
