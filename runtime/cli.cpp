#include "runtime/cli.hpp"

namespace varlet::runtime {

CommandLine parse_command_line(int argc, char** argv) {
  CommandLine cl;
  bool command_seen = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--version" && cl.command != "warm") || a == "-V") cl.command = "version";
    else if (a == "--help" || a == "-h") cl.command = "help";
    else if (a == "--http") cl.http = true;
    else if (a == "--stdio") cl.http = false;
    else if (a == "--json") cl.json = true;
    else if (a.rfind("--version=", 0) == 0) cl.version = a.substr(10);
    else if (a == "--version" && cl.command == "warm") {
      if (i + 1 >= argc) cl.error = "warm --version needs a version, tag or range, e.g. --version 3.20.6";
      else cl.version = argv[++i];
    }
    else if (a.rfind("--", 0) == 0) cl.options.push_back(a);
    else if (!command_seen && cl.command == "stdio") {
      command_seen = true;
      if (a == "serve" || a == "call" || a == "metrics" || a == "stdio" || a == "warm" || a == "keys") cl.command = a;
      else cl.error = "unknown command \"" + a + "\"";
    } else {
      cl.words.push_back(a);
    }
  }
  if (cl.command == "warm" && !cl.words.empty()) cl.error = "usage: varlet-mcp warm [--version V]";
  if (cl.command == "keys") {
    const auto& w = cl.words;
    bool named = w.size() == 2 && (w[0] == "add" || w[0] == "revoke");
    if (!named && !(w.size() == 1 && w[0] == "list")) cl.error = "usage: varlet-mcp keys add NAME | list | revoke NAME";
  }
  if (cl.command == "call" && (cl.words.empty() || cl.words.size() > 2))
    cl.error = "usage: varlet-mcp call TOOL ['{\"json\": \"arguments\"}']";
  return cl;
}

std::string usage() {
  return R"(varlet-mcp: exact, version-pinned knowledge of the Varlet UI library for AI assistants (MCP).

Usage:
  varlet-mcp [OPTIONS]                  serve MCP over stdio (what desktop clients launch)
  varlet-mcp serve [--http|--stdio]     serve Streamable HTTP at http.bind:http.port (default) or stdio
  varlet-mcp call TOOL ['JSON']         call one tool and print its answer; exit 1 on error
  varlet-mcp metrics [--json]           print a running service's metrics and diagnostics
  varlet-mcp warm [--version V]         fill the disk cache ([cache] dir) for a version: its package
                                        files, catalogs and every component's API in both locales
  varlet-mcp keys add NAME | list | revoke NAME
                                        the API keys of [auth] keys-file: add prints a new key once
  varlet-mcp --version | --help

Options:
  --config-file=FILE                    a CAF INI file (default: conf/varlet-mcp.ini next to the build)
  --section.key=value                   any key of the config file, e.g. --http.port=9000
                                        --varlet.version=^3.2 --cache.dir="/var/cache/varlet-mcp"
Environment: VARLET_VERSION (= varlet.version), CACHE_TTL (= cache.version-ttl, seconds).
Every key is documented in conf/varlet-mcp.ini.
)";
}

}  // namespace varlet::runtime
