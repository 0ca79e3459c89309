#include "catalog/names.hpp"

#include <cctype>

namespace varlet::catalog {
namespace {

bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)); }
bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)); }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
bool is_separator(char c) { return c == '-' || c == '_' || std::isspace(static_cast<unsigned char>(c)); }

}  // namespace

std::string kebab_case(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (is_separator(c)) {
      if (!out.empty() && out.back() != '-') out += '-';
      continue;
    }
    // A word starts at an upper-case letter after a lower-case letter or digit, or at the last
    // capital of a run followed by lower case ("HTMLElement" -> "html-element").
    bool starts_word = is_upper(c) && i > 0 &&
                       (is_lower(name[i - 1]) || is_digit(name[i - 1]) ||
                        (is_upper(name[i - 1]) && i + 1 < name.size() && is_lower(name[i + 1])));
    if (starts_word && !out.empty() && out.back() != '-') out += '-';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string pascal_case(std::string_view kebab) {
  std::string out;
  bool upper = true;
  for (char c : kebab) {
    if (is_separator(c)) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string camel_case(std::string_view kebab) {
  auto out = pascal_case(kebab);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string_view strip_tag_prefix(std::string_view tag) {
  return tag.substr(0, tag_prefix.size()) == tag_prefix ? tag.substr(tag_prefix.size()) : tag;
}

}  // namespace varlet::catalog
