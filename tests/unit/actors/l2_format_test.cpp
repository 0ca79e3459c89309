// The L2 decoder reads files that may be damaged or hostile: every size a header claims is checked
// before anything is allocated from it (allocation_probe watches what the decoder asks for).
#include "actors/l2_format.hpp"

#include "allocation_probe.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <vector>

using namespace varlet::actors;
using varlet::msg::DiskRecord;
using varlet::msg::ResourceKind;
using varlet::testing::largest_allocation_of;

namespace {

template <typename T>
void poke(std::string& file, std::size_t offset, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    file[offset + i] = static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff);
}

// Recomputes the header checksum, as a hostile writer would, so only the claimed sizes are wrong.
void reseal(std::string& file) {
  auto key_size = static_cast<unsigned char>(file[32]) | static_cast<unsigned char>(file[33]) << 8;
  auto etag_size = static_cast<unsigned char>(file[36]) | static_cast<unsigned char>(file[37]) << 8;
  auto sum = ::crc32(0, reinterpret_cast<const Bytef*>(file.data()), 60);
  sum = ::crc32(sum, reinterpret_cast<const Bytef*>(file.data()) + 64, key_size + etag_size);
  poke<std::uint32_t>(file, 60, static_cast<std::uint32_t>(sum));
}

DiskRecord record_of(std::string payload, std::string etag = "") {
  DiskRecord r;
  r.entry.bytes = std::make_shared<const std::string>(std::move(payload));
  r.entry.created = 1700000000;
  r.entry.etag = std::move(etag);
  r.expires = 1800000000;
  return r;
}

std::string encoded(const std::string& key, std::string payload, std::string etag = "") {
  auto e = encode_l2_entry(ResourceKind::package_file, key, record_of(std::move(payload), std::move(etag)));
  EXPECT_EQ(e.error, "");
  return e.bytes;
}

}  // namespace

TEST(L2Format, TheAllocationProbeSeesAllocations) {
  // Without this, a probe that saw nothing would let every "allocated less than" below pass.
  auto largest = largest_allocation_of([] { std::vector<char> buffer(200000); });
  EXPECT_GE(largest, 200000u);
}

TEST(L2Format, RoundTripKeepsEverythingStored) {
  std::string payload;
  for (int i = 0; i < 500; ++i) payload += "export interface ButtonProps { type?: string }\n";
  auto file = encoded("@varlet/ui@3.20.6/types/button.d.ts", payload, "\"etag-1\"");
  EXPECT_LT(file.size(), payload.size() / 4);
  auto decoded = decode_l2_entry(file, ResourceKind::package_file, "@varlet/ui@3.20.6/types/button.d.ts");
  ASSERT_EQ(decoded.verdict, L2Verdict::ok) << decoded.why;
  EXPECT_EQ(*decoded.record->entry.bytes, payload);
  EXPECT_EQ(decoded.record->entry.etag, "\"etag-1\"");
  EXPECT_EQ(decoded.record->entry.created, 1700000000);
  EXPECT_EQ(decoded.record->expires, 1800000000);
  EXPECT_EQ(l2_head_bytes(file), 64 + std::string("@varlet/ui@3.20.6/types/button.d.ts").size() + 8);
}

TEST(L2Format, OtherKeysKindsAndVersionsAreToldApart) {
  auto file = encoded("a", "value");
  EXPECT_EQ(decode_l2_entry(file, ResourceKind::package_file, "b").verdict, L2Verdict::other_key);
  EXPECT_EQ(decode_l2_entry(file, ResourceKind::docs_file, "a").verdict, L2Verdict::other_kind);
  auto later = file;
  poke<std::uint32_t>(later, 8, 2);
  EXPECT_EQ(decode_l2_entry(later, ResourceKind::package_file, "a").verdict, L2Verdict::outdated);
  auto unknown_kind = file;
  unknown_kind[12] = 9;
  reseal(unknown_kind);
  EXPECT_EQ(decode_l2_entry(unknown_kind, ResourceKind::package_file, "a").verdict, L2Verdict::corrupt);
}

TEST(L2Format, HugePayloadClaimsAreCorruptWithoutAllocatingThem) {
  auto file = encoded("key", "a small payload that compresses into a few bytes");
  struct Claim {
    std::uint64_t payload;
    const char* why;
  };
  const auto compressed = file.size() - 64 - 3;
  for (auto claim : {Claim{1ull << 60, "more than an entry may hold"},
                     Claim{l2_max_payload_bytes + 1, "more than an entry may hold"},
                     Claim{compressed * l2_max_inflate_ratio + l2_inflate_slack + 1, "more than zlib can expand to"}}) {
    auto hostile = file;
    poke<std::uint64_t>(hostile, 40, claim.payload);
    reseal(hostile);
    L2Decoded decoded;
    auto largest = largest_allocation_of([&] { decoded = decode_l2_entry(hostile, ResourceKind::package_file, "key"); });
    EXPECT_EQ(decoded.verdict, L2Verdict::corrupt) << claim.payload;
    EXPECT_NE(decoded.why.find(claim.why), std::string::npos) << decoded.why;
    EXPECT_LT(largest, 4096u) << "the decoder allocated from the claim of " << claim.payload << " bytes";
  }
}

TEST(L2Format, HugeKeyAndCompressedClaimsAreCorruptWithoutAllocatingThem) {
  auto file = encoded("key", "payload");
  for (auto [offset, value] : {std::pair<std::size_t, std::uint64_t>{32, 0xffffffffu}, {36, 0x7fffffffu},
                               {32, l2_max_key_bytes + 1}}) {
    auto hostile = file;
    poke<std::uint32_t>(hostile, offset, static_cast<std::uint32_t>(value));
    L2Decoded decoded;
    auto largest = largest_allocation_of([&] { decoded = decode_l2_entry(hostile, ResourceKind::package_file, "key"); });
    EXPECT_EQ(decoded.verdict, L2Verdict::corrupt);
    EXPECT_LT(largest, 4096u);
    EXPECT_EQ(l2_head_bytes(hostile), 0u);
  }
  auto grown = file;
  poke<std::uint64_t>(grown, 48, 1ull << 62);
  reseal(grown);
  auto decoded = decode_l2_entry(grown, ResourceKind::package_file, "key");
  EXPECT_EQ(decoded.verdict, L2Verdict::corrupt);
  EXPECT_NE(decoded.why.find("the header says"), std::string::npos) << decoded.why;
}

TEST(L2Format, EveryTruncationIsCorrupt) {
  auto file = encoded("varletjs/varlet@v3.20.6/CHANGELOG.md", std::string(5000, 'x') + "end", "W/\"1\"");
  for (std::size_t size = 0; size < file.size(); ++size)
    EXPECT_EQ(decode_l2_entry(file.substr(0, size), ResourceKind::package_file, "varletjs/varlet@v3.20.6/CHANGELOG.md")
                  .verdict,
              L2Verdict::corrupt)
        << size;
}

TEST(L2Format, ALyingPayloadSizeWithinTheRatioIsCaughtByInflate) {
  auto file = encoded("key", std::string(1000, 'z'));
  poke<std::uint64_t>(file, 40, 2000);
  reseal(file);
  auto decoded = decode_l2_entry(file, ResourceKind::package_file, "key");
  EXPECT_EQ(decoded.verdict, L2Verdict::corrupt);
  EXPECT_EQ(decoded.why, "the payload does not inflate");
}

TEST(L2Format, EntriesBeyondTheLimitsAreRefusedByTheEncoder) {
  auto refused = encode_l2_entry(ResourceKind::rendered, std::string(l2_max_key_bytes + 1, 'k'), record_of("x"));
  EXPECT_TRUE(refused.bytes.empty());
  EXPECT_NE(refused.error.find("beyond what L2 keeps"), std::string::npos) << refused.error;
}
