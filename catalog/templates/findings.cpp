#include "catalog/templates/findings.hpp"

#include "catalog/docs/markdown.hpp"
#include "mcp/suggest.hpp"

#include <algorithm>

namespace varlet::catalog::templates {

void Findings::add(std::size_t offset, Diagnostic d) {
  if (report_.diagnostics.size() >= max_diagnostics) {
    ++report_.omitted;
    return;
  }
  d.at = lines_.position(offset);
  report_.diagnostics.push_back(std::move(d));
}

Suggestion closest(std::string_view typed, const std::vector<std::string>& candidates) {
  auto close = mcp::closest_matches(typed, candidates, 5);
  if (close.empty()) return {};
  auto t = docs::lowercase(typed);
  auto distance = [&](const std::string& c) { return mcp::edit_distance(t, docs::lowercase(c)); };
  auto best = *std::min_element(close.begin(), close.end(),
                                [&](const std::string& a, const std::string& b) { return distance(a) < distance(b); });
  return {best, distance(best) <= std::max<std::size_t>(1, (t.size() + 1) / 3)};
}

std::string some_of(const std::vector<std::string>& names, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > limit) out += ", ...";
  return out;
}

std::vector<std::string> option_names(const std::vector<Param>& options) {
  std::vector<std::string> names;
  for (const auto& o : options) {
    auto name = o.name;
    if (!name.empty() && name.back() == '?') name.pop_back();
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace varlet::catalog::templates
