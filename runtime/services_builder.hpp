#pragma once
// Assembles what the server offers from the configuration: the registry of tools, resources and
// prompts, and the pure functions behind them.
#include "actors/services.hpp"
#include "runtime/config.hpp"

#include <memory>

namespace varlet::runtime {

std::shared_ptr<const actors::Services> build_services(const Config& config);

}  // namespace varlet::runtime
