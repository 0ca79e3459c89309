// varlet-mcp: the entry point. Chooses the subcommand, loads the configuration, starts logging.
#include "runtime/cli.hpp"
#include "runtime/commands.hpp"
#include "runtime/config.hpp"
#include "runtime/keys_command.hpp"
#include "runtime/logging.hpp"
#include "runtime/metrics_command.hpp"
#include "runtime/platform.hpp"
#include "runtime/signals.hpp"

#include <iostream>

int main(int argc, char** argv) {
  using namespace varlet::runtime;
  StopSignal stop;  // before any thread starts, so every thread blocks the stop signals
  auto command = parse_command_line(argc, argv);
  if (!command.error.empty()) {
    std::cerr << "varlet-mcp: " << command.error << "\n\n" << usage();
    return 2;
  }
  if (command.command == "help") {
    std::cout << usage();
    return 0;
  }
  if (command.command == "version") {
    std::cout << "varlet-mcp " << VARLET_MCP_VERSION << "\n";
    return 0;
  }
  auto options = command.options;
  bool has_config = false;
  for (auto& o : options) has_config = has_config || o.rfind("--config-file=", 0) == 0;
  if (!has_config)
    if (auto file = default_config_file(argv[0]); !file.empty()) options.insert(options.begin(), "--config-file=" + file);
  Config config;
  if (auto error = config.load(options)) {
    std::cerr << "varlet-mcp: " << *error << "\n";
    return 2;
  }
  // Before any server thread allocates: arenas are given out on a thread's first allocation.
  if (config.memory.malloc_arenas > 0) varlet::platform::limit_malloc_arenas(static_cast<int>(config.memory.malloc_arenas));
  if (auto error = init_logging(config.log.level, config.log.format); !error.empty()) {
    std::cerr << "varlet-mcp: " << error << "\n";
    return 2;
  }
  if (command.command == "serve" && command.http) return run_http(config, stop);
  if (command.command == "call") return run_call(config, command);
  if (command.command == "warm") return run_warm(config, command);
  if (command.command == "metrics") return run_metrics(config, command.json);
  if (command.command == "keys") return run_keys(config, command);
  return run_stdio(config, stop);
}
