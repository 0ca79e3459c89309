#include "catalog/templates/js_scan.hpp"

#include <cctype>

namespace varlet::catalog::templates {

bool is_identifier_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}
bool is_identifier_char(char c) { return is_identifier_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::size_t skip_string_or_comment(std::string_view js, std::size_t at) {
  if (at >= js.size()) return at;
  char c = js[at];
  if (c == '/' && at + 1 < js.size() && js[at + 1] == '/') {
    auto end = js.find('\n', at);
    return end == std::string_view::npos ? js.size() : end;
  }
  if (c == '/' && at + 1 < js.size() && js[at + 1] == '*') {
    auto end = js.find("*/", at + 2);
    return end == std::string_view::npos ? js.size() : end + 2;
  }
  if (c != '\'' && c != '"' && c != '`') return at;
  for (auto i = at + 1; i < js.size(); ++i) {
    if (js[i] == '\\') {
      ++i;
    } else if (js[i] == c) {
      return i + 1;
    } else if (js[i] == '\n' && c != '`') {
      return i;  // an unterminated string ends with its line
    }
  }
  return js.size();
}

std::size_t skip_blank(std::string_view js, std::size_t at) {
  while (at < js.size()) {
    if (std::isspace(static_cast<unsigned char>(js[at]))) {
      ++at;
      continue;
    }
    bool comment = js[at] == '/' && at + 1 < js.size() && (js[at + 1] == '/' || js[at + 1] == '*');
    if (!comment) break;
    at = skip_string_or_comment(js, at);
  }
  return at;
}

std::size_t skip_balanced(std::string_view js, std::size_t open) {
  std::size_t depth = 0;
  for (auto i = open; i < js.size();) {
    if (auto after = skip_string_or_comment(js, i); after != i) {
      i = after;
      continue;
    }
    char c = js[i++];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0 && --depth == 0) return i;
  }
  return js.size();
}

std::vector<Key> object_keys(std::string_view js, std::size_t open) {
  std::vector<Key> keys;
  auto end = skip_balanced(js, open);
  auto i = open + 1;
  while (i < end) {
    i = skip_blank(js, i);
    if (i >= end) break;
    Key key;
    if (js[i] == '\'' || js[i] == '"') {
      auto after = skip_string_or_comment(js, i);
      key = {js.substr(i + 1, after > i + 2 ? after - i - 2 : 0), i + 1};
      i = after;
    } else if (is_identifier_start(js[i])) {
      auto from = i;
      while (i < end && is_identifier_char(js[i])) ++i;
      key = {js.substr(from, i - from), from};
    }
    // The key is followed by `:`, `(` (a method), `,` or the end (shorthand); anything else (a
    // spread, a computed key, `get x()`) names no plain option.
    auto next = skip_blank(js, i);
    bool plain = !key.name.empty() && next < end &&
                 (js[next] == ':' || js[next] == '(' || js[next] == ',' || next + 1 == end);
    if (plain) keys.push_back(key);
    // On to the next top-level comma.
    for (i = next; i < end && js[i] != ',';) {
      if (auto after = skip_string_or_comment(js, i); after != i) {
        i = after;
      } else if (js[i] == '(' || js[i] == '[' || js[i] == '{') {
        i = skip_balanced(js, i);
      } else {
        ++i;
      }
    }
    ++i;
  }
  return keys;
}

}  // namespace varlet::catalog::templates
