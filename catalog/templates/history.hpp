#pragma once
// Where a component, prop, event or slot that a version lacks exists in another release of the
// same major: the release that added it (it is in the newest) or the one that removed it (it is in
// the oldest), found from the catalogs by bisecting the releases between. The search is driven
// step by step: each step names the versions whose models it still needs, until it has its answers.
#include "catalog/model.hpp"
#include "catalog/templates/check.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace varlet::catalog::templates {

// A model by version: nullopt when not loaded yet, nullptr when it could not be had.
using ModelOf = std::function<std::optional<const Model*>(const std::string& version)>;

struct HistoryStep {
  std::vector<std::string> needed;  // versions to load before the next step
  // Per diagnostic of the report, in order: "added in 3.5.0", "removed in 3.12.0", or empty.
  std::vector<std::string> notes;
};

// At most this many other releases are loaded for one check: the newest and the oldest, then a
// bisection of about log2(releases) each.
inline constexpr std::size_t max_history_models = 16;

// `releases`: every version of the package, in any order; only stable releases of `version`'s
// major are used.
HistoryStep trace_history(const std::string& version, const std::vector<std::string>& releases,
                          const CheckReport& report, const ModelOf& model_of);

}  // namespace varlet::catalog::templates
