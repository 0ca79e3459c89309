#pragma once
// "Did you mean ...?": the candidates closest to what was typed, by edit distance.
#include <string>
#include <string_view>
#include <vector>

namespace varlet::mcp {

std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` candidates whose distance to `typed` is small for its length, closest first.
// Case is ignored; a candidate that contains `typed` (or the reverse) counts as close. Nothing is
// suggested for text more than twice as long as the longest candidate.
std::vector<std::string> closest_matches(std::string_view typed, const std::vector<std::string>& candidates,
                                         std::size_t limit = 3);

}  // namespace varlet::mcp
