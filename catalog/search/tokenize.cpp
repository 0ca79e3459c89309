#include "catalog/search/tokenize.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace varlet::catalog::search {
namespace {

// Function words that say nothing about a component.
constexpr std::array<std::string_view, 44> stop_words{
    "a",    "an",   "and",  "are",  "as",   "at",   "be",    "by",    "can",  "do",   "for",
    "from", "how",  "i",    "in",   "into", "is",   "it",    "its",   "me",   "my",   "need",
    "of",   "on",   "or",   "that", "the",  "this", "to",    "use",   "used", "want", "what",
    "when", "which", "will", "with", "you",  "your", "whether", "should", "some", "like", "there"};

bool is_stop_word(std::string_view w) {
  return std::find(stop_words.begin(), stop_words.end(), w) != stop_words.end();
}

bool ascii_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

// Decodes the code point at i (advancing i); an invalid byte decodes as itself.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (extra == 0 || i + extra >= s.size()) {
    ++i;
    return c;
  }
  char32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return c;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += extra + 1;
  return cp;
}

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF);
}

bool consonant(char c) { return c != 'a' && c != 'e' && c != 'i' && c != 'o' && c != 'u'; }

// The words of an ASCII run [begin, end), lowercase, split at humps: "pullRefresh" -> pull|refresh,
// "HTMLElement" -> html|element.
void split_run(std::string_view text, std::size_t begin, std::size_t end, std::vector<Term>& out) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  std::size_t start = begin;
  for (std::size_t k = begin + 1; k <= end; ++k) {
    bool hump = k < end && ((lower(at(k - 1)) && upper(at(k))) ||
                            (upper(at(k - 1)) && upper(at(k)) && k + 1 < end && lower(at(k + 1))));
    if (k < end && !hump) continue;
    std::string word;
    for (std::size_t j = start; j < k; ++j) word += static_cast<char>(std::tolower(at(j)));
    out.push_back({std::move(word), start, k});
    start = k;
  }
}

// The end of the run of Han characters at `i` (`i` itself when there is none).
std::size_t han_run_end(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    std::size_t probe = i;
    if (!is_han(next_code_point(text, probe))) break;
    i = probe;
  }
  return i;
}

// Every lowercase word of the ASCII runs of a text, unstemmed, and each run of Han characters as
// one word (a Chinese name such as 输入框 is written without spaces).
std::vector<Term> words_of(std::string_view text) {
  std::vector<Term> words;
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (ascii_alnum(c)) {
      std::size_t b = i;
      while (i < text.size() && ascii_alnum(static_cast<unsigned char>(text[i]))) ++i;
      split_run(text, b, i, words);
      continue;
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t end = han_run_end(text, i);
    if (end == i) {
      next_code_point(text, i);
      continue;
    }
    words.push_back({std::string(text.substr(i, end - i)), i, end});
    i = end;
  }
  return words;
}

void emit_han(std::string_view text, const std::vector<std::size_t>& starts, std::size_t end, std::vector<Term>& out) {
  if (starts.size() == 1) {
    out.push_back({std::string(text.substr(starts[0], end - starts[0])), starts[0], end});
    return;
  }
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    std::size_t stop = k + 2 < starts.size() ? starts[k + 2] : end;
    out.push_back({std::string(text.substr(starts[k], stop - starts[k])), starts[k], stop});
  }
}

}  // namespace

std::string stem(std::string_view word) {
  std::string w(word);
  auto ends = [&](std::string_view suffix) {
    return w.size() > suffix.size() && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  auto cut = [&](std::size_t n) { w.erase(w.size() - n); };
  if (w.size() <= 3 || !std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return w;
  if (ends("ies") && w.size() > 4) {
    cut(3);
    w += 'y';
  } else if (ends("sses")) {
    cut(2);
  } else if (ends("s") && !ends("ss") && !ends("us") && !ends("is")) {
    cut(1);
  }
  if (ends("ing") && w.size() >= 6) cut(3);
  else if (ends("ed") && w.size() >= 5) cut(2);
  else if (ends("er") && w.size() >= 6) cut(2);
  if (w.size() >= 4 && w[w.size() - 1] == w[w.size() - 2] && consonant(w.back()) && w.back() != 'l' &&
      w.back() != 's' && w.back() != 'z')
    cut(1);
  if (w.size() > 3 && w.back() == 'e') cut(1);
  return w;
}

std::vector<Term> tokenize(std::string_view text) {
  std::vector<Term> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (ascii_alnum(c)) {
      std::size_t b = i;
      while (i < text.size() && ascii_alnum(static_cast<unsigned char>(text[i]))) ++i;
      std::vector<Term> words;
      split_run(text, b, i, words);
      for (auto& w : words)
        if (!is_stop_word(w.text)) out.push_back({stem(w.text), w.begin, w.end});
      continue;
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::vector<std::size_t> starts;
    std::size_t end = han_run_end(text, i);
    for (std::size_t at = i; at < end; next_code_point(text, at)) starts.push_back(at);
    if (starts.empty()) {
      next_code_point(text, i);
      continue;
    }
    emit_han(text, starts, end, out);
    i = end;
  }
  return out;
}

std::string name_key(std::string_view name) {
  std::string key = "#";
  for (const auto& w : words_of(name)) key.append(key.size() > 1 ? "-" : "").append(w.text);
  return key;
}

std::vector<std::string> query_name_keys(std::string_view query, std::size_t max_words) {
  auto words = words_of(query);
  if (words.size() > max_words) words.resize(max_words);
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string key = "#";
    for (std::size_t n = 0; n < 3 && i + n < words.size(); ++n) {
      key.append(n ? "-" : "").append(words[i + n].text);
      keys.push_back(key);
    }
  }
  return keys;
}

std::vector<std::string> terms(std::string_view text) {
  std::vector<std::string> out;
  for (auto& t : tokenize(text)) out.push_back(std::move(t.text));
  return out;
}

}  // namespace varlet::catalog::search
