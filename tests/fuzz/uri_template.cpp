// URI templates: the first line of an input is a template, the rest a URI to match against it.
// Percent-decoding undoes percent-encoding for any bytes.
#include "mcp/uri_template.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace varlet::mcp;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto newline = text.find('\n');
  auto pattern = text.substr(0, newline);
  auto uri = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);

  UriTemplate uri_template(pattern);
  if (auto vars = uri_template.match(uri)) {
    for (const auto& [name, value] : *vars) (void)name, (void)value;
    (void)uri_template.expand(*vars);
  }
  std::map<std::string, std::string> values;
  for (const auto& name : uri_template.variables()) values[name] = std::string(uri);
  (void)uri_template.expand(values);

  if (percent_decode(percent_encode(uri)) != uri) std::abort();
  return 0;
}
