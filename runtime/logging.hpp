#pragma once
// Logs go to stderr only (stdout belongs to the stdio protocol), as text or one JSON object a line.
#include <string>

namespace varlet::runtime {

// Returns an error message for an unknown level or format.
std::string init_logging(const std::string& level, const std::string& format);
// Changes the level of the running logger; an error message for an unknown level.
std::string set_log_level(const std::string& level);

}  // namespace varlet::runtime
