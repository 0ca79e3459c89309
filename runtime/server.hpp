#pragma once
// The running server: the actor system, the supervisor and the directory every actor and
// transport uses to find the others.
#include "actors/published_answers.hpp"
#include "actors/services.hpp"
#include "messages/directory.hpp"
#include "runtime/config.hpp"
#include "runtime/warm.hpp"

#include <future>

#include <memory>

namespace varlet::runtime {

class Server {
public:
  // reads_project: whether version "project" may read [varlet] project-dir (not for an HTTP service,
  // whose clients' projects are elsewhere).
  explicit Server(Config& config, bool reads_project = true);
  ~Server();

  caf::actor_system& system() { return system_; }
  std::shared_ptr<msg::Directory> directory() const { return directory_; }
  std::shared_ptr<const actors::Services> services() const { return services_; }
  msg::supervisor_actor supervisor() const { return supervisor_; }
  // What serves cached tools/call answers on a transport's own thread, made when a transport first
  // asks (a `call` or `warm` command has none); null when [mcp] serve-hits-inline is off.
  std::shared_ptr<msg::InlineServer> inline_server();

  // Starts the background work of a serving process: warming the [cache] warm list after
  // `warm_delay` (`warmed` is called once when it is done, on an actor thread; at once when the
  // list is empty) and following the default version when it is a tag or range.
  void start_background(std::chrono::milliseconds warm_delay, std::function<void(const WarmOutcome&)> warmed);
  // Warms the cache as `plan` says, after `delay`; `done` is called once, on an actor thread.
  void warm(WarmPlan plan, std::function<void(WarmOutcome)> done,
            std::chrono::milliseconds delay = std::chrono::milliseconds(0));

  // Stops every actor; returns once they are gone.
  void stop();

private:
  Config& config_;
  // The tools, prompts and schemas are built while the actor system starts its threads.
  std::future<std::shared_ptr<const actors::Services>> services_built_;
  caf::actor_system system_;
  std::shared_ptr<msg::Directory> directory_;
  std::shared_ptr<const actors::Services> services_;
  std::shared_ptr<actors::PublishedAnswers> published_ = std::make_shared<actors::PublishedAnswers>();
  std::shared_ptr<msg::InlineServer> inline_server_;
  // Request samples of the calls inline_server_ answers, taken by the metrics actor.
  std::shared_ptr<msg::RequestSampleQueue> queued_samples_ = std::make_shared<msg::RequestSampleQueue>();
  msg::supervisor_actor supervisor_;
  cache_admin_actor cache_admin_;
  bool stopped_ = false;
};

}  // namespace varlet::runtime
