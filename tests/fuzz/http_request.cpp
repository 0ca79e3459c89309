// The HTTP request path: Beast's parser, the host guard, the probes and the MCP endpoint with its
// sessions and streams, in the real transports::HttpServer. Two servers run in-process on
// 127.0.0.1 (one keeping sessions, one stateless), behind a dispatcher that runs the protocol
// engine; each input is written raw to both over a fresh TCP connection, whose write side is then
// shut, and the answer is read until the server closes or a short wait passes.
#include "messages/directory.hpp"
#include "tests/fuzz/support/fuzz_application.hpp"
#include "transports/http/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace {

using namespace varlet;
using namespace std::chrono_literals;

struct DispatcherState {
  std::unique_ptr<fuzz::FuzzApplication> app;
  std::unique_ptr<mcp::Engine> engine;
};

msg::dispatcher_actor::behavior_type dispatcher(msg::dispatcher_actor::stateful_pointer<DispatcherState> self,
                                                std::shared_ptr<const actors::Services> services) {
  self->state.app = std::make_unique<fuzz::FuzzApplication>();
  self->state.engine =
      std::make_unique<mcp::Engine>(services->info, services->registry, *self->state.app, services->limits);
  return {
      [self](msg::handle_atom, const msg::InboundPtr& in) {
        self->state.engine->handle(in->session, std::move(in->envelope), in->exchange, in->received);
        self->state.app->run_timers();
      },
      [](msg::defer_atom, const msg::Deferred& deferred) { deferred.work(); },
      [self](msg::defer_atom, const msg::ApplicationWork& handed) { handed.work(*self->state.app); },
      [](msg::crash_atom) {},
  };
}

caf::actor_system_config& small_config() {
  static caf::actor_system_config config;
  config.set("scheduler.max-threads", 2);
  return config;
}

transports::HttpSettings settings(bool stateless) {
  transports::HttpSettings s;
  s.port = 0;
  s.allowed_hosts = {"127.0.0.1:8808", "localhost:8808"};  // what the seeds send, whatever port is bound
  s.stateless = stateless;
  s.header_timeout = 100ms;
  s.idle_timeout = 200ms;
  s.write_timeout = 200ms;
  s.session_ttl = 2s;  // every input's sessions come from 127.0.0.1: let them go soon
  s.max_sessions_per_client = s.max_sessions;
  s.threads = 1;
  s.keepalive = 50ms;
  s.admin_bind.clear();  // the admin listener serves operators; its requests reach the supervisor
  return s;
}

struct World {
  caf::actor_system system{small_config()};
  std::shared_ptr<msg::Directory> directory = std::make_shared<msg::Directory>();
  std::vector<std::unique_ptr<transports::HttpServer>> servers;
  std::vector<std::uint16_t> ports;

  World() {
    auto d = system.spawn(dispatcher, fuzz::fuzz_services());
    directory->update([&](msg::Pools& pools) { pools.dispatchers.push_back(d); });
    for (bool stateless : {false, true}) {
      auto& server = servers.emplace_back(
          std::make_unique<transports::HttpServer>(system, directory, msg::supervisor_actor{}, settings(stateless)));
      if (auto error = server->start(); !error.empty()) {
        std::fprintf(stderr, "http_request: cannot start the server: %s\n", error.c_str());
        std::abort();
      }
      auto url = server->url();  // http://127.0.0.1:PORT/mcp
      ports.push_back(static_cast<std::uint16_t>(std::atoi(url.c_str() + url.rfind(':') + 1)));
    }
  }
};

// libFuzzer's timer interrupts system calls now and then (EINTR); the connection goes on meanwhile.
int connect_loopback(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) std::abort();
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int error = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ? 0 : errno;
  if (error == EINTR) {
    pollfd p{fd, POLLOUT, 0};
    while (::poll(&p, 1, 1000) < 0 && errno == EINTR) {}
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
  }
  if (error != 0) {
    std::fprintf(stderr, "http_request: cannot connect to the server: %s\n", std::strerror(error));
    std::abort();
  }
  return fd;
}

// Writes the request, shuts the write side, and reads until the server closes or the wait ends.
void exchange(std::uint16_t port, const std::uint8_t* data, std::size_t size) {
  int fd = connect_loopback(port);
  auto deadline = std::chrono::steady_clock::now() + 200ms;
  for (std::size_t sent = 0; sent < size;) {
    auto n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the server closed early: it may answer a bad request before reading it all
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  char buffer[16384];
  for (auto now = std::chrono::steady_clock::now(); now < deadline; now = std::chrono::steady_clock::now()) {
    pollfd p{fd, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    auto ready = ::poll(&p, 1, static_cast<int>(left) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World* world = new World();  // never destroyed: stopping the servers at exit is not under test
  for (auto port : world->ports) exchange(port, data, size);
  return 0;
}
