#pragma once
// Logs go to stderr only (stdout belongs to the stdio protocol), as text or one JSON object a line.
#include <string>

namespace varlet::runtime {

// Returns an error message for an unknown level or format.
std::string init_logging(const std::string& level, const std::string& format);

}  // namespace varlet::runtime
