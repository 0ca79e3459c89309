#include "mcp/compression/codings.hpp"
#include "mcp/compression/spliceable.hpp"
#include "tests/unit/compression/gunzip.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace varlet;
using namespace varlet::compression;
using varlet::decoders::gunzip;

namespace {

// A result as the cache keeps one: a few kilobytes of JSON with its own _meta.
std::shared_ptr<const std::string> cached_result() {
  std::string text = R"({"content":[{"type":"text","text":")";
  for (int i = 0; i < 200; ++i) text += "| prop" + std::to_string(i) + " | string | `'default'` | The size of the button |\\n";
  text += R"("}],"_meta":{"varlet":{"version":"3.20.6"}},"structuredContent":{"props":[]}})";
  return std::make_shared<const std::string>(text);
}

std::size_t meta_of(const std::string& text) { return text.find(R"("_meta":{)") + 9; }

}  // namespace

TEST(Spliceable, AnEnvelopeAroundTheWholeTextDecodesToTheBody) {
  auto text = cached_result();
  auto source = std::make_shared<const Spliceable>(text, std::vector<std::size_t>{1, meta_of(*text)});
  EXPECT_EQ(source->bytes(), 0u) << "deflated only when first needed";
  std::string prefix = R"({"jsonrpc":"2.0","id":7,"result":)";
  auto body = prefix + *text + "}";
  auto gz = gzip_spliced(body, {source, {{prefix.size(), 0, text->size()}}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gunzip(*gz), body) << "one gzip member that decodes to exactly the body";
  EXPECT_LT(gz->size(), body.size() / 4);
  EXPECT_GT(source->bytes(), 0u);
}

TEST(Spliceable, BytesOfTheRequestInsertedAtTheCutsDecodeInPlace) {
  auto text = cached_result();
  auto meta = meta_of(*text);
  auto source = std::make_shared<const Spliceable>(text, std::vector<std::size_t>{1, meta});
  // The 2026-07-28 form: members in front of the result's own, the server's identity in its _meta.
  for (std::string id : {"1", "\"a-long-string-id-that-differs-per-request\"", "9007199254740991"}) {
    std::string body = R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{"resultType":"complete",)";
    std::vector<Span> spans;
    spans.push_back({body.size(), 1, meta});
    body += text->substr(1, meta - 1);
    body += R"("io.modelcontextprotocol/serverInfo":{"name":"varlet-mcp"},)";
    spans.push_back({body.size(), meta, text->size()});
    body += text->substr(meta);
    body += "}";
    auto gz = gzip_spliced(body, {source, spans});
    ASSERT_TRUE(gz);
    EXPECT_EQ(gunzip(*gz), body);
  }
}

TEST(Spliceable, ABodyThatIsTheTextAloneNeedsNoBytesOfItsOwn) {
  auto text = cached_result();
  auto source = std::make_shared<const Spliceable>(text, std::vector<std::size_t>{});
  auto gz = gzip_spliced(*text, {source, {{0, 0, text->size()}}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gunzip(*gz), *text);
}

TEST(Spliceable, SpansThatAreNotCutsOrDoNotMatchTheBodyAreRefused) {
  auto text = cached_result();
  auto source = std::make_shared<const Spliceable>(text, std::vector<std::size_t>{1});
  auto body = "[" + *text + "]";
  EXPECT_TRUE(gzip_spliced(body, {source, {{1, 0, text->size()}}}));
  EXPECT_FALSE(gzip_spliced(body, {source, {{1, 0, 7}}})) << "7 is no cut";
  EXPECT_FALSE(gzip_spliced(body, {source, {{0, 0, text->size()}}})) << "the body differs there";
  EXPECT_FALSE(gzip_spliced(body, {source, {{2, 0, text->size()}}})) << "past the body's end";
  EXPECT_FALSE(gzip_spliced(body, {source, {{1, 1, 0}}})) << "an inverted span";
  EXPECT_FALSE(gzip_spliced(body, {source, {}})) << "nothing to splice";
  auto other = std::make_shared<const Spliceable>(std::make_shared<const std::string>("{}"), std::vector<std::size_t>{});
  EXPECT_FALSE(gzip_spliced(body, {other, {{1, 0, 2}}}));
}

TEST(Spliceable, ThreadsThatNeedItAtOnceShareOneDeflatedForm) {
  auto text = cached_result();
  auto source = std::make_shared<const Spliceable>(text, std::vector<std::size_t>{1});
  std::vector<std::string> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] { seen[i] = std::string(source->run(0, text->size())->deflated); });
  for (auto& t : threads) t.join();
  for (auto& s : seen) EXPECT_EQ(s, seen.front());
  EXPECT_EQ(source->run(1, text->size())->size, text->size() - 1);
}

TEST(Codings, GzipAndBrotliRoundTrip) {
  auto text = cached_result();
  auto gz = gzip(*text);
  ASSERT_TRUE(gz);
  EXPECT_EQ(gunzip(*gz), *text);
  auto br = brotli(*text);
  ASSERT_TRUE(br);
  EXPECT_EQ(varlet::decoders::unbrotli(*br), *text);
  EXPECT_EQ(gunzip(*gzip("")), "");
}

TEST(Codings, AGzipStreamDecodesEventByEvent) {
  GzipStream stream;
  ASSERT_TRUE(stream.ok());
  z_stream in{};
  ASSERT_EQ(inflateInit2(&in, 15 + 16), Z_OK);
  std::string decoded, expected;
  auto feed = [&](const std::string& bytes) {
    in.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    in.avail_in = static_cast<uInt>(bytes.size());
    int rc = Z_OK;
    while (in.avail_in > 0 && rc == Z_OK) {
      char buffer[1024];
      in.next_out = reinterpret_cast<Bytef*>(buffer);
      in.avail_out = sizeof buffer;
      rc = inflate(&in, Z_SYNC_FLUSH);
      decoded.append(buffer, sizeof buffer - in.avail_out);
    }
    return rc;
  };
  for (int i = 0; i < 5; ++i) {
    auto event = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":" +
                 std::to_string(i) + "}}\n\n";
    expected += event;
    feed(*stream.write(event));
    EXPECT_EQ(decoded, expected) << "event " << i << " decodes before the next is written";
  }
  EXPECT_EQ(feed(*stream.finish()), Z_STREAM_END);
  EXPECT_EQ(decoded, expected);
  inflateEnd(&in);
}
