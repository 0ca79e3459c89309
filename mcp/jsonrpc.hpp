#pragma once
// JSON-RPC 2.0 message codec: turns parsed JSON into typed messages and typed replies into bytes.
#include "mcp/errors.hpp"
#include "mcp/json.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace varlet::mcp {

enum class MessageKind { request, notification, response };

struct Message {
  MessageKind kind = MessageKind::request;
  json::value id = nullptr;  // string or integer for requests and responses
  std::string method;        // requests and notifications
  json::object params;       // requests and notifications; absent params read as {}
  json::value result = nullptr;  // successful responses
  std::optional<RpcError> error;  // error responses
};

// A message that could not be understood, with the id to answer it under (null when unknown).
struct BadMessage {
  json::value id = nullptr;
  RpcError error;
};

using Decoded = std::variant<Message, BadMessage>;

// One incoming body: a single message or a batch (a JSON array).
struct Envelope {
  bool batch = false;
  std::vector<Decoded> messages;
};

inline constexpr std::size_t max_batch_size = 100;

// Decodes one JSON value that should be a JSON-RPC message object.
Decoded decode_message(json::value&& value);

// Parses and decodes a whole body. Malformed JSON yields a BadMessage with -32700; an empty or
// oversized batch yields one with -32600.
Envelope decode_body(std::string_view body);

std::string encode_result(const json::value& id, std::string_view result_json);
std::string encode_error(const json::value& id, const RpcError& error);
std::string encode_notification(std::string_view method, const json::value& params);
std::string encode_request(const json::value& id, std::string_view method, const json::value& params);

}  // namespace varlet::mcp
