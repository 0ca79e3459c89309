#pragma once
// The running server: the actor system, the supervisor and the directory every actor and
// transport uses to find the others.
#include "actors/services.hpp"
#include "messages/directory.hpp"
#include "runtime/config.hpp"

#include <memory>

namespace varlet::runtime {

class Server {
public:
  explicit Server(Config& config);
  ~Server();

  caf::actor_system& system() { return system_; }
  std::shared_ptr<msg::Directory> directory() const { return directory_; }
  std::shared_ptr<const actors::Services> services() const { return services_; }
  msg::supervisor_actor supervisor() const { return supervisor_; }

  // Stops every actor; returns once they are gone.
  void stop();

private:
  Config& config_;
  caf::actor_system system_;
  std::shared_ptr<msg::Directory> directory_;
  std::shared_ptr<const actors::Services> services_;
  msg::supervisor_actor supervisor_;
  bool stopped_ = false;
};

}  // namespace varlet::runtime
