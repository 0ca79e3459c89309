#pragma once
// GET /dashboard on the admin listener: one self-contained page (transports/http/dashboard.html,
// compiled in) that polls /admin/metrics and /admin/pools and draws them. The page holds no data,
// so it is served without the admin token; the page asks for the token when /admin answers 401.
#include "transports/http/connection.hpp"

#include <string>
#include <string_view>

namespace varlet::transports {

// The page with its headers: text/html, no caching, no sniffing, and a Content-Security-Policy
// that lets nothing run or load but the page's own inline style and script (by their hashes) and
// requests to its own origin.
Response dashboard_page();

// " 'sha256-BASE64'" for the text of each <tag>...</tag> element (no attributes) of `html`.
std::string inline_hashes(std::string_view html, std::string_view tag);

}  // namespace varlet::transports
