#include "catalog/styles.hpp"

#include "catalog/text.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

namespace varlet::catalog {
namespace {

// The quoted string starting at `pos` (which holds the quote); moves `pos` past it.
std::optional<std::string> quoted(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\'')) return std::nullopt;
  char q = text[pos];
  std::string out;
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out += text[++i];
    } else if (text[i] == q) {
      pos = i + 1;
      return out;
    } else {
      out += text[i];
    }
  }
  return std::nullopt;
}

void skip_space(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
}

}  // namespace

Tokens parse_css_vars(std::string_view css) {
  Tokens out;
  std::set<std::string, std::less<>> seen;
  std::size_t pos = 0;
  while ((pos = css.find("--", pos)) != std::string_view::npos) {
    // A declaration starts after '{', ';' or whitespace, not inside a value like var(--x).
    char before = pos == 0 ? ' ' : css[pos - 1];
    if (before != '{' && before != ';' && !std::isspace(static_cast<unsigned char>(before))) {
      pos += 2;
      continue;
    }
    auto colon = css.find(':', pos);
    if (colon == std::string_view::npos) break;
    auto name = trim(css.substr(pos, colon - pos));
    if (name.find_first_of(" ;{}()") != std::string_view::npos) {
      pos += 2;
      continue;
    }
    int depth = 0;
    std::size_t end = colon + 1;
    for (; end < css.size(); ++end) {
      char c = css[end];
      if (c == '(') ++depth;
      else if (c == ')') --depth;
      else if ((c == ';' || c == '}') && depth <= 0) break;
    }
    auto value = std::string(trim(css.substr(colon + 1, end - colon - 1)));
    if (seen.insert(std::string(name)).second) out.emplace_back(std::string(name), value);
    pos = end;
  }
  return out;
}

Tokens parse_token_object(std::string_view js) {
  Tokens out;
  std::size_t pos = 0;
  while ((pos = js.find("\"--", pos)) != std::string_view::npos) {
    auto key = quoted(js, pos);
    if (!key) break;
    skip_space(js, pos);
    if (pos >= js.size() || js[pos] != ':') continue;
    ++pos;
    skip_space(js, pos);
    if (auto value = quoted(js, pos)) out.emplace_back(*key, *value);
  }
  return out;
}

std::vector<std::string> module_imports(std::string_view js) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = js.find("import ", pos)) != std::string_view::npos) {
    auto line_end = js.find(';', pos);
    auto from = js.find("from", pos);
    pos += 7;
    if (from == std::string_view::npos || (line_end != std::string_view::npos && from > line_end)) continue;
    auto at = from + 4;
    skip_space(js, at);
    if (auto path = quoted(js, at); path && path->rfind("./", 0) == 0) out.push_back(*path);
  }
  return out;
}

std::vector<std::string> parse_icon_names(std::string_view js) {
  std::vector<std::string> out;
  auto start = js.find("pointCodes");
  if (start == std::string_view::npos) return out;
  auto open = js.find('{', start);
  auto close = js.find('}', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return out;
  auto body = js.substr(open + 1, close - open - 1);
  std::size_t pos = 0;
  while (pos < body.size()) {
    skip_space(body, pos);
    if (pos >= body.size()) break;
    std::optional<std::string> key = quoted(body, pos);
    if (!key) {  // an unquoted key
      auto colon = body.find(':', pos);
      if (colon == std::string_view::npos) break;
      key = std::string(trim(body.substr(pos, colon - pos)));
      pos = colon;
    }
    auto comma = body.find(',', pos);
    if (!key->empty()) out.push_back(*key);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace varlet::catalog
