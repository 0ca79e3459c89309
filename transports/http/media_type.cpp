#include "transports/http/media_type.hpp"

#include "transports/http/field_value.hpp"

#include <cctype>

namespace varlet::transports {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

}  // namespace

bool media_type_is(std::string_view content_type, std::string_view type) {
  return equal_ignoring_case(trim_ows(content_type.substr(0, content_type.find(';'))), type);
}

bool accepts(std::string_view accept, std::string_view type) {
  while (!accept.empty()) {
    auto comma = accept.find(',');
    if (media_type_is(accept.substr(0, comma), type)) return true;
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace varlet::transports
