#include "transports/http/standard_headers.hpp"

#include "mcp/base64.hpp"
#include "transports/http/field_value.hpp"

namespace varlet::transports {
namespace {

std::optional<mcp::RpcError> mismatch(std::string_view header, std::string_view sent, std::string_view body) {
  if (sent.empty())
    return mcp::RpcError::header_mismatch("Header mismatch: the " + std::string(header) + " header is required");
  return mcp::RpcError::header_mismatch("Header mismatch: " + std::string(header) + " header value '" +
                                        mcp::excerpt(sent, 64) + "' does not match body value '" +
                                        mcp::excerpt(body, 64) + "'");
}

}  // namespace

std::optional<std::string> header_value(std::string_view raw) {
  auto value = trim_ows(raw);
  constexpr std::string_view open = "=?base64?", close = "?=";
  if (value.size() < open.size() + close.size() || value.substr(0, open.size()) != open ||
      value.substr(value.size() - close.size()) != close)
    return std::string(value);
  return mcp::unbase64(value.substr(open.size(), value.size() - open.size() - close.size()));
}

std::optional<mcp::RpcError> check_standard_headers(const mcp::Message& request, std::string_view mcp_method,
                                                    std::string_view mcp_name) {
  if (trim_ows(mcp_method) != request.method) return mismatch("Mcp-Method", trim_ows(mcp_method), request.method);
  std::string_view name_key = request.method == "resources/read"                                ? "uri"
                              : request.method == "tools/call" || request.method == "prompts/get" ? "name"
                                                                                                  : "";
  if (name_key.empty()) return std::nullopt;
  // A body without the name is the engine's to refuse (-32602).
  auto body_name = get_string(request.params, name_key);
  if (!body_name) return std::nullopt;
  auto sent = header_value(mcp_name);
  if (!sent) return mcp::RpcError::header_mismatch("Header mismatch: Mcp-Name header value is not valid Base64");
  if (*sent != *body_name) return mismatch("Mcp-Name", *sent, *body_name);
  return std::nullopt;
}

}  // namespace varlet::transports
