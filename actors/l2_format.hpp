#pragma once
// The L2 entry file as pure code: encoding an entry, and decoding a file that may be anything (cut
// short, damaged, written by another version, or hostile). The decoder checks every size a header
// claims against the file and the limits below before it allocates anything.
//
// Layout, little endian:
//   0 magic "VARLETL2" | 8 u32 format | 12 u8 kind | 13 u8 flags | 14 u16 zero | 16 i64 created
//   24 i64 expires | 32 u32 key length | 36 u32 etag length | 40 u64 payload length
//   48 u64 compressed length | 56 u32 crc32 of the payload | 60 u32 crc32 of bytes 0..59, key and etag
//   64 key | etag | zlib-compressed payload
#include "messages/disk.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace varlet::actors {

inline constexpr std::size_t l2_header_bytes = 64;
// The largest entry L2 keeps; the encoder refuses more and the decoder calls a claim of more corrupt.
inline constexpr std::uint64_t l2_max_payload_bytes = 256ull << 20;
inline constexpr std::uint32_t l2_max_key_bytes = 1u << 20;
inline constexpr std::uint32_t l2_max_etag_bytes = 8u << 10;
// zlib's deflate never expands more than 1032:1; the slack covers the stream's own framing.
inline constexpr std::uint64_t l2_max_inflate_ratio = 1032;
inline constexpr std::uint64_t l2_inflate_slack = 1024;

// The largest file an entry within the limits can take: a bigger file is not an entry.
std::uint64_t l2_max_file_bytes();

enum class L2Verdict {
  ok,
  corrupt,     // cut short, damaged, or claiming sizes it cannot have
  outdated,    // another format version
  other_key,   // a whole entry, of a key whose file name is the same (a hash collision)
  other_kind,  // a whole entry of another resource kind
};

// The header, key and etag of an entry: what a scan needs, without the payload.
struct L2Head {
  msg::ResourceKind kind = msg::ResourceKind::package_file;
  bool absent = false;
  std::int64_t created = 0, expires = 0;
  std::uint64_t payload_size = 0, compressed_size = 0;
  std::uint32_t payload_crc = 0;
  std::string key, etag;
  std::size_t body_offset = 0;  // where the compressed payload starts
};

struct L2HeadResult {
  L2Verdict verdict = L2Verdict::corrupt;
  std::string why;  // set when the verdict is not ok
  L2Head head;      // valid when ok
};

struct L2Decoded {
  L2Verdict verdict = L2Verdict::corrupt;
  std::string why;                         // set when the verdict is not ok
  std::optional<msg::DiskRecord> record;   // set when ok
};

struct L2Encoded {
  std::string bytes;  // the whole file; empty when error is set
  std::string error;
};

// The file for `key`; an error when the entry is beyond the limits or zlib fails.
L2Encoded encode_l2_entry(msg::ResourceKind kind, std::string_view key, const msg::DiskRecord& record);

// How many bytes from the start of a file hold its header, key and etag, read from its first
// l2_header_bytes; 0 when those are not a header within the limits.
std::size_t l2_head_bytes(std::string_view first_bytes);

// Checks the header, key and etag at the start of `file` (the payload may be absent).
L2HeadResult parse_l2_head(std::string_view file);

// The entry a whole file holds, if it is a whole entry of `kind` and `key`.
L2Decoded decode_l2_entry(std::string_view file, msg::ResourceKind kind, std::string_view key);

}  // namespace varlet::actors
