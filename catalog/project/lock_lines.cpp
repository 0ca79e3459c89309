#include "catalog/project/lock_lines.hpp"

namespace varlet::catalog::project {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The end of the quoted text that starts at text[0] (the index of its closing quote), or npos.
std::size_t closing_quote(std::string_view text) {
  char quote = text[0];
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') ++i;
    else if (text[i] == quote && quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
    else if (text[i] == quote) return i;
  }
  return std::string_view::npos;
}

}  // namespace

void for_each_lock_line(std::string_view text, const std::function<void(const LockLine&)>& each) {
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    auto content = trim(line.substr(indent));
    if (content.empty() || content.front() == '#') continue;
    each({indent, content});
  }
}

std::string unquote(std::string_view text) {
  text = trim(text);
  if (text.size() < 2 || (text.front() != '"' && text.front() != '\'') || closing_quote(text) != text.size() - 1)
    return std::string(text);
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if ((text[0] == '"' && text[i] == '\\') || (text[0] == '\'' && text[i] == '\'')) ++i;
    if (i + 1 < text.size()) out += text[i];
  }
  return out;
}

bool split_key_value(std::string_view text, KeyValue& out) {
  if (text.empty() || text.front() == '-') return false;
  std::size_t colon;
  if (text.front() == '"' || text.front() == '\'') {
    auto close = closing_quote(text);
    if (close == std::string_view::npos) return false;
    colon = text.find_first_not_of(' ', close + 1);
    if (colon == std::string_view::npos || text[colon] != ':') return false;
  } else {
    colon = text.find(": ");
    if (colon == std::string_view::npos) {
      if (text.back() != ':') return false;
      colon = text.size() - 1;
    }
  }
  out.key = unquote(text.substr(0, colon));
  out.value = unquote(text.substr(colon + 1));
  return true;
}

}  // namespace varlet::catalog::project
