#pragma once
// Cutting a docs page into pages that fit a model's context: at most `budget` bytes each, cut
// between sections, paragraphs, tables and code blocks (a long paragraph or table between lines),
// never inside a code block. A single code block larger than the budget is a page of its own,
// marked oversized. The pages tile the text: concatenated they give it back byte for byte.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::docs {

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool oversized = false;
};

std::vector<Page> paginate(std::string_view text, std::size_t budget);

// An opaque cursor for the page starting at `offset` of the text identified by `scope` (e.g. tool,
// version, locale, component, section and budget). Decoding checks that the cursor was issued for
// the same scope; it returns nothing for anything else.
std::string encode_cursor(std::string_view scope, std::size_t offset);
std::optional<std::size_t> decode_cursor(std::string_view cursor, std::string_view scope);

}  // namespace varlet::catalog::docs
