#pragma once
// Asks an actor from an I/O thread: a one-shot actor sends the request and hands the answer (or
// the failure) to a callback, which then runs on a CAF worker.
#include <caf/all.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace varlet::transports {

template <class Result, class Handle, class... Args>
void ask(caf::actor_system& system, Handle target, std::chrono::milliseconds timeout,
         std::function<void(Result)> on_result, std::function<void(std::string)> on_error, Args... args) {
  // The target travels as a spawn argument: CAF 0.17 reads a null argument pack when a function
  // actor is spawned with none, which the sanitizers stop on.
  system.spawn([=](caf::event_based_actor* self, Handle to) {
    self->request(to, timeout, args...)
        .then([=](Result& result) { on_result(std::move(result)); },
              [=](caf::error& err) { on_error(self->system().render(err)); });
  }, target);
}

}  // namespace varlet::transports
