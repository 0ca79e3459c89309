#include "mcp/era.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::mcp {
namespace {

const json::object* meta_of(const json::object& params) {
  auto* meta = params.if_contains("_meta");
  return meta && meta->is_object() ? &meta->get_object() : nullptr;
}

bool speaks(std::string_view version) {
  return std::find(modern_protocol_versions.begin(), modern_protocol_versions.end(), version) !=
         modern_protocol_versions.end();
}

RpcError unsupported(std::string_view requested) {
  json::array supported;
  for (auto v : modern_protocol_versions) supported.emplace_back(v);
  return {ErrorCode::unsupported_protocol_version, "Unsupported protocol version: " + excerpt(requested, 64),
          json::object{{"supported", std::move(supported)}, {"requested", requested}}};
}

// The required and optional _meta fields, or the -32602 that says which one is wrong.
std::variant<RequestMeta, RpcError> read_meta(const json::object* meta) {
  auto missing = [](std::string_view what) {
    return RpcError::invalid_params("Invalid params: params._meta must carry " + std::string(what));
  };
  if (!meta) return missing("the per-request protocol fields (2026-07-28 has no initialize)");
  RequestMeta out;
  auto version = get_string(*meta, meta_key::protocol_version);
  if (!version) return missing(std::string(meta_key::protocol_version) + " as a string");
  out.protocol_version = std::string(*version);
  auto* caps = meta->if_contains(meta_key::client_capabilities);
  if (!caps || !caps->is_object()) return missing(std::string(meta_key::client_capabilities) + " as an object");
  out.client_capabilities = &caps->get_object();
  if (auto* info = meta->if_contains(meta_key::client_info); info && !info->is_object())
    return missing(std::string(meta_key::client_info) + " as an object, when present");
  if (auto* level = meta->if_contains(meta_key::log_level)) {
    out.log_level = level->is_string() ? parse_log_level(level->get_string()) : std::nullopt;
    if (!out.log_level)
      return missing(std::string(meta_key::log_level) +
                     " as one of debug, info, notice, warning, error, critical, alert, emergency, when present");
  }
  return out;
}

}  // namespace

std::string trace_id_of(const json::object& meta) {
  // 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>
  auto traceparent = get_string(meta, "traceparent").value_or("");
  if (traceparent.size() < 55 || traceparent[2] != '-' || traceparent[35] != '-' || traceparent[52] != '-') return {};
  auto id = traceparent.substr(3, 32);
  bool hex = std::all_of(id.begin(), id.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  return hex ? std::string(id) : std::string();
}

bool has_modern_meta(const json::object& params) {
  auto* meta = meta_of(params);
  return meta && meta->contains(meta_key::protocol_version);
}

bool is_modern_method(std::string_view method) {
  static constexpr std::string_view methods[] = {
      "server/discover", "tools/list",     "tools/call",  "resources/list",     "resources/templates/list",
      "resources/read",  "prompts/list",   "prompts/get", "completion/complete", "subscriptions/listen"};
  return std::find(std::begin(methods), std::end(methods), method) != std::end(methods);
}

std::variant<RequestMeta, RpcError> check_modern_request(const Message& request,
                                                         std::optional<std::string_view> header_version) {
  if (header_version && header_version->empty())
    return RpcError::header_mismatch("Header mismatch: the MCP-Protocol-Version header is required");
  auto meta = read_meta(meta_of(request.params));
  if (auto* error = std::get_if<RpcError>(&meta)) return *error;
  const auto& version = std::get<RequestMeta>(meta).protocol_version;
  if (header_version && *header_version != version)
    return RpcError::header_mismatch("Header mismatch: MCP-Protocol-Version header value '" +
                                     excerpt(*header_version, 64) + "' does not match body value '" +
                                     excerpt(version, 64) + "'");
  if (!speaks(version)) return unsupported(version);
  if (!is_modern_method(request.method)) return RpcError::method_not_found(excerpt(request.method, 64));
  return meta;
}

std::shared_ptr<Session> request_session(std::string id, std::string transport, std::string client,
                                         const RequestMeta& meta) {
  auto session = std::make_shared<Session>(std::move(id), std::move(transport), std::move(client));
  session->begin_for_request(meta.protocol_version, *meta.client_capabilities);
  if (meta.log_level) session->set_log_level(*meta.log_level);
  else session->mute_logs();
  return session;
}

}  // namespace varlet::mcp
