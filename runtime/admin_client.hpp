#pragma once
// Talks to a running service's admin listener ([admin] bind, port and token of the configuration),
// for the commands that act on a service: `varlet-mcp metrics` and `varlet-mcp warm`.
#include "runtime/config.hpp"

#include <string>

namespace varlet::runtime {

struct AdminAnswer {
  bool reached = false;  // false: nothing listens there (error says why)
  long status = 0;
  std::string body;
  std::string error;
  std::string url;
};

// GET (empty body) or POST (JSON body) `path` of the admin listener.
AdminAnswer ask_admin(const Config& config, const std::string& path, const std::string& body = {},
                      long timeout_seconds = 10);

}  // namespace varlet::runtime
