#pragma once
// The command line: a subcommand, its positional words, and everything else for the config.
#include <string>
#include <vector>

namespace varlet::runtime {

struct CommandLine {
  std::string command = "stdio";      // stdio, serve, call, metrics, warm, keys, version, help
  std::vector<std::string> words;     // positional words after the command
  bool http = true;                   // serve: --http (default) or --stdio
  bool json = false;                  // metrics --json, call --json
  std::string version;                // warm --version V
  std::vector<std::string> options;   // --section.key=value and --config-file=...
  std::string error;                  // set when the command line makes no sense
};

CommandLine parse_command_line(int argc, char** argv);
std::string usage();

}  // namespace varlet::runtime
