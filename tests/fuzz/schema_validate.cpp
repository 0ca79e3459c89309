// Schema validation: every input that parses as JSON is checked against the input schema of every
// tool the server offers, as tools/call checks arguments before a tool sees them.
#include "mcp/schema.hpp"
#include "tests/fuzz/support/fuzz_application.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace varlet;
  static const auto services = fuzz::fuzz_services();
  boost::system::error_code error;
  auto instance = json::parse(std::string_view(reinterpret_cast<const char*>(data), size), error);
  if (error) return -1;  // not JSON: keep it out of the corpus
  for (const auto& tool : services->registry->tools())
    if (auto violation = mcp::validate(instance, tool.input_schema)) (void)violation->message();
  return 0;
}
