#include "mcp/jsonrpc.hpp"

#include <gtest/gtest.h>

using namespace varlet;
using namespace varlet::mcp;

namespace {
const Message& message(const Envelope& e, std::size_t i = 0) { return std::get<Message>(e.messages.at(i)); }
const BadMessage& bad(const Envelope& e, std::size_t i = 0) { return std::get<BadMessage>(e.messages.at(i)); }
}  // namespace

TEST(JsonRpc, DecodesRequestsNotificationsAndResponses) {
  auto req = decode_body(R"({"jsonrpc":"2.0","id":"a-1","method":"tools/list","params":{"cursor":"x"}})");
  ASSERT_FALSE(req.batch);
  EXPECT_EQ(message(req).kind, MessageKind::request);
  EXPECT_EQ(message(req).id, json::value("a-1"));
  EXPECT_EQ(message(req).params.at("cursor"), "x");

  auto note = decode_body(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  EXPECT_EQ(message(note).kind, MessageKind::notification);

  auto ok = decode_body(R"({"jsonrpc":"2.0","id":7,"result":{"action":"accept"}})");
  EXPECT_EQ(message(ok).kind, MessageKind::response);
  EXPECT_EQ(message(ok).result.at("action"), "accept");

  auto err = decode_body(R"({"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"nope"}})");
  ASSERT_TRUE(message(err).error);
  EXPECT_EQ(message(err).error->code, ErrorCode::method_not_found);
}

TEST(JsonRpc, MalformedJsonIsAParseErrorWithNullId) {
  auto e = decode_body(R"({"jsonrpc":"2.0","id":1,"method":)");
  EXPECT_EQ(bad(e).error.code, ErrorCode::parse_error);
  EXPECT_TRUE(bad(e).id.is_null());
  auto encoded = json::parse(encode_error(bad(e).id, bad(e).error));
  EXPECT_TRUE(encoded.at("id").is_null());
  EXPECT_EQ(encoded.at("error").at("code"), -32700);
}

TEST(JsonRpc, InvalidRequestsKeepTheirIdWhenItIsValid) {
  auto no_version = decode_body(R"({"id":5,"method":"ping"})");
  EXPECT_EQ(bad(no_version).error.code, ErrorCode::invalid_request);
  EXPECT_EQ(bad(no_version).id, json::value(5));

  auto bad_id = decode_body(R"({"jsonrpc":"2.0","id":{"x":1},"method":"ping"})");
  EXPECT_EQ(bad(bad_id).error.code, ErrorCode::invalid_request);
  EXPECT_TRUE(bad(bad_id).id.is_null());

  auto method_number = decode_body(R"({"jsonrpc":"2.0","id":"q","method":42})");
  EXPECT_EQ(bad(method_number).error.code, ErrorCode::invalid_request);

  auto not_object = decode_body(R"("hello")");
  EXPECT_EQ(bad(not_object).error.code, ErrorCode::invalid_request);

  auto array_params = decode_body(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1]})");
  EXPECT_EQ(bad(array_params).error.code, ErrorCode::invalid_params);
}

TEST(JsonRpc, BatchesAreDecodedItemByItemAndBounded) {
  auto e = decode_body(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"bogus":true}])");
  ASSERT_TRUE(e.batch);
  ASSERT_EQ(e.messages.size(), 2u);
  EXPECT_EQ(message(e, 0).method, "ping");
  EXPECT_EQ(bad(e, 1).error.code, ErrorCode::invalid_request);

  EXPECT_EQ(bad(decode_body("[]")).error.code, ErrorCode::invalid_request);
  std::string big = "[";
  for (int i = 0; i < 101; ++i) big += std::string(i ? "," : "") + R"({"jsonrpc":"2.0","method":"n"})";
  big += "]";
  auto over = decode_body(big);
  EXPECT_FALSE(over.batch);
  EXPECT_EQ(bad(over).error.code, ErrorCode::invalid_request);
}

TEST(JsonRpc, IdsAreEchoedExactly) {
  for (auto id : {json::value("abc"), json::value(0), json::value(-17), json::value(9007199254740993LL)}) {
    auto encoded = json::parse(encode_result(id, "{}"));
    EXPECT_EQ(encoded.at("id"), id);
  }
  EXPECT_EQ(encode_result(json::value("x"), R"({"a":1})"), R"({"jsonrpc":"2.0","id":"x","result":{"a":1}})");
}
