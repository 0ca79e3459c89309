#include "catalog/templates/tokenizer.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::catalog::templates {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Where `</name` starts (any case) from `from`, or the end of the source.
std::size_t find_end_tag(std::string_view source, std::size_t from, std::string_view name) {
  for (auto at = source.find("</", from); at != std::string_view::npos; at = source.find("</", at + 2)) {
    auto candidate = source.substr(at + 2, name.size());
    auto after = at + 2 + name.size();
    bool ends_name = after >= source.size() || is_space(source[after]) || source[after] == '>' || source[after] == '/';
    if (same_tag_name(candidate, name) && ends_name) return at;
  }
  return source.size();
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view source) : s_(source) {}

  std::vector<Token> run() {
    while (at_ < s_.size()) {
      if (s_[at_] == '<' && starts_markup()) {
        markup();
      } else {
        text();
      }
    }
    return std::move(tokens_);
  }

 private:
  char peek(std::size_t ahead = 0) const { return at_ + ahead < s_.size() ? s_[at_ + ahead] : '\0'; }

  bool starts_markup() const {
    char next = peek(1);
    return is_letter(next) || next == '!' || next == '?' || (next == '/' && is_letter(peek(2)));
  }

  // Text up to the next tag; a closed mustache is skipped whole, so `{{ a < b }}` starts no tag.
  void text() {
    auto begin = at_;
    while (at_ < s_.size()) {
      if (s_.compare(at_, 2, "{{") == 0) {
        auto close = s_.find("}}", at_ + 2);
        at_ = close == std::string_view::npos ? at_ + 2 : close + 2;
        continue;
      }
      if (s_[at_] == '<' && at_ > begin && starts_markup()) break;
      ++at_;
    }
    Token t;
    t.kind = TokenKind::text;
    t.text = s_.substr(begin, at_ - begin);
    t.offset = begin;
    tokens_.push_back(std::move(t));
  }

  void markup() {
    auto begin = at_;
    if (s_.compare(at_, 4, "<!--") == 0) {
      auto close = s_.find("-->", at_ + 4);
      auto end = close == std::string_view::npos ? s_.size() : close;
      push_comment(begin, s_.substr(at_ + 4, end - at_ - 4));
      at_ = close == std::string_view::npos ? s_.size() : close + 3;
      return;
    }
    if (peek(1) == '!' || peek(1) == '?') {  // <!DOCTYPE ...>, <?xml ...?>: nothing to check
      auto close = s_.find('>', at_);
      auto end = close == std::string_view::npos ? s_.size() : close;
      push_comment(begin, s_.substr(at_ + 2, end - at_ - 2));
      at_ = close == std::string_view::npos ? s_.size() : close + 1;
      return;
    }
    bool closing = peek(1) == '/';
    at_ += closing ? 2 : 1;
    Token t;
    t.kind = closing ? TokenKind::end_tag : TokenKind::start_tag;
    t.offset = begin;
    t.name_offset = at_;
    while (at_ < s_.size() && !is_space(s_[at_]) && s_[at_] != '>' && s_[at_] != '/') ++at_;
    t.name = s_.substr(t.name_offset, at_ - t.name_offset);
    if (closing) {
      auto close = s_.find('>', at_);
      at_ = close == std::string_view::npos ? s_.size() : close + 1;
      tokens_.push_back(std::move(t));
      return;
    }
    attributes(t);
    bool raw = !t.self_closing && (same_tag_name(t.name, "script") || same_tag_name(t.name, "style"));
    auto name = t.name;
    tokens_.push_back(std::move(t));
    if (raw) raw_text(name);
  }

  void attributes(Token& t) {
    while (at_ < s_.size()) {
      while (at_ < s_.size() && is_space(s_[at_])) ++at_;
      if (at_ >= s_.size()) return;
      if (s_[at_] == '>') {
        ++at_;
        return;
      }
      if (s_[at_] == '/') {
        ++at_;
        if (peek() == '>') {
          t.self_closing = true;
          ++at_;
          return;
        }
        continue;
      }
      // A `<` here means the tag was never closed: a new tag starts.
      if (s_[at_] == '<' && starts_markup()) return;
      Attribute a;
      a.offset = at_;
      // The first character belongs to the name even when it is `=` (as HTML says).
      ++at_;
      while (at_ < s_.size() && !is_space(s_[at_]) && s_[at_] != '=' && s_[at_] != '>' &&
             !(s_[at_] == '/' && peek(1) == '>'))
        ++at_;
      a.name = s_.substr(a.offset, at_ - a.offset);
      auto after_name = at_;
      while (at_ < s_.size() && is_space(s_[at_])) ++at_;
      if (peek() == '=') {
        ++at_;
        while (at_ < s_.size() && is_space(s_[at_])) ++at_;
        value(a);
      } else {
        at_ = after_name;
      }
      t.attributes.push_back(a);
    }
  }

  void value(Attribute& a) {
    char quote = peek();
    if (quote == '"' || quote == '\'') {
      a.value_offset = at_ + 1;
      auto close = s_.find(quote, at_ + 1);
      auto end = close == std::string_view::npos ? s_.size() : close;
      a.value = s_.substr(a.value_offset, end - a.value_offset);
      at_ = close == std::string_view::npos ? s_.size() : close + 1;
      return;
    }
    a.value_offset = at_;
    while (at_ < s_.size() && !is_space(s_[at_]) && s_[at_] != '>') ++at_;
    a.value = s_.substr(a.value_offset, at_ - a.value_offset);
  }

  void raw_text(std::string_view name) {
    auto end = find_end_tag(s_, at_, name);
    Token t;
    t.kind = TokenKind::raw_text;
    t.text = s_.substr(at_, end - at_);
    t.offset = at_;
    tokens_.push_back(std::move(t));
    at_ = end;
  }

  void push_comment(std::size_t offset, std::string_view text) {
    Token t;
    t.kind = TokenKind::comment;
    t.text = text;
    t.offset = offset;
    tokens_.push_back(std::move(t));
  }

  std::string_view s_;
  std::size_t at_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) { return Tokenizer(source).run(); }

bool same_tag_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

LineIndex::LineIndex(std::string_view source) : source_(source) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < source.size(); ++i)
    if (source[i] == '\n') line_starts_.push_back(i + 1);
}

Position LineIndex::position(std::size_t offset) const {
  offset = std::min(offset, source_.size());
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::size_t>(after - line_starts_.begin());
  auto start = line_starts_[line - 1];
  std::size_t column = 1;
  for (auto i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(source_[i]) & 0xC0) != 0x80) ++column;
  return {line, column};
}

}  // namespace varlet::catalog::templates
