#pragma once
// SIGHUP: the configuration is loaded again from the same file and flags; what can change while
// serving takes effect (the [limits] keys, log.level; the API keys file is read again), and the log
// says what changed and what waits for a restart. A configuration that does not load changes nothing.
#include "runtime/config.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace varlet::runtime {

class ConfigReloader {
public:
  // `apply` hands the settings that may change to the running transport.
  ConfigReloader(const Config& running, std::function<void(const Config&)> apply);
  // Loads and applies; returns the line it logged.
  std::string reload();

private:
  std::vector<std::string> arguments_;
  std::map<std::string, std::string> running_;  // the values in effect
  std::function<void(const Config&)> apply_;
};

}  // namespace varlet::runtime
