#include "mcp/compression/codings.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <climits>

namespace varlet::compression {
namespace {

// A thread's deflater, reset for each use: a new one allocates some 256 KB, which glibc maps and
// unmaps on every answer.
Deflater* reusable(std::unique_ptr<Deflater>& slot, int level, int window_bits, int mem_level) {
  if (slot && slot->ok() && slot->reset()) return slot.get();
  slot = std::make_unique<Deflater>(level, window_bits, mem_level);
  return slot->ok() ? slot.get() : nullptr;
}

}  // namespace

Deflater::Deflater(int level, int window_bits, int mem_level) : stream_(std::make_unique<z_stream>()) {
  ok_ = deflateInit2(stream_.get(), level, Z_DEFLATED, window_bits, mem_level, Z_DEFAULT_STRATEGY) == Z_OK;
}

Deflater::~Deflater() {
  if (ok_) deflateEnd(stream_.get());
}

bool Deflater::reset() { return ok_ && deflateReset(stream_.get()) == Z_OK; }

bool Deflater::write(std::string_view in, int flush, std::string& out) {
  if (!ok_ || in.size() > UINT_MAX / 2) return false;
  auto& s = *stream_;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  while (true) {
    auto used = out.size();
    auto room = static_cast<uInt>(deflateBound(&s, s.avail_in) + 64);
    out.resize(used + room);
    s.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    s.avail_out = room;
    int rc = deflate(&s, flush);
    out.resize(out.size() - s.avail_out);
    if (rc == Z_STREAM_END) return true;
    // Z_BUF_ERROR with room left: nothing more to do (a flush repeated with no new input).
    if (rc == Z_BUF_ERROR && s.avail_out != 0) return flush != Z_FINISH;
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      deflateEnd(&s);
      ok_ = false;
      return false;
    }
    if (flush != Z_FINISH && s.avail_in == 0 && s.avail_out != 0) return true;
  }
}

std::optional<std::string> gzip(std::string_view body) {
  thread_local std::unique_ptr<Deflater> slot;
  auto* deflater = reusable(slot, gzip_level, 15 + 16, 8);
  std::string out;
  if (!deflater || !deflater->write(body, Z_FINISH, out)) return std::nullopt;
  return out;
}

std::optional<std::string> brotli(std::string_view body) {
  std::string out(BrotliEncoderMaxCompressedSize(body.size()), '\0');
  if (out.empty()) return std::nullopt;  // too large to bound
  std::size_t size = out.size();
  if (!BrotliEncoderCompress(brotli_quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                             reinterpret_cast<const std::uint8_t*>(body.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    return std::nullopt;
  out.resize(size);
  return out;
}

GzipStream::GzipStream() : deflater_(gzip_level, 12 + 16, 5) {}

std::optional<std::string> GzipStream::write(std::string_view event) {
  std::string out;
  if (!deflater_.write(event, Z_SYNC_FLUSH, out)) return std::nullopt;
  return out;
}

std::optional<std::string> GzipStream::finish() {
  std::string out;
  if (!deflater_.write({}, Z_FINISH, out)) return std::nullopt;
  return out;
}

}  // namespace varlet::compression
