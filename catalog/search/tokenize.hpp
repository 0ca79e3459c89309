#pragma once
// Search terms of a text, the same for documents and queries. Latin text: split on anything that
// is not a letter or digit and at camelCase humps (so `pull-refresh`, `pull_refresh` and
// `PullRefresh` give the same terms), lowercased, common English function words dropped, and a
// light suffix stripping (plural, -ing, -ed, -er, final e). Chinese text: overlapping character
// bigrams (a lone character stands for itself).
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::search {

struct Term {
  std::string text;
  std::size_t begin = 0;  // byte range of the word or characters it came from
  std::size_t end = 0;
};

std::vector<Term> tokenize(std::string_view text);
std::vector<std::string> terms(std::string_view text);

// Whole-name keys: a name ("PullRefresh", "pull-refresh", "输入框") as one key "#pull-refresh", so an
// exact name outranks its words ("tabs" the component over every "tab"); a run of Chinese
// characters is one word. For a query, the keys of each run of one to three words, of its first
// `max_words` words.
std::string name_key(std::string_view name);
std::vector<std::string> query_name_keys(std::string_view query, std::size_t max_words = SIZE_MAX);

// The stem of one lowercase ASCII word.
std::string stem(std::string_view word);

}  // namespace varlet::catalog::search
