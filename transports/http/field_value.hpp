#pragma once
// Field values as HTTP carries them (RFC 9110).
#include <string_view>

namespace varlet::transports {

// A field value without the optional whitespace (spaces and tabs) around it.
inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace varlet::transports
