#include "mcp/compression/spliceable.hpp"

#include "mcp/compression/codings.hpp"

#include <zlib.h>

#include <algorithm>

namespace varlet::compression {
namespace {

// RFC 1952: deflate, no flags, no modification time, no extra flags, unknown system.
constexpr char gzip_header[10] = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};

void append_le32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

// The request's own bytes between the spans are few (the envelope, the id, a few members): a
// thread's small deflater (4 KB window) does them.
Deflater* gap_deflater() {
  thread_local std::unique_ptr<Deflater> slot;
  if (slot && slot->ok() && slot->reset()) return slot.get();
  slot = std::make_unique<Deflater>(gzip_level, -12, 4);
  return slot->ok() ? slot.get() : nullptr;
}

}  // namespace

Spliceable::Spliceable(std::shared_ptr<const std::string> text, std::vector<std::size_t> cuts)
    : text_(std::move(text)), bounds_(std::move(cuts)) {
  auto size = text_->size();
  std::erase_if(bounds_, [size](std::size_t cut) { return cut == 0 || cut >= size; });
  bounds_.push_back(0);
  bounds_.push_back(size);
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
}

// Deflated once and kept, so at the best level.
void Spliceable::pack() const {
  Deflater deflater(Z_BEST_COMPRESSION, -15, 8);
  std::string out;
  std::vector<Piece> pieces;
  std::string_view text = *text_;
  for (std::size_t i = 0; i + 1 < bounds_.size(); ++i) {
    auto piece = text.substr(bounds_[i], bounds_[i + 1] - bounds_[i]);
    pieces.push_back({bounds_[i], out.size(),
                      static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(piece.data()), piece.size()))});
    if (!deflater.write(piece, Z_FULL_FLUSH, out)) return;
  }
  pieces.push_back({text.size(), out.size(), 0});
  out.shrink_to_fit();
  deflated_ = std::move(out);
  pieces_ = std::move(pieces);
  bytes_.store(deflated_.capacity() + pieces_.capacity() * sizeof(Piece), std::memory_order_relaxed);
}

std::optional<Spliceable::Run> Spliceable::run(std::size_t begin, std::size_t end) const {
  std::call_once(once_, [this] { pack(); });
  auto first = std::lower_bound(bounds_.begin(), bounds_.end(), begin);
  auto last = std::lower_bound(bounds_.begin(), bounds_.end(), end);
  if (pieces_.empty() || first == bounds_.end() || last == bounds_.end() || *first != begin || *last != end ||
      last < first)
    return std::nullopt;
  auto i = static_cast<std::size_t>(first - bounds_.begin()), j = static_cast<std::size_t>(last - bounds_.begin());
  uLong crc = 0;
  for (auto k = i; k < j; ++k)
    crc = crc32_combine(crc, pieces_[k].crc, static_cast<z_off_t>(pieces_[k + 1].plain - pieces_[k].plain));
  std::string_view deflated = deflated_;
  return Run{deflated.substr(pieces_[i].packed, pieces_[j].packed - pieces_[i].packed), static_cast<std::uint32_t>(crc),
             end - begin};
}

std::optional<std::string> gzip_spliced(std::string_view body, const Reuse& reuse) {
  if (!reuse) return std::nullopt;
  auto* deflater = gap_deflater();
  if (!deflater) return std::nullopt;
  std::string_view text = reuse.source->text();
  std::string out(gzip_header, sizeof gzip_header);
  uLong crc = 0;
  std::size_t pos = 0;
  for (const auto& span : reuse.spans) {
    if (span.end < span.begin || span.end > text.size() || span.at < pos) return std::nullopt;
    auto size = span.end - span.begin;
    if (span.at > body.size() || size > body.size() - span.at || body.substr(span.at, size) != text.substr(span.begin, size))
      return std::nullopt;
    auto run = reuse.source->run(span.begin, span.end);
    if (!run) return std::nullopt;
    auto gap = body.substr(pos, span.at - pos);
    if (!gap.empty()) {
      // A full flush: what the request deflates next never refers back across the inserted run.
      if (!deflater->write(gap, Z_FULL_FLUSH, out)) return std::nullopt;
      crc = crc32_z(crc, reinterpret_cast<const Bytef*>(gap.data()), gap.size());
    }
    if (out.capacity() < out.size() + run->deflated.size()) out.reserve(out.size() + run->deflated.size() + 256);
    out += run->deflated;
    crc = crc32_combine(crc, run->crc, static_cast<z_off_t>(run->size));
    pos = span.at + size;
  }
  auto tail = body.substr(pos);
  if (!deflater->write(tail, Z_FINISH, out)) return std::nullopt;
  crc = crc32_z(crc, reinterpret_cast<const Bytef*>(tail.data()), tail.size());
  append_le32(out, static_cast<std::uint32_t>(crc));
  append_le32(out, static_cast<std::uint32_t>(body.size() & 0xffffffffu));
  return out;
}

}  // namespace varlet::compression
