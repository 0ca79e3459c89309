#pragma once
// JSON-RPC 2.0 and MCP error codes, and the error value carried through the protocol core.
#include "mcp/json.hpp"

#include <string>

namespace varlet::mcp {

enum class ErrorCode : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
  connection_closed = -32000,  // also the SDK's code for HTTP transport errors
  session_not_found = -32001,
  resource_not_found = -32002,  // 2025-11-25 and earlier; 2026-07-28 answers -32602 instead
  // 2026-07-28
  header_mismatch = -32020,
  missing_client_capability = -32021,
  unsupported_protocol_version = -32022,
};

// At most `max` bytes of what a client sent, cut on a UTF-8 boundary and marked when cut, so an
// error never echoes megabytes back.
inline std::string excerpt(std::string_view text, std::size_t max = 120) {
  if (text.size() <= max) return std::string(text);
  auto cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

struct RpcError {
  ErrorCode code = ErrorCode::internal_error;
  std::string message;
  json::value data = nullptr;  // null means "no data member"

  static RpcError parse(std::string msg) { return {ErrorCode::parse_error, std::move(msg)}; }
  static RpcError invalid_request(std::string msg) { return {ErrorCode::invalid_request, std::move(msg)}; }
  static RpcError method_not_found(std::string_view method) {
    return {ErrorCode::method_not_found, "Method not found: " + std::string(method)};
  }
  static RpcError invalid_params(std::string msg) { return {ErrorCode::invalid_params, std::move(msg)}; }
  static RpcError internal(std::string msg = "Internal error") {
    return {ErrorCode::internal_error, std::move(msg)};
  }
  static RpcError resource_not_found(std::string_view uri) {
    auto shown = excerpt(uri);
    return {ErrorCode::resource_not_found, "Resource not found: " + shown, json::object{{"uri", shown}}};
  }
  static RpcError header_mismatch(std::string msg) { return {ErrorCode::header_mismatch, std::move(msg)}; }
  // 2026-07-28: the request needs a capability the client did not declare in its _meta.
  static RpcError missing_capability(std::string_view capability) {
    return {ErrorCode::missing_client_capability,
            "Missing required client capability: " + std::string(capability) + " (declare it in _meta." +
                "io.modelcontextprotocol/clientCapabilities)",
            json::object{{"requiredCapabilities", json::object{{capability, json::object{}}}}}};
  }
};

}  // namespace varlet::mcp
