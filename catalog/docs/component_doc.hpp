#pragma once
// A component's docs page (packages/varlet-ui/src/<component>/docs/<locale>.md): the intro, the
// titled examples before the `## API` section, and the API tables inside it.
#include "catalog/docs/markdown.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::docs {

enum class ApiKind { props, events, slots, methods, style_variables, options, other };
std::string_view to_string(ApiKind kind);

// One table row. Which fields are set depends on the table's columns; "-" cells are empty.
struct ApiEntry {
  std::string name;
  std::string since;  // "3.18.0" from a `***3.18.0***` mark
  std::string description;
  std::string type;
  std::string default_value;
  std::string arguments;  // event arguments, slot props, method arguments
  std::string returns;
};

struct ApiTable {
  ApiKind kind = ApiKind::other;
  std::string heading;  // the nearest heading above the table, e.g. "Button Props" or "Props"
  std::string subject;  // the component a sub-heading names ("Button", "ButtonGroup"); empty when none
  std::string note;     // prose between the heading and the table
  std::vector<std::string> columns;
  std::vector<ApiEntry> entries;
};

struct Example {
  std::string title;
  std::string group;        // an enclosing `##` heading such as "Function Call"; empty when none
  std::string description;  // prose between the heading and the code
  std::vector<CodeBlock> code;
  int section = -1;
};

struct ComponentDoc {
  Document document;
  std::string intro;
  std::vector<Example> examples;
  std::vector<ApiTable> api;

  // The tables of one kind; with a subject, only those naming it (or naming none).
  std::vector<const ApiTable*> tables(ApiKind kind, std::string_view subject = {}) const;
};

ComponentDoc parse_component_doc(std::string_view markdown);

}  // namespace varlet::catalog::docs
