#include "mcp/uri_template.hpp"

#include <cctype>

namespace varlet::mcp {

UriTemplate::UriTemplate(std::string_view pattern) : pattern_(pattern) {
  std::size_t i = 0;
  while (i < pattern.size()) {
    auto open = pattern.find('{', i);
    if (open == std::string_view::npos) {
      parts_.push_back({false, std::string(pattern.substr(i))});
      break;
    }
    if (open > i) parts_.push_back({false, std::string(pattern.substr(i, open - i))});
    auto close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      parts_.push_back({false, std::string(pattern.substr(open))});
      break;
    }
    std::string name(pattern.substr(open + 1, close - open - 1));
    parts_.push_back({true, name});
    variables_.push_back(std::move(name));
    i = close + 1;
  }
}

std::optional<std::map<std::string, std::string>> UriTemplate::match(std::string_view uri) const {
  std::map<std::string, std::string> vars;
  std::size_t pos = 0;
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    const auto& part = parts_[p];
    if (!part.is_variable) {
      if (uri.substr(pos, part.text.size()) != part.text) return std::nullopt;
      pos += part.text.size();
      continue;
    }
    // A variable runs to the next literal (or the end), and never across '/'.
    std::size_t end = uri.size();
    if (p + 1 < parts_.size()) {
      end = uri.find(parts_[p + 1].text, pos);
      if (end == std::string_view::npos) return std::nullopt;
    }
    auto value = uri.substr(pos, end - pos);
    if (value.empty() || value.find('/') != std::string_view::npos) return std::nullopt;
    vars[part.text] = percent_decode(value);
    pos = end;
  }
  if (pos != uri.size()) return std::nullopt;
  return vars;
}

std::string UriTemplate::expand(const std::map<std::string, std::string>& values) const {
  std::string out;
  for (const auto& part : parts_) {
    if (!part.is_variable) {
      out += part.text;
    } else if (auto it = values.find(part.text); it != values.end()) {
      out += percent_encode(it->second);
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = nibble(s[i + 1]), lo = nibble(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace varlet::mcp
