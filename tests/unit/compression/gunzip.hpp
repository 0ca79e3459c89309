#pragma once
// Decoders for the tests: zlib's and libbrotli's own, never the code under test.
#include <brotli/decode.h>
#include <zlib.h>

#include <optional>
#include <string>
#include <string_view>

namespace varlet::decoders {

// One gzip member, which must fill `data` exactly (a second member or trailing bytes: nothing).
inline std::optional<std::string> gunzip(std::string_view data) {
  z_stream s{};
  if (inflateInit2(&s, 15 + 16) != Z_OK) return std::nullopt;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    char buffer[4096];
    s.next_out = reinterpret_cast<Bytef*>(buffer);
    s.avail_out = sizeof buffer;
    rc = inflate(&s, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - s.avail_out);
    if (rc == Z_BUF_ERROR && s.avail_out != 0) break;
  }
  bool whole = rc == Z_STREAM_END && s.avail_in == 0;
  inflateEnd(&s);
  if (!whole) return std::nullopt;
  return out;
}

inline std::optional<std::string> unbrotli(std::string_view data) {
  auto* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  std::string out;
  std::size_t in_left = data.size();
  const auto* in = reinterpret_cast<const std::uint8_t*>(data.data());
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    std::uint8_t buffer[4096];
    std::size_t out_left = sizeof buffer;
    std::uint8_t* next = buffer;
    rc = BrotliDecoderDecompressStream(state, &in_left, &in, &out_left, &next, nullptr);
    out.append(reinterpret_cast<char*>(buffer), sizeof buffer - out_left);
  }
  BrotliDecoderDestroyInstance(state);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS || in_left != 0) return std::nullopt;
  return out;
}

}  // namespace varlet::decoders
