#include "catalog/search/vocabulary.hpp"

#include "catalog/names.hpp"

#include <algorithm>
#include <cctype>

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
    for (std::size_t start = 0; cells.size() < 5;) {
      auto tab = line.find('\t', start);
      cells.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (cells.size() < 4 || !cells[0].starts_with("var-") || cells[1].empty()) continue;
    out.push_back({std::string(cells[0]), std::string(cells[1]), std::string(cells[2]), std::string(cells[3]),
                   cells.size() > 4 ? std::string(cells[4]) : std::string()});
  }
  return out;
}

const std::vector<Alias>& vocabulary() {
  static const std::vector<Alias> table = parse_vocabulary(vocabulary_tsv);
  return table;
}

namespace {

// A term as compared with what was typed: lowercase letters and digits only ("Radio Group" -> "radiogroup").
std::string compared(std::string_view term) {
  std::string out;
  for (char c : term)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What other libraries put before their component names, and which library that says.
constexpr std::pair<std::string_view, std::string_view> library_prefixes[] = {
    {"van-", "vant"}, {"el-", "element-plus"}, {"n-", "naive-ui"}, {"a-", "ant-design"},
    {"q-", "quasar"}, {"v-", "vuetify"},      {"var-", ""}};

// What a typed name is compared as: as typed, and without another library's tag prefix (with the
// library that prefix names).
struct TypedName {
  std::string as_typed, bare;
  std::string_view library;
  explicit TypedName(std::string_view typed) {
    while (!typed.empty() && (std::isspace(static_cast<unsigned char>(typed.front())) || typed.front() == '<'))
      typed.remove_prefix(1);
    as_typed = compared(typed);
    auto name = kebab_case(typed);
    std::string_view rest = name;
    for (auto [prefix, source] : library_prefixes)
      if (rest.starts_with(prefix)) {
        rest.remove_prefix(prefix.size());
        library = source;
        break;
      }
    bare = compared(rest);
  }
  bool names(std::string_view term) const {
    auto key = compared(term);
    return !as_typed.empty() && (key == as_typed || key == bare);
  }
};

}  // namespace

bool is_named(std::string_view term, std::string_view typed) { return TypedName(typed).names(term); }

std::vector<const Alias*> aliases_named(std::string_view typed) {
  TypedName name(typed);
  std::vector<const Alias*> exact, bare, of_library;
  if (name.as_typed.empty()) return exact;
  for (const auto& alias : vocabulary()) {
    auto key = compared(alias.term);
    if (key == name.as_typed) exact.push_back(&alias);
    else if (key == name.bare) bare.push_back(&alias);
    if (key == name.bare && alias.source == name.library) of_library.push_back(&alias);
  }
  // "QMenu" is Quasar's Menu, not every library's: a prefix names the library when it has the name.
  if (!exact.empty()) return exact;
  return of_library.empty() ? bare : of_library;
}

std::vector<const Alias*> aliases_of_library(std::string_view library) {
  auto wanted = compared(library);
  std::vector<const Alias*> out;
  if (wanted.size() < 3) return out;
  for (const auto& alias : vocabulary()) {
    auto source = compared(alias.source);
    if (alias.source != "common" && (wanted.starts_with(source) || source.starts_with(wanted))) out.push_back(&alias);
  }
  return out;
}

UsedBy used_by(const std::vector<const Alias*>& rows, std::string_view tag) {
  UsedBy out;
  std::vector<std::string_view> named;
  for (const auto* alias : rows) {
    if (alias->component != tag) continue;
    if (alias->source == "common") out.common = true;
    else if (std::find(named.begin(), named.end(), alias->source) == named.end()) named.push_back(alias->source);
  }
  for (auto library : named) out.libraries += (out.libraries.empty() ? "" : ", ") + std::string(library);
  return out;
}

}  // namespace varlet::catalog::search
