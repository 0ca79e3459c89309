#pragma once
// Small text helpers the package readers share.
#include <cctype>
#include <string_view>

namespace varlet::catalog {

// Without leading and trailing whitespace.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A character of a JavaScript or TypeScript identifier (ASCII).
inline bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

}  // namespace varlet::catalog
