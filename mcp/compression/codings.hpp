#pragma once
// The content codings HTTP answers use: gzip (zlib) and br (libbrotli), a whole body at once or,
// for SSE, a gzip stream flushed after every event. Nothing is returned when the library fails
// (out of memory): the caller then sends the bytes uncompressed.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct z_stream_s z_stream;

namespace varlet::compression {

// One zlib deflate stream. `window_bits` as deflateInit2 takes it: negative for raw deflate,
// +16 for a gzip wrapper.
class Deflater {
public:
  Deflater(int level, int window_bits, int mem_level);
  ~Deflater();
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  bool ok() const { return ok_; }
  // Compresses `in` and appends to `out` what deflate() gives with `flush` (Z_NO_FLUSH,
  // Z_SYNC_FLUSH, Z_FULL_FLUSH or Z_FINISH). False when zlib failed; the stream is then unusable.
  bool write(std::string_view in, int flush, std::string& out);
  // Ready for a new stream of the same parameters (cheaper than a new one: no allocation).
  bool reset();

private:
  std::unique_ptr<z_stream> stream_;
  bool ok_ = false;
};

inline constexpr int gzip_level = 6;
inline constexpr int brotli_quality = 5;

std::optional<std::string> gzip(std::string_view body);
std::optional<std::string> brotli(std::string_view body);

// An SSE stream as one gzip member, each event flushed (Z_SYNC_FLUSH) so the client decodes it as
// soon as it arrives. Its window and hash are small (about 32 KB a stream instead of zlib's
// default 256 KB): streams may be many and long-lived, and their events are small.
class GzipStream {
public:
  GzipStream();
  bool ok() const { return deflater_.ok(); }
  std::optional<std::string> write(std::string_view event);
  std::optional<std::string> finish();

private:
  Deflater deflater_;
};

}  // namespace varlet::compression
