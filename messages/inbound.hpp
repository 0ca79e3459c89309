#pragma once
// What a transport hands to a dispatcher: one decoded body, its session, and the way back.
#include "mcp/exchange.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/session.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <chrono>
#include <memory>
#include <string_view>

namespace varlet::msg {

enum class Transport : std::uint8_t { stdio, http };

inline const char* to_string(Transport t) { return t == Transport::stdio ? "stdio" : "http"; }

// The transport name of the session the server's own warm-up calls run in: their requests are the
// server's work, never counted as a client's.
inline constexpr std::string_view warm_session_transport = "warm";

struct Inbound {
  std::shared_ptr<mcp::Session> session;
  mcp::Envelope envelope;
  std::shared_ptr<mcp::Exchange> exchange;
  Transport transport = Transport::stdio;
  std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now();
};

// Shared, so a message never copies the body.
using InboundPtr = std::shared_ptr<Inbound>;

// Serves a body on the thread of the transport that read it, when that saves handing it to a
// dispatcher: a call whose answer is already in the cache is answered there and then.
class InlineServer {
public:
  virtual ~InlineServer() = default;
  // True when the body is taken (answered here, or handed on to a dispatcher by the server itself);
  // false: the transport sends it to a dispatcher as usual.
  virtual bool serve(const InboundPtr& inbound) = 0;
};

}  // namespace varlet::msg

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::InboundPtr)
