// The tokenizer on what people paste: whole single-file components, fragments, unclosed tags and
// quotes, values holding `>`, mustaches holding `<`, attributes spread over lines.
#include "catalog/templates/tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace varlet::catalog::templates {
namespace {

std::vector<Token> tags_of(std::string_view source) {
  std::vector<Token> out;
  for (auto& t : tokenize(source))
    if (t.kind == TokenKind::start_tag || t.kind == TokenKind::end_tag) out.push_back(t);
  return out;
}

TEST(Tokenizer, ReadsAttributesQuotedUnquotedAndBare) {
  std::string_view source = R"html(<var-button type="primary" size='small' round :elevation=2 @click.stop="go(1)">Go</var-button>)html";
  auto tokens = tokenize(source);
  ASSERT_EQ(tokens.size(), 3u);
  const auto& t = tokens[0];
  EXPECT_EQ(t.kind, TokenKind::start_tag);
  EXPECT_EQ(t.name, "var-button");
  ASSERT_EQ(t.attributes.size(), 5u);
  EXPECT_EQ(t.attributes[0].name, "type");
  EXPECT_EQ(t.attributes[0].value, "primary");
  EXPECT_EQ(t.attributes[1].value, "small");
  EXPECT_EQ(t.attributes[2].name, "round");
  EXPECT_FALSE(t.attributes[2].value.has_value());
  EXPECT_EQ(t.attributes[3].name, ":elevation");
  EXPECT_EQ(t.attributes[3].value, "2");
  EXPECT_EQ(t.attributes[4].name, "@click.stop");
  EXPECT_EQ(t.attributes[4].value, "go(1)");
  EXPECT_EQ(source.substr(t.attributes[1].value_offset, 5), "small");
  EXPECT_EQ(tokens[1].kind, TokenKind::text);
  EXPECT_EQ(tokens[1].text, "Go");
  EXPECT_EQ(tokens[2].kind, TokenKind::end_tag);
  EXPECT_EQ(tokens[2].name, "var-button");
}

TEST(Tokenizer, SelfClosingTagsWithAndWithoutSpace) {
  auto tokens = tags_of("<var-icon name=\"close\"/><var-divider /><br>");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_TRUE(tokens[0].self_closing);
  EXPECT_EQ(tokens[0].attributes.at(0).value, "close");
  EXPECT_TRUE(tokens[1].self_closing);
  EXPECT_FALSE(tokens[2].self_closing);
}

TEST(Tokenizer, GreaterThanInsideQuotesAndLessThanInsideMustaches) {
  auto tokens = tokenize(R"(<var-cell :title="a > b ? 'x' : 'y'">{{ a < b ? c : d }}</var-cell>)");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].attributes.at(0).value, "a > b ? 'x' : 'y'");
  EXPECT_EQ(tokens[1].text, "{{ a < b ? c : d }}");
  EXPECT_EQ(tokens[2].kind, TokenKind::end_tag);
}

TEST(Tokenizer, CommentsAndRawTextOfScriptAndStyle) {
  std::string_view source =
      "<!-- <var-buton> in a comment -->\n<script setup>\nif (a < b && '</div>') Snackbar('<var-x>')\n</script>\n"
      "<style>.a > .b { color: red }</style><template><var-button /></template>";
  auto tokens = tokenize(source);
  ASSERT_GE(tokens.size(), 10u);
  EXPECT_EQ(tokens[0].kind, TokenKind::comment);
  EXPECT_EQ(tokens[0].text, " <var-buton> in a comment ");
  EXPECT_EQ(tokens[2].name, "script");
  EXPECT_EQ(tokens[3].kind, TokenKind::raw_text);
  EXPECT_EQ(tokens[3].text, "\nif (a < b && '</div>') Snackbar('<var-x>')\n");
  EXPECT_EQ(tokens[4].kind, TokenKind::end_tag);
  EXPECT_EQ(tokens[6].name, "style");
  EXPECT_EQ(tokens[7].text, ".a > .b { color: red }");
  std::size_t components = 0;
  for (auto& t : tokens) components += t.kind == TokenKind::start_tag && t.name.substr(0, 4) == "var-";
  EXPECT_EQ(components, 1u);  // nothing inside the comment or the script is a tag
}

TEST(Tokenizer, AttributesSpanningLinesKeepTheirPositions) {
  std::string_view source = "<template>\n  <var-input\n    v-model=\"value\"\n    placeholder=\"Name\"\n  />\n</template>";
  LineIndex lines(source);
  auto tags = tags_of(source);
  ASSERT_EQ(tags.size(), 3u);
  const auto& input = tags[1];
  auto at = lines.position(input.name_offset);
  EXPECT_EQ(at.line, 2u);
  EXPECT_EQ(at.column, 4u);
  auto model = lines.position(input.attributes.at(0).offset);
  EXPECT_EQ(model.line, 3u);
  EXPECT_EQ(model.column, 5u);
  auto placeholder = lines.position(input.attributes.at(1).value_offset);
  EXPECT_EQ(placeholder.line, 4u);
  EXPECT_EQ(placeholder.column, 18u);
}

TEST(Tokenizer, ColumnsCountCharactersNotBytes) {
  std::string_view source = "<p>按钮</p><var-buton />";
  LineIndex lines(source);
  auto tags = tags_of(source);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(lines.position(tags[2].name_offset).column, 11u);  // 10 characters, 16 bytes before it
}

TEST(Tokenizer, ToleratesPartialSnippets) {
  // An unclosed tag before the next one, an unterminated quote, a stray `<` and an end tag left open.
  auto tokens = tags_of("<var-button type=\"primary\"\n<var-icon name=x>a < b</var-icon");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].name, "var-button");
  EXPECT_EQ(tokens[0].attributes.size(), 1u);
  EXPECT_EQ(tokens[1].name, "var-icon");
  EXPECT_EQ(tokens[1].attributes.at(0).value, "x");
  EXPECT_EQ(tokens[2].kind, TokenKind::end_tag);
  auto open_quote = tags_of("<var-cell title=\"never closed>\n<var-icon />");
  ASSERT_EQ(open_quote.size(), 1u);
  EXPECT_EQ(open_quote[0].attributes.at(0).value, "never closed>\n<var-icon />");
  auto unclosed_comment = tokenize("<var-cell /><!-- forever <var-icon />");
  ASSERT_EQ(unclosed_comment.size(), 2u);
  EXPECT_EQ(unclosed_comment[1].kind, TokenKind::comment);
  auto unclosed_mustache = tags_of("{{ open <var-cell />");
  EXPECT_EQ(unclosed_mustache.size(), 1u);
  EXPECT_TRUE(tokenize("").empty());
  EXPECT_EQ(tags_of("<").size(), 0u);
  EXPECT_EQ(tags_of("<var-button").size(), 1u);
  EXPECT_EQ(tags_of("</").size(), 0u);
}

TEST(Tokenizer, EveryTokenPointsIntoTheSource) {
  std::string source(2000, '<');
  source += "<a b=c d='e' f=\"g\" / h><!DOCTYPE html><?xml?>\0\0<script>";
  source += std::string(1000, '>');
  std::size_t count = 0;
  for (const auto& t : tokenize(source)) {
    ++count;
    EXPECT_LE(t.offset, source.size());
    for (const auto& a : t.attributes) EXPECT_LE(a.offset + a.name.size(), source.size());
  }
  EXPECT_GT(count, 0u);
}

}  // namespace
}  // namespace varlet::catalog::templates
