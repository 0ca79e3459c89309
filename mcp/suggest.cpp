#include "mcp/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace varlet::mcp {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> closest_matches(std::string_view typed, const std::vector<std::string>& candidates,
                                         std::size_t limit) {
  // Edit distance costs |typed| x |candidate|: what is much longer than every candidate is no
  // misspelling of one, and suggesting from it would let a client buy seconds of CPU per call.
  std::size_t longest = 0;
  for (const auto& c : candidates) longest = std::max(longest, c.size());
  if (typed.size() > 2 * longest + 8) return {};
  auto t = lower(typed);
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> scored;  // distance, length, name
  std::size_t budget = std::max<std::size_t>(2, t.size() / 3);
  for (const auto& c : candidates) {
    auto lc = lower(c);
    std::size_t d = edit_distance(t, lc);
    bool contains = !t.empty() && (lc.find(t) != std::string::npos || t.find(lc) != std::string::npos);
    if (contains) d = std::min<std::size_t>(d, 1);
    if (d <= budget) scored.emplace_back(d, c.size(), c);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& s : scored) {
    if (out.size() >= limit) break;
    out.push_back(std::get<2>(s));
  }
  return out;
}

}  // namespace varlet::mcp
