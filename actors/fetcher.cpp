#include "actors/fetcher.hpp"

#include <chrono>

namespace varlet::actors {
namespace {

void report(fetcher_pointer self, const msg::FetchRequest& request, const msg::FetchResult& result) {
  auto seconds = std::chrono::duration<double>(result.elapsed).count();
  self->state.busy_seconds += seconds;
  auto pools = self->state.directory->current();
  if (!pools->metrics) return;
  msg::UpstreamSample sample;
  sample.upstream = request.upstream;
  sample.seconds = seconds;
  sample.error = result.error && result.error->kind != msg::FetchErrorKind::not_found;
  sample.retries = result.attempts > 1 ? static_cast<std::uint32_t>(result.attempts - 1) : 0;
  // The breaker guarding the request's host (keys are "scheme://host:port").
  for (auto& [host, state] : self->state.client->stats().breakers) {
    auto bare = host;
    for (std::string_view port : {":443", ":80"})
      if (bare.size() > port.size() && bare.compare(bare.size() - port.size(), port.size(), port) == 0)
        bare.resize(bare.size() - port.size());
    if (request.url.rfind(host + "/", 0) == 0 || request.url.rfind(bare + "/", 0) == 0) sample.breaker = state;
  }
  caf::anon_send(pools->metrics, msg::sample_atom::value, msg::MetricSample{std::move(sample)});
}

}  // namespace

FetcherState::~FetcherState() {
  client.reset();  // stops the transfer thread; what it still held can no longer come back here
  for (auto& [id, promise] : pending) {
    msg::FetchResult result;
    result.error = msg::FetchError{msg::FetchErrorKind::internal,
                                   "the fetcher stopped before the transfer finished; please retry", 0, true};
    promise.deliver(std::move(result));
  }
}

msg::fetcher_actor::behavior_type fetcher(fetcher_pointer self, UpstreamSettings settings, std::uint32_t index,
                                          std::shared_ptr<const msg::Directory> directory) {
  self->state.client = std::make_unique<UpstreamClient>(std::move(settings));
  self->state.directory = std::move(directory);
  self->state.index = index;
  return {
      [self](msg::fetch_atom, msg::FetchRequest& request) -> caf::result<msg::FetchResult> {
        auto promise = self->make_response_promise<msg::FetchResult>();
        auto id = self->state.next_id++;
        self->state.pending.emplace(id, promise);
        auto handle = caf::actor_cast<msg::fetcher_actor>(self);
        auto sent = request;
        self->state.client->fetch(std::move(request), [self, handle, id, sent](msg::FetchResult result) mutable {
          // This runs on the client's thread: hand the result back to the actor.
          caf::anon_send(handle, msg::defer_atom::value,
                         msg::Deferred{[self, id, sent, result = std::move(result)]() mutable {
                           auto it = self->state.pending.find(id);
                           if (it == self->state.pending.end()) return;
                           auto promise = std::move(it->second);
                           self->state.pending.erase(it);
                           report(self, sent, result);
                           promise.deliver(std::move(result));
                         }});
        });
        return promise;
      },
      [](msg::defer_atom, msg::Deferred& deferred) { deferred.work(); },
      [self](msg::stats_atom) -> msg::PoolSample {
        msg::PoolSample sample{"fetcher", 1, self->state.pending.size(), self->state.busy_seconds};
        self->state.busy_seconds = 0;
        return sample;
      },
      [](msg::crash_atom) -> void { throw std::runtime_error("fetcher crash requested by /admin/crash"); },
  };
}

}  // namespace varlet::actors
