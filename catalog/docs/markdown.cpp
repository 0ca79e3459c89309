#include "catalog/docs/markdown.hpp"

#include <algorithm>
#include <tuple>

namespace varlet::catalog::docs {
namespace {

struct Line {
  std::size_t begin;
  std::size_t end;        // past the newline
  std::string_view text;  // without the newline (and a CR before it)
};

std::vector<Line> split_lines(std::string_view source) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos < source.size()) {
    auto nl = source.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? source.size() : nl + 1;
    auto text = source.substr(pos, (nl == std::string_view::npos ? source.size() : nl) - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    lines.push_back({pos, end, text});
    pos = end;
  }
  return lines;
}

bool blank(std::string_view line) { return trim(line).empty(); }

// Up to three spaces of indentation, as CommonMark allows before a block marker.
std::optional<std::string_view> unindent(std::string_view line) {
  std::size_t spaces = 0;
  while (spaces < line.size() && line[spaces] == ' ') ++spaces;
  if (spaces > 3) return std::nullopt;
  return line.substr(spaces);
}

struct Fence {
  char marker;
  std::size_t length;
  std::string language;
};

std::optional<Fence> fence_open(std::string_view line) {
  auto rest = unindent(line);
  if (!rest || rest->size() < 3 || ((*rest)[0] != '`' && (*rest)[0] != '~')) return std::nullopt;
  char marker = (*rest)[0];
  std::size_t n = 0;
  while (n < rest->size() && (*rest)[n] == marker) ++n;
  if (n < 3) return std::nullopt;
  auto info = trim(rest->substr(n));
  if (marker == '`' && info.find('`') != std::string_view::npos) return std::nullopt;
  auto word_end = info.find_first_of(" \t{");
  return Fence{marker, n, std::string(info.substr(0, word_end))};
}

bool fence_closes(std::string_view line, const Fence& fence) {
  auto rest = unindent(line);
  if (!rest) return false;
  std::size_t n = 0;
  while (n < rest->size() && (*rest)[n] == fence.marker) ++n;
  return n >= fence.length && blank(rest->substr(n));
}

std::optional<std::pair<int, std::string_view>> heading(std::string_view line) {
  auto rest = unindent(line);
  if (!rest) return std::nullopt;
  int level = 0;
  while (level < static_cast<int>(rest->size()) && (*rest)[level] == '#') ++level;
  if (level < 1 || level > 6) return std::nullopt;
  auto after = rest->substr(level);
  if (!after.empty() && after[0] != ' ' && after[0] != '\t') return std::nullopt;
  auto text = trim(after);
  // An optional closing sequence of #s.
  auto closing = text.find_last_not_of('#');
  if (closing != std::string_view::npos && closing + 1 < text.size() && (text[closing] == ' ' || text[closing] == '\t'))
    text = trim(text.substr(0, closing));
  else if (closing == std::string_view::npos)
    text = {};
  return std::pair{level, text};
}

bool delimiter_row(std::string_view line) {
  if (line.find('-') == std::string_view::npos) return false;
  auto cells = split_table_row(line);
  if (cells.empty()) return false;
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) {
    auto s = std::string_view(c);
    if (!s.empty() && s.front() == ':') s.remove_prefix(1);
    if (!s.empty() && s.back() == ':') s.remove_suffix(1);
    return !s.empty() && s.find_first_not_of('-') == std::string_view::npos;
  });
}

bool table_start(const std::vector<Line>& lines, std::size_t i) {
  if (i + 1 >= lines.size()) return false;
  auto first = unindent(lines[i].text);
  return first && !first->empty() && (*first)[0] == '|' && delimiter_row(lines[i + 1].text);
}

bool starts_block(const std::vector<Line>& lines, std::size_t i) {
  return heading(lines[i].text) || fence_open(lines[i].text) || table_start(lines, i);
}

}  // namespace

std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t\r\n\f\v";
  auto b = s.find_first_not_of(space);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(space);
  return s.substr(b, e - b + 1);
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::pair<std::string, std::string> split_since(std::string_view text) {
  std::size_t from = 0;
  while ((from = text.find("***", from)) != std::string_view::npos) {
    auto close = text.find("***", from + 3);
    if (close == std::string_view::npos) break;
    auto mark = trim(text.substr(from + 3, close - from - 3));
    bool version_like = !mark.empty() && mark.front() >= '0' && mark.front() <= '9' &&
                        mark.find_first_not_of("0123456789.-abcdefghijklmnopqrstuvwxyz") == std::string_view::npos;
    if (version_like) {
      std::string rest = std::string(trim(text.substr(0, from)));
      auto tail = trim(text.substr(close + 3));
      if (!tail.empty()) {
        if (!rest.empty()) rest += ' ';
        rest += tail;
      }
      return {rest, std::string(mark)};
    }
    from += 3;
  }
  return {std::string(trim(text)), {}};
}

std::vector<std::string> split_table_row(std::string_view line) {
  auto s = trim(line);
  if (!s.empty() && s.front() == '|') s.remove_prefix(1);
  if (!s.empty() && s.back() == '|' && !(s.size() >= 2 && s[s.size() - 2] == '\\')) s.remove_suffix(1);
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (s[i] == '|') {
      cells.emplace_back(trim(cell));
      cell.clear();
    } else {
      cell += s[i];
    }
  }
  cells.emplace_back(trim(cell));
  return cells;
}

std::optional<Table> parse_table(std::string_view text) {
  auto lines = split_lines(text);
  std::size_t i = 0;
  while (i < lines.size() && blank(lines[i].text)) ++i;
  if (!table_start(lines, i)) return std::nullopt;
  Table table;
  table.header = split_table_row(lines[i].text);
  for (i += 2; i < lines.size() && !blank(lines[i].text); ++i) {
    auto row = split_table_row(lines[i].text);
    row.resize(table.header.size());
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string plain_cell(std::string_view cell) {
  auto s = trim(cell);
  auto wrapped = [&](char c) {
    return s.size() >= 2 && s.front() == c && s.back() == c && s.substr(1, s.size() - 2).find(c) == std::string_view::npos;
  };
  if (wrapped('`')) s = trim(s.substr(1, s.size() - 2));
  else if (s.size() >= 2 && s.front() == '_' && s.back() == '_') s = trim(s.substr(1, s.size() - 2));
  if (s == "-") return {};
  // Padded docs write `_string  \| number_`: one space between words, whatever the source had.
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

Document parse_document(std::string_view source) {
  Document doc;
  doc.size = source.size();
  auto lines = split_lines(source);
  auto& blocks = doc.blocks;
  std::size_t i = 0;
  while (i < lines.size()) {
    const auto& line = lines[i];
    if (blank(line.text)) {
      if (blocks.empty()) {
        Block leading;
        leading.begin = line.begin;
        blocks.push_back(std::move(leading));
      }
      blocks.back().end = line.end;
      ++i;
      continue;
    }
    Block block;
    block.begin = line.begin;
    if (auto fence = fence_open(line.text)) {
      block.kind = BlockKind::code;
      block.language = fence->language;
      std::size_t j = i + 1;
      while (j < lines.size() && !fence_closes(lines[j].text, *fence)) ++j;
      std::size_t content_end = j < lines.size() ? lines[j].begin : source.size();
      auto content = source.substr(line.end, content_end - std::min(line.end, content_end));
      if (!content.empty() && content.back() == '\n') content.remove_suffix(1);
      if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
      block.code = std::string(content);
      i = std::min(j + 1, lines.size());
    } else if (auto h = heading(line.text)) {
      block.kind = BlockKind::heading;
      block.level = h->first;
      std::tie(block.text, block.since) = split_since(h->second);
      ++i;
    } else if (table_start(lines, i)) {
      block.kind = BlockKind::table;
      i += 2;
      while (i < lines.size() && !blank(lines[i].text) && !heading(lines[i].text) && !fence_open(lines[i].text)) ++i;
    } else {
      block.kind = BlockKind::text;
      ++i;
      while (i < lines.size() && !blank(lines[i].text) && !starts_block(lines, i)) ++i;
    }
    block.end = i < lines.size() ? lines[i].begin : source.size();
    blocks.push_back(std::move(block));
  }

  std::vector<int> open;  // indices of the sections enclosing the current position
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (blocks[b].kind != BlockKind::heading) continue;
    Section s;
    s.level = blocks[b].level;
    s.title = blocks[b].text;
    s.since = blocks[b].since;
    s.begin = blocks[b].begin;
    auto nl = source.find('\n', s.begin);
    s.body_begin = nl == std::string_view::npos ? source.size() : nl + 1;
    s.first_block = b;
    while (!open.empty() && doc.sections[open.back()].level >= s.level) {
      doc.sections[open.back()].end = s.begin;
      doc.sections[open.back()].end_block = b;
      open.pop_back();
    }
    s.parent = open.empty() ? -1 : open.back();
    open.push_back(static_cast<int>(doc.sections.size()));
    doc.sections.push_back(std::move(s));
  }
  for (int index : open) {
    doc.sections[index].end = source.size();
    doc.sections[index].end_block = blocks.size();
  }

  for (std::size_t b = 0, s = 0; b < blocks.size(); ++b) {
    while (s < doc.sections.size() && doc.sections[s].first_block <= b) ++s;
    if (blocks[b].kind != BlockKind::code) continue;
    int holder = static_cast<int>(s) - 1;
    while (holder >= 0 && doc.sections[holder].end_block <= b) holder = doc.sections[holder].parent;
    doc.code_blocks.push_back({blocks[b].language, blocks[b].code, holder});
  }

  for (const auto& block : blocks) {
    if (block.kind == BlockKind::heading) {
      if (block.level == 1) doc.title = block.text;
      break;
    }
    if (block.kind != BlockKind::text || !blank(source.substr(block.begin, block.end - block.begin))) break;
  }
  return doc;
}

bool within(const Document& doc, int s, int ancestor) {
  if (ancestor < 0) return false;
  for (; s >= 0; s = doc.sections[s].parent)
    if (s == ancestor) return true;
  return false;
}

int section_of(const Document& doc, std::size_t b) {
  int found = -1;
  for (std::size_t s = 0; s < doc.sections.size() && doc.sections[s].first_block <= b; ++s)
    if (doc.sections[s].end_block > b) found = static_cast<int>(s);
  return found;
}

std::size_t own_blocks_end(const Document& doc, const Section& s) {
  std::size_t b = s.first_block + 1;
  while (b < s.end_block && doc.blocks[b].kind != BlockKind::heading) ++b;
  return b;
}

std::string intro(std::string_view source, const Document& doc) {
  if (doc.sections.empty()) return prose(source, doc, 0, doc.blocks.size());
  const auto& first = doc.sections[0];
  if (first.level != 1) return prose(source, doc, 0, first.first_block);
  auto title_text = prose(source, doc, first.first_block + 1, own_blocks_end(doc, first));
  if (doc.sections.size() > 1 && doc.sections[1].parent == 0) {
    const auto& next = doc.sections[1];
    auto end = own_blocks_end(doc, next);
    bool has_code = false;
    for (auto b = next.first_block + 1; b < end; ++b) has_code = has_code || doc.blocks[b].kind == BlockKind::code;
    if (!has_code && title_text.empty()) return prose(source, doc, next.first_block + 1, end);
  }
  return title_text;
}

std::string prose(std::string_view source, const Document& doc, std::size_t first_block, std::size_t last_block) {
  std::string out;
  for (std::size_t b = first_block; b < std::min(last_block, doc.blocks.size()); ++b) {
    const auto& block = doc.blocks[b];
    if (block.kind != BlockKind::text) continue;
    auto text = trim(source.substr(block.begin, block.end - block.begin));
    if (text.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += text;
  }
  return out;
}

}  // namespace varlet::catalog::docs
