#pragma once
// The line structure pnpm-lock.yaml and yarn.lock share: indented lines of keys and values, with
// quoted or plain keys. Enough of YAML for these two files; no general YAML reader.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace varlet::catalog::project {

struct LockLine {
  std::size_t indent = 0;  // leading spaces
  std::string_view text;   // the rest, trailing spaces and \r gone; never blank or a # comment
};

// Calls `each` for every line that holds something, in order.
void for_each_lock_line(std::string_view text, const std::function<void(const LockLine&)>& each);

// 'a''b' -> a'b, "a\"b" -> a"b, plain text as is (trimmed).
std::string unquote(std::string_view text);

struct KeyValue {
  std::string key;
  std::string value;  // empty for a key that opens a block ("packages:")
};

// "'@varlet/ui': 3.20.6", "version: 3.20.6(vue@3.4.21)", "/@varlet/ui@3.20.6:"; false for a list
// item or a line with no key.
bool split_key_value(std::string_view text, KeyValue& out);

}  // namespace varlet::catalog::project
