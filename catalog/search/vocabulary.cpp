#include "catalog/search/vocabulary.hpp"

namespace varlet::catalog::search {

extern const std::string_view vocabulary_tsv;

std::vector<Alias> parse_vocabulary(std::string_view tsv) {
  std::vector<Alias> out;
  while (!tsv.empty()) {
    auto end = tsv.find('\n');
    auto line = tsv.substr(0, end);
    tsv = end == std::string_view::npos ? std::string_view{} : tsv.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#' || line.starts_with("component\t")) continue;
    std::vector<std::string_view> cells;
    for (std::size_t start = 0; cells.size() < 4;) {
      auto tab = line.find('\t', start);
      cells.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (cells.size() < 4 || !cells[0].starts_with("var-") || cells[1].empty()) continue;
    out.push_back({std::string(cells[0]), std::string(cells[1]), std::string(cells[2]), std::string(cells[3])});
  }
  return out;
}

const std::vector<Alias>& vocabulary() {
  static const std::vector<Alias> table = parse_vocabulary(vocabulary_tsv);
  return table;
}

}  // namespace varlet::catalog::search
