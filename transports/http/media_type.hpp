#pragma once
// Media types as Content-Type and Accept headers carry them (RFC 9110): compared without case,
// parameters (charset, q) ignored, each entry of a list on its own, never as a substring.
#include <string_view>

namespace varlet::transports {

// Whether a Content-Type value names `type`, e.g. "Application/JSON; charset=utf-8" names "application/json".
bool media_type_is(std::string_view content_type, std::string_view type);

// Whether an Accept list names `type` itself (wildcards such as */* do not count, as in the MCP SDK).
bool accepts(std::string_view accept, std::string_view type);

}  // namespace varlet::transports
