#pragma once
// The standard request headers of 2026-07-28 Streamable HTTP that repeat the body for
// intermediaries: Mcp-Method (every request) and Mcp-Name (params.name of tools/call and
// prompts/get, params.uri of resources/read). A server that reads the body must refuse a request
// whose headers are missing or say something else (-32020, HTTP 400).
#include "mcp/errors.hpp"
#include "mcp/jsonrpc.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace varlet::transports {

// A header value as sent, without surrounding spaces and tabs, and decoded when it is wrapped as
// =?base64?...?=; nothing when the wrapped Base64 is invalid.
std::optional<std::string> header_value(std::string_view raw);

// Nothing when the headers match the body; otherwise the -32020 refusal saying which does not.
// `mcp_method` and `mcp_name` are the raw header values, empty when absent.
std::optional<mcp::RpcError> check_standard_headers(const mcp::Message& request, std::string_view mcp_method,
                                                    std::string_view mcp_name);

}  // namespace varlet::transports
