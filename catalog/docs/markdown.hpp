#pragma once
// The block structure of a Varlet docs page (the GitHub-flavoured subset the docs use): headings,
// fenced code, pipe tables and paragraphs, each with its byte range in the source, and the heading
// tree as sections. Any input is accepted: an unclosed fence runs to the end, odd lines are text.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::docs {

enum class BlockKind { heading, code, table, text };

// Blocks tile the source: each one runs from `begin` to the next block's `begin` (trailing blank
// lines belong to the block before them), so every block boundary is a safe place to cut.
struct Block {
  BlockKind kind = BlockKind::text;
  std::size_t begin = 0;
  std::size_t end = 0;
  int level = 0;         // heading: 1..6
  std::string text;      // heading: its title without since mark; others: empty
  std::string since;     // heading: a `***3.18.0***` mark, without the stars
  std::string language;  // code: the first word of the info string
  std::string code;      // code: the content between the fences, verbatim
};

struct Section {
  int level = 0;
  std::string title;
  std::string since;
  std::size_t begin = 0;       // the heading line
  std::size_t body_begin = 0;  // just after the heading block's first line
  std::size_t end = 0;         // the next heading of the same or a higher level, or the end
  std::size_t first_block = 0; // index of the heading block
  std::size_t end_block = 0;   // one past the section's last block
  int parent = -1;             // index into the sections vector
};

struct CodeBlock {
  std::string language;
  std::string code;
  int section = -1;  // the innermost section holding it
};

struct Document {
  std::string title;  // the level-1 heading, when the page starts with one
  std::vector<Block> blocks;
  std::vector<Section> sections;  // in source order
  std::vector<CodeBlock> code_blocks;
  std::size_t size = 0;
};

Document parse_document(std::string_view source);

// Whether section `s` is `ancestor` or lies inside it.
bool within(const Document& doc, int s, int ancestor);
// The innermost section holding block b, or -1.
int section_of(const Document& doc, std::size_t b);
// One past the last block a section holds before its first sub-heading.
std::size_t own_blocks_end(const Document& doc, const Section& s);
// The page's introduction: the first section under the title when it has no code (the docs call
// it "Intro"), else the prose between the title and the first sub-heading.
std::string intro(std::string_view source, const Document& doc);

// The plain text of the blocks [first, last) that are not code, headings or tables, paragraphs
// joined by blank lines.
std::string prose(std::string_view source, const Document& doc, std::size_t first_block, std::size_t last_block);

// `name ***3.18.0***` -> ("name", "3.18.0"); text without a mark is returned unchanged.
std::pair<std::string, std::string> split_since(std::string_view text);

// The cells of a table row: split on unescaped `|`, `\|` unescaped, cells trimmed.
std::vector<std::string> split_table_row(std::string_view line);

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each row has header.size() cells (padded or cut)
};
std::optional<Table> parse_table(std::string_view text);

// A cell without its wrapping: `_string_` -> string, `` `false` `` -> false, `-` -> "", runs of
// spaces as one.
std::string plain_cell(std::string_view cell);

std::string_view trim(std::string_view s);
std::string lowercase(std::string_view s);

}  // namespace varlet::catalog::docs
