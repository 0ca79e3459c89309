#include "catalog/docs/changelog.hpp"

#include "catalog/docs/markdown.hpp"
#include "catalog/names.hpp"

#include <cctype>

namespace varlet::catalog::docs {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// "[3.19.0](url) (2026-06-29)" or "3.19.0 (2026-06-29)".
Release release_from(std::string_view heading) {
  Release r;
  auto h = trim(heading);
  if (!h.empty() && h.front() == '[') {
    auto close = h.find(']');
    r.version = std::string(h.substr(1, close == std::string_view::npos ? h.size() - 1 : close - 1));
    if (close != std::string_view::npos && close + 1 < h.size() && h[close + 1] == '(') {
      auto end = h.find(')', close + 2);
      if (end != std::string_view::npos) r.compare_url = std::string(h.substr(close + 2, end - close - 2));
    }
  } else {
    r.version = std::string(h.substr(0, h.find(' ')));
  }
  auto open = h.rfind('(');
  auto close = h.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    auto date = h.substr(open + 1, close - open - 1);
    if (!date.empty() && std::isdigit(static_cast<unsigned char>(date.front())) && date.find('/') == std::string_view::npos)
      r.date = std::string(date);
  }
  if (!r.version.empty() && r.version.front() == 'v') r.version.erase(0, 1);
  return r;
}

bool looks_like_version(std::string_view v) {
  return !v.empty() && std::isdigit(static_cast<unsigned char>(v.front())) && v.find('.') != std::string_view::npos;
}

std::vector<std::string> split_scopes(std::string_view list) {
  std::vector<std::string> scopes;
  std::size_t from = 0;
  while (from <= list.size()) {
    auto comma = list.find(',', from);
    auto part = trim(list.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from));
    if (!part.empty()) scopes.push_back(kebab_case(part));
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  return scopes;
}

// Takes "([1c8f228](url))" and ", closes [#2008](url)" links off the text, keeping what they name.
std::string strip_links(std::string_view text, ChangeItem& item) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '[') {
      auto close = text.find("](", i);
      auto end = close == std::string_view::npos ? close : text.find(')', close + 2);
      if (end != std::string_view::npos) {
        auto label = text.substr(i + 1, close - i - 1);
        bool wrapped = !out.empty() && out.back() == '(' && end + 1 < text.size() && text[end + 1] == ')';
        if (!label.empty() && label.front() == '#') {
          item.issues.emplace_back(label);
          if (!wrapped) out += label;
        } else if (wrapped && item.commit.empty()) {
          item.commit = std::string(label);
        } else if (!wrapped) {
          out += label;
        }
        if (wrapped) {
          out.pop_back();
          end += 1;
        }
        i = end + 1;
        continue;
      }
    }
    out += text[i++];
  }
  // What is left of ", closes #12" and trailing punctuation.
  auto closes = out.find(", closes");
  if (closes != std::string::npos) out.erase(closes);
  auto t = trim(out);
  while (!t.empty() && (t.back() == ',' || t.back() == ' ')) t.remove_suffix(1);
  return std::string(t);
}

ChangeItem item_from(std::string_view line) {
  ChangeItem item;
  item.markdown = std::string(trim(line));
  auto body = trim(line);
  body.remove_prefix(1);  // the bullet
  body = trim(body);
  if (body.substr(0, 2) == "**") {
    auto end = body.find(":**", 2);
    if (end != std::string_view::npos) {
      item.scopes = split_scopes(body.substr(2, end - 2));
      body = trim(body.substr(end + 3));
    }
  } else {
    // A raw commit subject: "feat(snackbar): support md3".
    auto open = body.find('(');
    auto colon = body.find("):");
    if (open != std::string_view::npos && colon != std::string_view::npos && open < colon &&
        body.substr(0, open).find(' ') == std::string_view::npos) {
      item.scopes = split_scopes(body.substr(open + 1, colon - open - 1));
      body = trim(body.substr(colon + 2));
    }
  }
  item.text = strip_links(body, item);
  return item;
}

bool word_at(std::string_view text, std::size_t pos, std::size_t length) {
  auto joined = [](char c) { return is_alnum(c) || c == '-' || c == '_'; };
  return (pos == 0 || !joined(text[pos - 1])) && (pos + length >= text.size() || !joined(text[pos + length]));
}

bool contains_word(std::string_view text, std::string_view word) {
  if (word.empty()) return false;
  for (auto pos = text.find(word); pos != std::string_view::npos; pos = text.find(word, pos + 1))
    if (word_at(text, pos, word.size())) return true;
  return false;
}

}  // namespace

std::vector<Release> parse_changelog(std::string_view markdown) {
  std::vector<Release> releases;
  ChangeGroup* group = nullptr;
  ChangeItem* item = nullptr;
  bool in_code = false;
  std::size_t pos = 0;
  while (pos < markdown.size()) {
    auto nl = markdown.find('\n', pos);
    auto line = markdown.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? markdown.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).substr(0, 3) == "```") in_code = !in_code;
    if (in_code) continue;

    std::size_t hashes = 0;
    while (hashes < line.size() && line[hashes] == '#') ++hashes;
    if (hashes > 0 && hashes < line.size() && line[hashes] == ' ') {
      auto text = trim(line.substr(hashes));
      if (hashes <= 2) {
        auto release = release_from(text);
        if (looks_like_version(release.version)) {
          releases.push_back(std::move(release));
          group = nullptr;
          item = nullptr;
          continue;
        }
      }
      if (!releases.empty()) {
        releases.back().groups.push_back({std::string(text), {}});
        group = &releases.back().groups.back();
        item = nullptr;
      }
      continue;
    }
    if (releases.empty()) continue;
    auto trimmed = trim(line);
    if (trimmed.empty()) continue;
    bool bullet = line.size() >= 2 && (line[0] == '*' || line[0] == '-') && line[1] == ' ';
    if (bullet) {
      if (!group) {
        releases.back().groups.push_back({"Changes", {}});
        group = &releases.back().groups.back();
      }
      group->items.push_back(item_from(line));
      item = &group->items.back();
    } else if (item) {
      item->markdown.append("\n").append(line);
      item->text.append(" ").append(trimmed);
    }
  }
  return releases;
}

bool mentions(const ChangeItem& item, std::string_view component) {
  auto kebab = kebab_case(component);
  if (kebab.empty()) return false;
  for (const auto& scope : item.scopes)
    if (scope == kebab) return true;
  // In running text a one-word name only counts capitalised ("Button", not "the clear button");
  // a name of several words is specific in any spelling ("pull-refresh", "rail navigation").
  std::string pascal;
  bool upper_next = true;
  for (char c : kebab) {
    if (c == '-') {
      upper_next = true;
      continue;
    }
    pascal += upper_next ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper_next = false;
  }
  if (contains_word(item.text, pascal)) return true;
  if (kebab.find('-') == std::string::npos) return false;
  auto text = lowercase(item.text);
  std::string spaced = kebab;
  for (auto& c : spaced)
    if (c == '-') c = ' ';
  return contains_word(text, kebab) || contains_word(text, spaced);
}

int compare_versions(std::string_view a, std::string_view b) {
  auto split = [](std::string_view v) {
    if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
    auto dash = v.find('-');
    std::string_view pre = dash == std::string_view::npos ? std::string_view{} : v.substr(dash + 1);
    v = v.substr(0, dash);
    std::vector<long> parts;
    std::size_t from = 0;
    while (from <= v.size() && parts.size() < 3) {
      auto dot = v.find('.', from);
      auto part = v.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from);
      long n = 0;
      for (char c : part)
        if (std::isdigit(static_cast<unsigned char>(c)) && n < 100000000) n = n * 10 + (c - '0');
      parts.push_back(n);
      if (dot == std::string_view::npos) break;
      from = dot + 1;
    }
    parts.resize(3, 0);
    return std::pair{parts, pre};
  };
  auto [pa, prea] = split(a);
  auto [pb, preb] = split(b);
  for (int i = 0; i < 3; ++i)
    if (pa[i] != pb[i]) return pa[i] < pb[i] ? -1 : 1;
  if (prea.empty() != preb.empty()) return prea.empty() ? 1 : -1;
  return prea < preb ? -1 : (prea == preb ? 0 : 1);
}

}  // namespace varlet::catalog::docs
