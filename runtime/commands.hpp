#pragma once
// The subcommands of varlet-mcp.
#include "runtime/cli.hpp"
#include "runtime/config.hpp"
#include "runtime/signals.hpp"

namespace varlet::runtime {

int run_stdio(Config& config, StopSignal& stop);
int run_http(Config& config, StopSignal& stop);
int run_call(Config& config, const CommandLine& command);
// Warms a version (--version, default [varlet] version): the package files its catalogs need, both
// catalogs, and every component's get_component_api answer in both locales. A running service (its
// admin listener answers) warms itself; otherwise this process fills the disk cache folder.
int run_warm(Config& config, const CommandLine& command);

}  // namespace varlet::runtime
