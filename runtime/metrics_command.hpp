#pragma once
// `varlet-mcp metrics`: asks a running service's admin listener for the metrics actor's
// snapshot and prints it as tables and diagnostics, or as JSON.
#include "runtime/config.hpp"

namespace varlet::runtime {

int run_metrics(const Config& config, bool as_json);

}  // namespace varlet::runtime
