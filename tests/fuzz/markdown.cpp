// Docs pages: the block parser, its helpers, and the component page built on it. Blocks must tile
// the source, as the paging code cuts pages at block boundaries.
#include "catalog/docs/component_doc.hpp"
#include "catalog/docs/markdown.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace docs = varlet::catalog::docs;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = docs::parse_document(text);
  std::size_t at = 0;
  for (const auto& block : doc.blocks) {
    if (block.begin != at || block.end < block.begin || block.end > text.size()) std::abort();
    at = block.end;
  }
  if (!doc.blocks.empty() && at != text.size()) std::abort();
  for (std::size_t s = 0; s < doc.sections.size(); ++s) {
    const auto& section = doc.sections[s];
    (void)docs::own_blocks_end(doc, section);
    (void)docs::within(doc, static_cast<int>(s), section.parent);
    (void)docs::prose(text, doc, section.first_block, section.end_block);
  }
  for (std::size_t b = 0; b < doc.blocks.size(); ++b) (void)docs::section_of(doc, b);
  (void)docs::intro(text, doc);
  (void)docs::parse_table(text);
  (void)docs::split_table_row(text);
  (void)docs::plain_cell(text);
  (void)docs::split_since(text);
  (void)docs::parse_component_doc(text);
  return 0;
}
