#pragma once
// The two protocol eras the server speaks. Legacy (2025-11-25 and earlier): initialize opens a
// session that holds the client's version, capabilities and log level. Modern (2026-07-28):
// sessionless, every request carries its protocol version, client capabilities and identity in
// params._meta, and nothing is taken from earlier requests.
#include "mcp/errors.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/protocol.hpp"
#include "mcp/session.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace varlet::mcp {

// The modern versions this server speaks, newest first.
inline constexpr std::array<std::string_view, 1> modern_protocol_versions = {"2026-07-28"};

namespace meta_key {
inline constexpr std::string_view protocol_version = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view client_capabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view client_info = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view log_level = "io.modelcontextprotocol/logLevel";
inline constexpr std::string_view server_info = "io.modelcontextprotocol/serverInfo";
}  // namespace meta_key

// What a modern request says about its client. It points into the request, so it lives no longer
// than the request; the client's identity (clientInfo) is checked but not kept: nothing uses it.
struct RequestMeta {
  std::string protocol_version;
  const json::object* client_capabilities = nullptr;
  std::optional<LogLevel> log_level;  // nothing: no notifications/message for this request
};

// The trace id of a request's W3C trace context (_meta.traceparent,
// version-traceid-parentid-flags), or empty when there is none or it is malformed. Either era.
std::string trace_id_of(const json::object& meta);

// True when params._meta names a protocol version: the request is served as a modern one.
bool has_modern_meta(const json::object& params);

// Methods a modern request may call (initialize, ping, logging/setLevel and resource
// subscriptions are gone in 2026-07-28).
bool is_modern_method(std::string_view method);

// Checks a modern request in the order the conformance suite expects: the MCP-Protocol-Version
// header is there (-32020), _meta has the required fields (-32602), the header names the same
// version (-32020), the version is one this server speaks (-32022, data {supported, requested}),
// the method exists in this era (-32601). `header_version` is nothing on transports without
// headers (stdio) and empty when an HTTP request lacks the header.
std::variant<RequestMeta, RpcError> check_modern_request(const Message& request,
                                                         std::optional<std::string_view> header_version);

// The session a checked modern request is served with: its own, begun from its _meta, with
// notifications/message at the level it asked for (none when it asked for none).
std::shared_ptr<Session> request_session(std::string id, std::string transport, std::string client, const RequestMeta& meta);

}  // namespace varlet::mcp
