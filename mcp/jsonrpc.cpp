#include "mcp/jsonrpc.hpp"

namespace varlet::mcp {
namespace {

bool valid_id(const json::value& id) { return id.is_string() || id.is_int64() || id.is_uint64() || id.is_double(); }

BadMessage bad(json::value id, std::string why) { return {std::move(id), RpcError::invalid_request(std::move(why))}; }

}  // namespace

Decoded decode_message(json::value&& value) {
  auto* obj = value.if_object();
  if (!obj) return bad(nullptr, "Invalid Request: a JSON-RPC message must be an object");

  json::value id = nullptr;
  bool has_id = false;
  if (auto* v = obj->if_contains("id")) {
    if (!valid_id(*v)) return bad(nullptr, "Invalid Request: id must be a string or a number");
    id = *v;
    has_id = true;
  }
  auto* version = obj->if_contains("jsonrpc");
  if (!version || !version->is_string() || version->get_string() != "2.0")
    return bad(id, "Invalid Request: jsonrpc must be \"2.0\"");

  Message msg;
  auto* method = obj->if_contains("method");
  if (method) {
    if (!method->is_string()) return bad(id, "Invalid Request: method must be a string");
    msg.method = std::string(method->get_string());
    if (auto* params = obj->if_contains("params")) {
      if (params->is_object()) {
        msg.params = std::move(params->get_object());
      } else if (!params->is_null()) {
        return BadMessage{id, RpcError::invalid_params("Invalid params: params must be an object")};
      }
    }
    msg.kind = has_id ? MessageKind::request : MessageKind::notification;
    msg.id = std::move(id);
    return msg;
  }

  auto* result = obj->if_contains("result");
  auto* error = obj->if_contains("error");
  if (!has_id || (!result && !error) || (result && error))
    return bad(id, "Invalid Request: a message needs a method, or an id with exactly one of result and error");
  msg.kind = MessageKind::response;
  msg.id = std::move(id);
  if (result) {
    msg.result = std::move(*result);
  } else {
    RpcError err;
    if (auto* eo = error->if_object()) {
      if (auto* c = eo->if_contains("code"); c && c->is_int64()) err.code = static_cast<ErrorCode>(c->get_int64());
      if (auto m = get_string(*eo, "message")) err.message = std::string(*m);
      if (auto* d = eo->if_contains("data")) err.data = *d;
    }
    msg.error = std::move(err);
  }
  return msg;
}

Envelope decode_body(std::string_view body) {
  Envelope env;
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec) {
    env.messages.push_back(BadMessage{nullptr, RpcError::parse("Parse error: " + ec.message())});
    return env;
  }
  if (auto* arr = parsed.if_array()) {
    env.batch = true;
    if (arr->empty()) {
      env.batch = false;
      env.messages.push_back(bad(nullptr, "Invalid Request: empty batch"));
      return env;
    }
    if (arr->size() > max_batch_size) {
      env.batch = false;
      env.messages.push_back(bad(nullptr, "Invalid Request: a batch holds at most 100 messages"));
      return env;
    }
    env.messages.reserve(arr->size());
    for (auto& item : *arr) env.messages.push_back(decode_message(std::move(item)));
    return env;
  }
  env.messages.push_back(decode_message(std::move(parsed)));
  return env;
}

std::string encode_result(const json::value& id, std::string_view result_json) {
  std::string out;
  out.reserve(result_json.size() + 48);
  out += R"({"jsonrpc":"2.0","id":)";
  out += json::serialize(id);
  out += R"(,"result":)";
  out += result_json;
  out += '}';
  return out;
}

std::string encode_error(const json::value& id, const RpcError& error) {
  json::object err{{"code", static_cast<int>(error.code)}, {"message", error.message}};
  if (!error.data.is_null()) err["data"] = error.data;
  return json::serialize(json::object{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(err)}});
}

std::string encode_notification(std::string_view method, const json::value& params) {
  json::object msg{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) msg["params"] = params;
  return json::serialize(msg);
}

std::string encode_request(const json::value& id, std::string_view method, const json::value& params) {
  json::object msg{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) msg["params"] = params;
  return json::serialize(msg);
}

}  // namespace varlet::mcp
