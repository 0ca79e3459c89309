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

}  // namespace varlet::msg

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(varlet::msg::InboundPtr)
