#include "actors/l2_format.hpp"

#include <zlib.h>

#include <memory>

namespace varlet::actors {
namespace {

constexpr std::string_view magic{"VARLETL2", 8};
constexpr std::uint32_t format_version = 1;
constexpr std::uint8_t flag_absent = 1;
constexpr std::size_t header_crc_offset = 60;

template <typename T>
void put(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff));
}

template <typename T>
T get(std::string_view in, std::size_t offset) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i)
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[offset + i])) << (8 * i);
  return static_cast<T>(value);
}

std::uint32_t crc(std::uint32_t seed, std::string_view bytes) {
  return static_cast<std::uint32_t>(
      ::crc32_z(seed, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<z_size_t>(bytes.size())));
}

std::optional<std::string> compress(std::string_view payload) {
  uLongf size = ::compressBound(payload.size());
  std::string out(size, '\0');
  if (::compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(payload.data()),
                  payload.size(), Z_DEFAULT_COMPRESSION) != Z_OK)
    return std::nullopt;
  out.resize(size);
  return out;
}

L2HeadResult refuse(L2Verdict verdict, std::string why) { return {verdict, std::move(why), {}}; }

std::string number(std::uint64_t n) { return std::to_string(n); }

}  // namespace

std::uint64_t l2_max_file_bytes() {
  return l2_header_bytes + l2_max_key_bytes + l2_max_etag_bytes + ::compressBound(l2_max_payload_bytes);
}

L2Encoded encode_l2_entry(msg::ResourceKind kind, std::string_view key, const msg::DiskRecord& record) {
  const auto& entry = record.entry;
  std::string_view payload = entry.bytes ? std::string_view(*entry.bytes) : std::string_view();
  if (payload.size() > l2_max_payload_bytes || key.size() > l2_max_key_bytes || entry.etag.size() > l2_max_etag_bytes)
    return {"", "the entry is beyond what L2 keeps (" + number(payload.size()) + " bytes of payload, at most " +
                    number(l2_max_payload_bytes) + "; a key of " + number(key.size()) + " bytes, at most " +
                    number(l2_max_key_bytes) + ")"};
  auto compressed = compress(payload);
  if (!compressed) return {"", "zlib could not compress the entry"};
  std::string out;
  out.reserve(l2_header_bytes + key.size() + entry.etag.size() + compressed->size());
  out.append(magic);
  put<std::uint32_t>(out, format_version);
  put<std::uint8_t>(out, static_cast<std::uint8_t>(kind));
  put<std::uint8_t>(out, entry.absent ? flag_absent : 0);
  put<std::uint16_t>(out, 0);
  put<std::int64_t>(out, entry.created);
  put<std::int64_t>(out, record.expires);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(key.size()));
  put<std::uint32_t>(out, static_cast<std::uint32_t>(entry.etag.size()));
  put<std::uint64_t>(out, payload.size());
  put<std::uint64_t>(out, compressed->size());
  put<std::uint32_t>(out, crc(0, payload));
  put<std::uint32_t>(out, crc(crc(crc(0, out), key), entry.etag));
  out.append(key).append(entry.etag).append(*compressed);
  return {std::move(out), ""};
}

std::size_t l2_head_bytes(std::string_view first_bytes) {
  if (first_bytes.size() < l2_header_bytes || first_bytes.substr(0, magic.size()) != magic) return 0;
  auto key_size = get<std::uint32_t>(first_bytes, 32), etag_size = get<std::uint32_t>(first_bytes, 36);
  if (key_size > l2_max_key_bytes || etag_size > l2_max_etag_bytes) return 0;
  return l2_header_bytes + key_size + etag_size;
}

L2HeadResult parse_l2_head(std::string_view file) {
  if (file.size() < l2_header_bytes) return refuse(L2Verdict::corrupt, "shorter than a header");
  if (file.substr(0, magic.size()) != magic) return refuse(L2Verdict::corrupt, "not an L2 file (bad magic)");
  if (auto version = get<std::uint32_t>(file, 8); version != format_version)
    return refuse(L2Verdict::outdated, "format " + number(version) + ", this build reads " + number(format_version));
  auto key_size = get<std::uint32_t>(file, 32), etag_size = get<std::uint32_t>(file, 36);
  if (key_size > l2_max_key_bytes || etag_size > l2_max_etag_bytes)
    return refuse(L2Verdict::corrupt, "the header claims a key of " + number(key_size) + " or an etag of " +
                                          number(etag_size) + " bytes, beyond the limits");
  if (file.size() - l2_header_bytes < std::uint64_t{key_size} + etag_size)
    return refuse(L2Verdict::corrupt, "cut short inside the key or etag");
  auto key = file.substr(l2_header_bytes, key_size);
  auto etag = file.substr(l2_header_bytes + key_size, etag_size);
  if (crc(crc(crc(0, file.substr(0, header_crc_offset)), key), etag) != get<std::uint32_t>(file, header_crc_offset))
    return refuse(L2Verdict::corrupt, "the header checksum does not match");
  L2HeadResult result{L2Verdict::ok, "", {}};
  auto& h = result.head;
  auto kind = get<std::uint8_t>(file, 12);
  if (kind >= msg::resource_kind_count) return refuse(L2Verdict::corrupt, "an unknown resource kind " + number(kind));
  h.kind = static_cast<msg::ResourceKind>(kind);
  h.absent = (get<std::uint8_t>(file, 13) & flag_absent) != 0;
  h.created = get<std::int64_t>(file, 16);
  h.expires = get<std::int64_t>(file, 24);
  h.payload_size = get<std::uint64_t>(file, 40);
  h.compressed_size = get<std::uint64_t>(file, 48);
  h.payload_crc = get<std::uint32_t>(file, 56);
  h.body_offset = l2_header_bytes + key_size + etag_size;
  if (h.payload_size > l2_max_payload_bytes)
    return refuse(L2Verdict::corrupt, "the header claims a payload of " + number(h.payload_size) +
                                          " bytes, more than an entry may hold (" + number(l2_max_payload_bytes) + ")");
  h.key = key;
  h.etag = etag;
  return result;
}

L2Decoded decode_l2_entry(std::string_view file, msg::ResourceKind kind, std::string_view key) {
  auto parsed = parse_l2_head(file);
  if (parsed.verdict != L2Verdict::ok) return {parsed.verdict, std::move(parsed.why), std::nullopt};
  auto& h = parsed.head;
  if (h.kind != kind) return {L2Verdict::other_kind, "an entry of another kind", std::nullopt};
  if (h.key != key) return {L2Verdict::other_key, "the entry of another key", std::nullopt};
  auto body = file.substr(h.body_offset);
  if (body.size() != h.compressed_size)
    return {L2Verdict::corrupt,
            "the body is " + number(body.size()) + " bytes, the header says " + number(h.compressed_size),
            std::nullopt};
  // Checked against the bytes actually present, so no claim in the header decides an allocation.
  if (h.payload_size > body.size() * l2_max_inflate_ratio + l2_inflate_slack)
    return {L2Verdict::corrupt,
            "the header claims a payload of " + number(h.payload_size) + " bytes from " + number(body.size()) +
                " compressed bytes, more than zlib can expand to",
            std::nullopt};
  auto payload = std::make_shared<std::string>(h.payload_size, '\0');
  uLongf size = h.payload_size;
  auto status = ::uncompress(reinterpret_cast<Bytef*>(payload->data()), &size,
                             reinterpret_cast<const Bytef*>(body.data()), body.size());
  if (status != Z_OK || size != h.payload_size) return {L2Verdict::corrupt, "the payload does not inflate", std::nullopt};
  if (crc(0, *payload) != h.payload_crc)
    return {L2Verdict::corrupt, "the payload checksum does not match", std::nullopt};
  msg::DiskRecord record;
  record.entry.bytes = std::move(payload);
  record.entry.absent = h.absent;
  record.entry.created = h.created;
  record.entry.etag = std::move(h.etag);
  record.expires = h.expires;
  return {L2Verdict::ok, "", std::move(record)};
}

}  // namespace varlet::actors
