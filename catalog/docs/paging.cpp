#include "catalog/docs/paging.hpp"

#include "catalog/docs/markdown.hpp"
#include "mcp/base64.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace varlet::catalog::docs {

using mcp::base64url;
using mcp::unbase64url;

namespace {

std::size_t utf8_boundary_at_or_before(std::string_view text, std::size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// The farthest line start in (from, limit], or nothing.
std::optional<std::size_t> last_line_start(std::string_view text, std::size_t from, std::size_t limit) {
  if (limit <= from) return std::nullopt;
  auto nl = text.rfind('\n', limit - 1);
  if (nl == std::string_view::npos || nl + 1 <= from) return std::nullopt;
  return nl + 1;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The scope's hash as 8 raw bytes, the start of every cursor payload.
std::string scope_tag(std::string_view scope) {
  auto h = fnv1a(scope);
  std::string tag(8, '\0');
  for (int i = 0; i < 8; ++i, h >>= 8) tag[i] = static_cast<char>(h & 0xFF);
  return tag;
}

}  // namespace

std::vector<Page> paginate(std::string_view text, std::size_t budget) {
  std::vector<Page> pages;
  if (text.empty()) return pages;
  budget = std::max<std::size_t>(budget, 1);
  auto doc = parse_document(text);
  const auto& blocks = doc.blocks;
  std::size_t start = 0;
  std::size_t b = 0;  // the first block ending after `start`
  while (start < text.size()) {
    while (b < blocks.size() && blocks[b].end <= start) ++b;
    std::size_t limit = start + budget;
    if (limit >= text.size()) {
      pages.push_back({start, text.size(), false});
      break;
    }
    // The farthest block boundary that fits; a heading boundary when one leaves the page at least
    // half full, so sections start pages when they can.
    std::size_t best = start, best_heading = start;
    for (std::size_t k = b; k < blocks.size() && blocks[k].end <= limit; ++k) {
      best = blocks[k].end;
      if (k + 1 < blocks.size() && blocks[k + 1].kind == BlockKind::heading) best_heading = blocks[k].end;
    }
    if (best_heading > start && best_heading - start >= budget / 2) best = best_heading;
    if (best > start) {
      pages.push_back({start, best, false});
      start = best;
      continue;
    }
    // The block at `start` alone exceeds the budget.
    const auto& block = blocks[b];
    if (block.kind == BlockKind::code) {  // never cut inside: the whole block is one page
      pages.push_back({start, block.end, true});
      start = block.end;
      continue;
    }
    auto cut = last_line_start(text, start, limit);
    std::size_t end = cut ? *cut : utf8_boundary_at_or_before(text, limit);
    if (end <= start) {  // one character wider than the budget
      end = start + 1;
      while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    }
    pages.push_back({start, end, end - start > budget});
    start = end;
  }
  return pages;
}

std::string encode_cursor(std::string_view scope, std::size_t offset) {
  return base64url(scope_tag(scope) + std::to_string(offset));
}

std::optional<std::size_t> decode_cursor(std::string_view cursor, std::string_view scope) {
  if (cursor.size() > 64) return std::nullopt;
  auto raw = unbase64url(cursor);
  if (!raw || raw->size() < 9 || raw->substr(0, 8) != scope_tag(scope)) return std::nullopt;
  auto digits = std::string_view(*raw).substr(8);
  std::size_t offset = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return offset;
}

}  // namespace varlet::catalog::docs
