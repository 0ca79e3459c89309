// The disk cache's entry decoder, on files that may be anything. The header's checksum would stop
// nearly every mutation at the door, so each input is also decoded with that checksum made right,
// which lets the fuzzer reach the size checks and zlib behind it. An entry that decodes encodes
// and decodes again to the same record.
#include "actors/l2_format.hpp"

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

using namespace varlet;
using namespace varlet::actors;

constexpr std::size_t header_crc_offset = 60;

// The file with bytes 60..63 set to the checksum of the header before them, the key and the etag.
std::string with_header_checksum(std::string file) {
  auto head = l2_head_bytes(file);
  if (head == 0 || file.size() < head) return file;
  auto crc = ::crc32_z(0, reinterpret_cast<const Bytef*>(file.data()), header_crc_offset);
  crc = ::crc32_z(crc, reinterpret_cast<const Bytef*>(file.data()) + l2_header_bytes, head - l2_header_bytes);
  for (std::size_t i = 0; i < 4; ++i) file[header_crc_offset + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  return file;
}

bool same(const msg::DiskRecord& a, const msg::DiskRecord& b) {
  auto bytes = [](const msg::DiskRecord& r) { return r.entry.bytes ? std::string_view(*r.entry.bytes) : std::string_view(); };
  return bytes(a) == bytes(b) && a.entry.absent == b.entry.absent && a.entry.created == b.entry.created &&
         a.entry.etag == b.entry.etag && a.expires == b.expires;
}

void decode(std::string_view file) {
  (void)l2_head_bytes(file);
  auto head = parse_l2_head(file);
  if (head.verdict != L2Verdict::ok) return;
  (void)decode_l2_entry(file, head.head.kind, "another key");
  auto decoded = decode_l2_entry(file, head.head.kind, head.head.key);
  if (decoded.verdict != L2Verdict::ok) return;
  auto encoded = encode_l2_entry(head.head.kind, head.head.key, *decoded.record);
  if (!encoded.error.empty()) std::abort();
  auto again = decode_l2_entry(encoded.bytes, head.head.kind, head.head.key);
  if (again.verdict != L2Verdict::ok || !same(*again.record, *decoded.record)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view file(reinterpret_cast<const char*>(data), size);
  decode(file);
  decode(with_header_checksum(std::string(file)));
  return 0;
}
