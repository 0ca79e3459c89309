#pragma once
// Serves a tools/call on the transport thread that read it when its answer is already rendered:
// the protocol engine runs right there, finds the answer among those the rendered-cache shards
// published (actors/published_answers.hpp) and writes it back, with no message to any actor.
// Whatever else the call needs (a miss to build, a version to resolve) is handed to a dispatcher,
// which finishes it as if it had begun it. Every other body goes to the dispatchers as before.
#include "actors/published_answers.hpp"
#include "actors/services.hpp"
#include "messages/directory.hpp"

#include <memory>

namespace varlet::actors {

class InlineDispatcher final : public msg::InlineServer {
public:
  // Request samples go through `samples`, the metrics actor's queue.
  InlineDispatcher(std::shared_ptr<const Services> services, std::shared_ptr<const msg::Directory> directory,
                   std::shared_ptr<const PublishedAnswers> published, std::shared_ptr<msg::RequestSampleQueue> samples);
  ~InlineDispatcher() override;

  bool serve(const msg::InboundPtr& inbound) override;

private:
  class Application;
  std::unique_ptr<Application> app_;
  std::unique_ptr<mcp::Engine> engine_;
};

}  // namespace varlet::actors
