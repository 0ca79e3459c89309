#pragma once
// Just enough JavaScript scanning to read a <script> block or a directive's value without running
// it: skipping strings, template literals and comments, balanced brackets, identifiers, and the
// keys of an object literal. Nothing here throws or recurses, whatever the input.
#include <cstddef>
#include <string_view>
#include <vector>

namespace varlet::catalog::templates {

bool is_identifier_start(char c);
bool is_identifier_char(char c);

// The offset after a string, template literal or comment starting at `at`; `at` when none starts there.
std::size_t skip_string_or_comment(std::string_view js, std::size_t at);
// The offset after the bracket group opening at `open` (`(`, `[` or `{`), or the end of the text.
std::size_t skip_balanced(std::string_view js, std::size_t open);
// The first offset from `at` that is not white space or a comment.
std::size_t skip_blank(std::string_view js, std::size_t at);

struct Key {
  std::string_view name;
  std::size_t offset = 0;
};
// The keys of the object literal whose `{` is at `open`, outer level only: `a: 1`, `'b': 2`, the
// shorthand `c` and the method `d() {}`; spreads and computed keys are skipped.
std::vector<Key> object_keys(std::string_view js, std::size_t open);

}  // namespace varlet::catalog::templates
