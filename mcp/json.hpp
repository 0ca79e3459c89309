#pragma once
// Boost.JSON under a short name, and the few helpers every module uses to read loosely typed input.
#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace varlet {
namespace json = boost::json;

// The string at obj[key], or nothing when absent or not a string.
inline std::optional<std::string_view> get_string(const json::object& obj, std::string_view key) {
  if (auto* v = obj.if_contains(key); v && v->is_string()) return std::string_view(v->get_string());
  return std::nullopt;
}

inline std::string serialize(const json::value& v) { return json::serialize(v); }
}  // namespace varlet
