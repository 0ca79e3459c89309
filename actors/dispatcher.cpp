#include "actors/dispatcher.hpp"

#include "actors/tool_call.hpp"
#include "mcp/fixtures.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace varlet::actors {

DispatcherState::DispatcherState() = default;
DispatcherState::~DispatcherState() = default;

// How long request samples queued outside the actors gather before the metrics actor takes them.
constexpr std::chrono::milliseconds queued_samples_delay{10};

mcp::RequestObserver observe_requests(std::shared_ptr<const msg::Directory> directory,
                                      std::shared_ptr<msg::RequestSampleQueue> queue) {
  return [directory, queue](const mcp::Session& session, std::string_view method, std::string_view name, bool failed,
                     std::chrono::nanoseconds took, std::string_view trace_id) {
    spdlog::debug("request {}{}{} over {}{}{}: {} in {:.3f} ms{}{}", method, name.empty() ? "" : " ", name,
                  session.transport(), session.client().empty() ? "" : " by ", session.client(), failed ? "failed" : "ok",
                  std::chrono::duration<double, std::milli>(took).count(), trace_id.empty() ? "" : " trace_id=",
                  trace_id);
    auto transport = session.transport() == "http" ? msg::Transport::http : msg::Transport::stdio;
    msg::RequestSample sample{std::string(method), std::string(name), transport,
                              std::chrono::duration<double>(took).count(), failed, std::string(trace_id),
                              session.protocol_version(), session.client(),
                              session.transport() == msg::warm_session_transport};
    // Queued samples look the metrics actor up once per batch: the directory's lock is not taken
    // on every call of the threads that queue them.
    if (queue && !queue->add(std::move(sample))) return;
    auto pools = directory->current();
    if (!pools->metrics) {
      if (queue) queue->take();  // no metrics actor (stopping): dropped, as a sent sample would be
      return;
    }
    if (!queue) return caf::anon_send(pools->metrics, msg::sample_atom::value, msg::MetricSample{std::move(sample)});
    caf::delayed_anon_send(pools->metrics, queued_samples_delay, msg::sample_atom::value,
                           msg::MetricSample{msg::QueuedRequests{}});
  };
}

msg::dispatcher_actor::behavior_type dispatcher(dispatcher_pointer self, std::shared_ptr<const Services> services,
                                                std::shared_ptr<const msg::Directory> directory) {
  self->state.app = std::make_unique<DispatcherApplication>(self, services, directory);
  self->state.engine = std::make_unique<mcp::Engine>(services->info, services->registry, *self->state.app, services->limits);
  self->state.engine->set_observer(observe_requests(directory));
  return {
      [self](msg::handle_atom, const msg::InboundPtr& in) {
        self->state.engine->handle(in->session, std::move(in->envelope), in->exchange, in->received);
      },
      [](msg::defer_atom, const msg::Deferred& deferred) { deferred.work(); },
      [self](msg::defer_atom, const msg::ApplicationWork& handed) { handed.work(*self->state.app); },
      [](msg::crash_atom) -> void { throw std::runtime_error("dispatcher crash requested by /admin/crash"); },
  };
}

}  // namespace varlet::actors
