#pragma once
// Checks tool arguments against the tool's JSON Schema (the subset tool schemas use: type,
// properties, required, additionalProperties, enum, const, items, min/max bounds, pattern,
// allOf/anyOf/oneOf/not, if/then/else, $ref into $defs; 2020-12 is the default dialect) and explains the first problem so a model can correct itself.
#include "mcp/json.hpp"

#include <optional>
#include <string>

namespace varlet::mcp {

struct SchemaViolation {
  std::string path;        // e.g. "sections[1]"; empty for the arguments object itself
  std::string expected;    // what the schema wants
  std::string got;         // what was sent, shortened
  std::string suggestion;  // a concrete fix, possibly empty

  // One paragraph: "Invalid argument `sections[1]`: expected one of ..., got "prop". Did you mean "props"?"
  std::string message() const;
};

std::optional<SchemaViolation> validate(const json::value& instance, const json::object& schema);

// Gives every string of a tool's input schema a maxLength and every array a maxItems where it has
// none (strings limited by enum or const need none), so no argument a client sends is unbounded
// and the limits show in tools/list.
void bound_input_schema(json::object& schema, std::size_t max_string, std::size_t max_items);

}  // namespace varlet::mcp
