#pragma once
// A tolerant HTML/Vue tokenizer: start and end tags with their attributes, text, comments and the
// raw text of <script> and <style>, each with its offset in the source. It accepts what people
// paste: a whole single-file component, a bare template, a fragment with unclosed tags or an
// unterminated quote. Tokens point into the source, which must outlive them.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace varlet::catalog::templates {

struct Attribute {
  std::string_view name;                   // as written: "v-on:click.stop", ":size", "#header"
  std::optional<std::string_view> value;   // without its quotes; none for a bare `disabled`
  std::size_t offset = 0;                  // of the name
  std::size_t value_offset = 0;            // of the value's first character (after the quote)
};

enum class TokenKind { start_tag, end_tag, text, comment, raw_text };

struct Token {
  TokenKind kind = TokenKind::text;
  std::string_view name;   // the tag name as written (tags only)
  std::string_view text;   // text, the inside of a comment, or the raw text of <script>/<style>
  std::vector<Attribute> attributes;
  bool self_closing = false;
  std::size_t offset = 0;  // of the `<` of a tag, or the first character of text
  std::size_t name_offset = 0;
};

std::vector<Token> tokenize(std::string_view source);

// Tag names compare without regard to ASCII case, as HTML says: </SCRIPT> closes <script>.
bool same_tag_name(std::string_view a, std::string_view b);

// 1-based line and column of an offset; columns count characters (UTF-8 code points), not bytes.
struct Position {
  std::size_t line = 1;
  std::size_t column = 1;
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view source);
  Position position(std::size_t offset) const;

 private:
  std::string_view source_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace varlet::catalog::templates
