#pragma once
// The vocabulary bridge (catalog/search/vocabulary.tsv): the words other UI libraries and everyday
// UI language use for each Varlet component ("Toast", "轻提示", "bottom sheet"), each with the
// library that uses it. Reviewed data, compiled into the binary.
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::search {

struct Alias {
  std::string component;  // Varlet tag: "var-snackbar"
  std::string term;       // "Toast"
  std::string lang;       // "en" or "zh"
  std::string source;     // "vant", "element-plus", ..., or "common"
};

// The rows of a vocabulary table (TAB-separated: component, term, lang, source, reference; `#`
// comments and the column-name row skipped; a malformed row is left out).
std::vector<Alias> parse_vocabulary(std::string_view tsv);

// The table compiled into the binary, parsed once.
const std::vector<Alias>& vocabulary();

}  // namespace varlet::catalog::search
