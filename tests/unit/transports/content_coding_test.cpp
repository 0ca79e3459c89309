#include "transports/http/connection.hpp"
#include "transports/http/content_coding.hpp"
#include "tests/unit/compression/gunzip.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace varlet::transports;

namespace {

AcceptEncoding parse(std::string_view field) { return parse_accept_encoding(field); }

void expect(const AcceptEncoding& a, int gzip, int br, int identity, std::string_view why = "") {
  EXPECT_EQ(a.gzip, gzip) << why;
  EXPECT_EQ(a.br, br) << why;
  EXPECT_EQ(a.identity, identity) << why;
}

std::string header(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return {};
}

Response text(std::string body, int status = 200) {
  Response r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

std::string metrics_like(std::size_t lines) {
  std::string body;
  for (std::size_t i = 0; i < lines; ++i)
    body += "varlet_requests_total{method=\"tools/call\",tool=\"t" + std::to_string(i % 17) + "\"} " + std::to_string(i) + "\n";
  return body;
}

}  // namespace

TEST(AcceptEncoding, WithoutTheFieldOnlyIdentity) {
  expect(parse_accept_encoding(std::nullopt), 0, 0, 1000);
  expect(parse(""), 0, 0, 1000);
}

TEST(AcceptEncoding, QValues) {
  expect(parse("gzip, deflate, br"), 1000, 1000, 1000);
  expect(parse("gzip;q=0.5, br;q=0.25"), 500, 250, 1000);
  expect(parse("br;q=1.0, gzip;q=0.999, identity;q=0.001"), 999, 1000, 1);
  expect(parse("gzip;q=0, br"), 0, 1000, 1000);
  expect(parse("GZip ; Q=0.7 ,  BR\t;q=0.3"), 700, 300, 1000, "case and whitespace do not matter");
  expect(parse("x-gzip;q=0.4"), 400, 0, 1000);
  expect(parse("gzip;level=9;q=0.6"), 600, 0, 1000, "other parameters are ignored");
}

TEST(AcceptEncoding, IdentityAndTheWildcard) {
  expect(parse("identity;q=0"), 0, 0, 0);
  expect(parse("gzip, identity;q=0"), 1000, 0, 0);
  expect(parse("*"), 1000, 1000, 1000);
  expect(parse("*;q=0"), 0, 0, 0, "*;q=0 excludes identity when identity is not named");
  expect(parse("*;q=0, identity"), 0, 0, 1000);
  expect(parse("br, *;q=0.2"), 200, 1000, 200);
}

TEST(AcceptEncoding, UnknownCodingsAndMalformedElementsAreIgnored) {
  expect(parse("deflate, compress, zstd"), 0, 0, 1000);
  expect(parse("gzip;q=1.5, br;q=abc, identity;q=-1"), 0, 0, 1000);
  expect(parse("gzip;q=0.1234, br;q=.5"), 0, 0, 1000);
  expect(parse(",,, ;q=1, gzip,"), 1000, 0, 1000, "empty list elements are allowed");
  expect(parse("gzip;q=0.2, gzip;q=0.9"), 200, 0, 1000, "the first element of a coding counts");
  expect(parse(";;;=;q;q=;=1"), 0, 0, 1000);
  expect(parse(std::string_view("gzip\0br", 7)), 0, 0, 1000);
}

TEST(AcceptEncoding, AHugeFieldIsReadInOnePass) {
  std::string field;
  for (int i = 0; i < 20000; ++i) field += "x-unknown-" + std::to_string(i) + ";q=0.5;a=b, ";
  field += "br;q=0.9";
  expect(parse(field), 0, 900, 1000);
  expect(parse(std::string(100000, ';')), 0, 0, 1000);
  expect(parse(std::string(100000, ',')), 0, 0, 1000);
}

TEST(AcceptEncoding, TheHighestQWinsAndTiesPreferBrThenGzip) {
  EXPECT_EQ(choose_coding(parse("gzip, br"), false), Coding::br);
  EXPECT_EQ(choose_coding(parse("gzip, br"), true), Coding::gzip) << "a kept gzip form costs nothing";
  EXPECT_EQ(choose_coding(parse("gzip;q=0.5, br"), true), Coding::br) << "unless the client prefers br";
  EXPECT_EQ(choose_coding(parse("gzip;q=0.5, identity"), false), Coding::identity);
  EXPECT_EQ(choose_coding(parse("gzip;q=0.5, identity;q=0.4"), false), Coding::gzip);
  EXPECT_EQ(choose_coding(parse("identity;q=0"), false), Coding::identity) << "nothing acceptable: identity anyway";
  EXPECT_EQ(choose_coding(parse_accept_encoding(std::nullopt), true), Coding::identity);
  EXPECT_TRUE(stream_in_gzip(parse("gzip, br")));
  EXPECT_FALSE(stream_in_gzip(parse("br")));
  EXPECT_FALSE(stream_in_gzip(parse("gzip;q=0.5")));
}

TEST(EncodeBody, LargeBodiesAreCompressedAndSayWhy) {
  auto body = metrics_like(500);
  auto r = text(body);
  encode_body(r, parse("gzip"), 1024);
  EXPECT_EQ(header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(varlet::decoders::gunzip(r.body), body);

  auto b = text(body);
  encode_body(b, parse("gzip, br"), 1024);
  EXPECT_EQ(header(b, "Content-Encoding"), "br");
  EXPECT_EQ(varlet::decoders::unbrotli(b.body), body);
}

TEST(EncodeBody, SmallEmptyAndBodilessAnswersAreNot) {
  auto small = text(std::string(1023, 'a'));
  encode_body(small, parse("gzip"), 1024);
  EXPECT_EQ(header(small, "Content-Encoding"), "");
  EXPECT_EQ(header(small, "Vary"), "") << "a small answer never varies";
  for (int status : {202, 204}) {
    auto r = text(metrics_like(100), status);
    encode_body(r, parse("gzip"), 1024);
    EXPECT_EQ(header(r, "Content-Encoding"), "");
  }
  auto off = text(metrics_like(100));
  encode_body(off, parse("gzip"), 0);
  EXPECT_EQ(header(off, "Content-Encoding"), "") << "0: never compress";
  auto plain = text(metrics_like(100));
  encode_body(plain, parse("identity"), 1024);
  EXPECT_EQ(header(plain, "Content-Encoding"), "");
  EXPECT_EQ(header(plain, "Vary"), "Accept-Encoding");
}

TEST(EncodeBody, ABodyThatDoesNotShrinkGoesAsItIs) {
  std::mt19937 random(7);
  std::string noise(4096, '\0');
  for (auto& c : noise) c = static_cast<char>(random());
  auto r = text(noise);
  encode_body(r, parse("gzip"), 1024);
  EXPECT_EQ(header(r, "Content-Encoding"), "");
  EXPECT_EQ(r.body, noise);
}

TEST(EncodeBody, ACachedResultIsSplicedFromItsKeptForm) {
  auto result = std::make_shared<const std::string>("{\"text\":\"" + metrics_like(100) + "\"}");
  auto source = std::make_shared<const varlet::compression::Spliceable>(result, std::vector<std::size_t>{1});
  std::string prefix = R"({"jsonrpc":"2.0","id":3,"result":)";
  auto body = prefix + *result + "}";
  auto r = text(body);
  r.reuse = {source, {{prefix.size(), 0, result->size()}}};
  encode_body(r, parse("br, gzip"), 1024);
  EXPECT_EQ(header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(varlet::decoders::gunzip(r.body), body);
  EXPECT_GT(source->bytes(), 0u) << "made by this answer, kept for the next";
}
