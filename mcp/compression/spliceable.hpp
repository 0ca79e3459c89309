#pragma once
// A cached text's gzip form, made once and reused by every answer that repeats the text.
//
// An answer wraps a cached result in an envelope of its own ({"jsonrpc":"2.0","id":7,"result":
// <cached result>}), so its bytes differ per request and no compressed copy of a whole body can be
// kept. Deflate can still splice: the text is deflated once with a full flush at each cut point (no
// match reaches back across it, and each run ends on a byte boundary), and an answer is one gzip
// member whose deflate stream alternates the request's own bytes, deflated on the spot and
// full-flushed, with those stored runs; its CRC-32 is combined from the parts'. So the answer is a
// plain single-member gzip body, which every decoder reads whole (concatenated gzip members would
// be smaller to make, but curl, for one, stops after the first member).
//
// Brotli cannot splice: its meta-blocks share a window and distance state with what came before, so
// brotli answers are compressed whole per response (see transports/http/content_coding.hpp).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::compression {

class Spliceable {
public:
  // `cuts`: offsets inside the text where an answer may insert bytes of its own.
  Spliceable(std::shared_ptr<const std::string> text, std::vector<std::size_t> cuts);

  const std::string& text() const { return *text_; }

  struct Run {
    std::string_view deflated;  // raw deflate, no final block, ending on a byte boundary
    std::uint32_t crc;          // CRC-32 of the plain bytes
    std::size_t size;           // plain bytes
  };
  // text[begin, end), both cut points (or 0 or the size), deflated. The first call deflates the
  // text, whichever thread makes it; nothing when begin or end is not a cut point or zlib failed.
  std::optional<Run> run(std::size_t begin, std::size_t end) const;
  // What the deflated form holds, for the cache's accounting: 0 until it is made.
  std::size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

private:
  struct Piece {
    std::size_t plain;   // where it starts in the text
    std::size_t packed;  // where its deflated bytes start
    std::uint32_t crc;
  };
  void pack() const;

  std::shared_ptr<const std::string> text_;
  std::vector<std::size_t> bounds_;  // 0, the cuts, the size
  mutable std::once_flag once_;
  mutable std::string deflated_;
  mutable std::vector<Piece> pieces_;  // one per span between bounds, then one at the end; empty: zlib failed
  mutable std::atomic<std::size_t> bytes_{0};
};

// A stretch of an answer's body that repeats a stretch of a kept text:
// body[at, at + end - begin) == text[begin, end).
struct Span {
  std::size_t at;
  std::size_t begin;
  std::size_t end;
};

// What an answer's body reuses of a kept text; empty: nothing.
struct Reuse {
  std::shared_ptr<const Spliceable> source;
  std::vector<Span> spans;  // in order, not overlapping
  explicit operator bool() const { return source && !spans.empty(); }
};

// `body` as one gzip member, the spans taken from their source's deflated form. Nothing when a span
// does not match the body or zlib failed (the caller compresses the body whole instead).
std::optional<std::string> gzip_spliced(std::string_view body, const Reuse& reuse);

}  // namespace varlet::compression
