#pragma once
// Protocol constants: supported versions and log levels.
#include <array>
#include <optional>
#include <string_view>

namespace varlet::mcp {

inline constexpr std::string_view latest_protocol_version = "2025-11-25";
// Newest first. 2025-03-26 is also what an HTTP request without MCP-Protocol-Version means.
inline constexpr std::array<std::string_view, 3> supported_protocol_versions = {"2025-11-25", "2025-06-18",
                                                                               "2025-03-26"};
inline constexpr std::string_view default_http_protocol_version = "2025-03-26";

inline bool is_supported_protocol_version(std::string_view v) {
  for (auto s : supported_protocol_versions)
    if (s == v) return true;
  return false;
}

// A version of the session era (2025-11-25 and earlier, what initialize negotiates), whether or
// not this server still speaks it.
inline bool is_legacy_protocol_version(std::string_view v) {
  return is_supported_protocol_version(v) || v == "2024-11-05";
}

// The version the server answers initialize with: the client's when supported, else the latest.
inline std::string_view negotiate_protocol_version(std::string_view requested) {
  return is_supported_protocol_version(requested) ? requested : latest_protocol_version;
}

// Batches exist only in 2025-03-26.
inline bool protocol_allows_batches(std::string_view v) { return v == "2025-03-26"; }

// Priming events with retry: on SSE streams are for clients at 2025-11-25 or later.
inline bool protocol_wants_priming_event(std::string_view v) { return v >= std::string_view("2025-11-25"); }

enum class LogLevel { debug, info, notice, warning, error, critical, alert, emergency };

inline constexpr std::array<std::string_view, 8> log_level_names = {
    "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

inline std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (std::size_t i = 0; i < log_level_names.size(); ++i)
    if (log_level_names[i] == name) return static_cast<LogLevel>(i);
  return std::nullopt;
}

inline std::string_view to_string(LogLevel l) { return log_level_names[static_cast<std::size_t>(l)]; }

}  // namespace varlet::mcp
