// JSON-RPC decoding and dispatch: every input is a request body, handled by the real protocol
// engine over the server's real registry, once by a session that has not been initialized and
// once by one that has (so tools/call, prompts/get and the rest get past the lifecycle check).
#include "mcp/listen.hpp"
#include "tests/fuzz/support/fuzz_application.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace varlet;

class CollectingExchange final : public mcp::Exchange {
public:
  void send(std::string message) override { bytes += message.size(); }
  void finish(std::string body) override { bytes += body.size(); }
  std::size_t bytes = 0;
};

constexpr std::string_view initialize_body =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
    R"("capabilities":{"sampling":{},"elicitation":{},"roots":{}},"clientInfo":{"name":"fuzz","version":"1"}}})";

struct World {
  std::shared_ptr<const actors::Services> services = fuzz::fuzz_services();
  fuzz::FuzzApplication app;
  mcp::Engine engine{services->info, services->registry, app, services->limits};

  void handle(const std::shared_ptr<mcp::Session>& session, std::string_view body) {
    auto exchange = std::make_shared<CollectingExchange>();
    engine.handle(session, mcp::decode_body(body), exchange);
    app.run_timers();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World* world = new World();  // never destroyed: sessions may still hold work at exit
  std::string_view body(reinterpret_cast<const char*>(data), size);

  auto fresh = std::make_shared<mcp::Session>("fresh");
  auto listens = std::make_shared<mcp::Listeners>(8);  // as the transports give it, for subscriptions/listen
  fresh->set_listeners(listens);
  world->handle(fresh, body);
  listens->deliver("notifications/resources/updated", "varlet://*");
  listens->end_all();  // as a transport does when it stops
  fresh->close();

  auto session = std::make_shared<mcp::Session>("initialized");
  world->handle(session, initialize_body);
  world->handle(session, R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  world->handle(session, body);
  session->close();  // as a transport does when the session ends
  return 0;
}
