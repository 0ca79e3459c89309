#pragma once
// `varlet-mcp keys add NAME | list | revoke NAME`: the API keys of `[auth] keys-file`.
#include "runtime/cli.hpp"
#include "runtime/config.hpp"

namespace varlet::runtime {

int run_keys(const Config& config, const CommandLine& command);

}  // namespace varlet::runtime
