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
  std::string reference;  // where the row was checked; for a common row also what the thing is for
};

// The rows of a vocabulary table (TAB-separated: component, term, lang, source, reference; `#`
// comments and the column-name row skipped; a malformed row is left out).
std::vector<Alias> parse_vocabulary(std::string_view tsv);

// The table compiled into the binary, parsed once.
const std::vector<Alias>& vocabulary();

// The rows whose term is the name typed, compared without case, spaces or punctuation and with or
// without another library's tag prefix: "toast", "van-toast", "<el-drawer", "Bottom Sheet", "轻提示".
std::vector<const Alias*> aliases_named(std::string_view typed);
// Whether `typed` names `term` in that sense ("van-action-sheet" names "ActionSheet").
bool is_named(std::string_view term, std::string_view typed);

// The rows of one library, named as people write it: "vant", "Element Plus", "element", "ant-design-vue".
std::vector<const Alias*> aliases_of_library(std::string_view library);

// The libraries of `rows` for the component `tag`, for a sentence: "vant, element-plus" and whether
// everyday UI language uses the name too ("common").
struct UsedBy {
  std::string libraries;
  bool common = false;
};
UsedBy used_by(const std::vector<const Alias*>& rows, std::string_view tag);

}  // namespace varlet::catalog::search
