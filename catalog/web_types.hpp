#pragma once
// highlight/web-types.<locale>.json: every tag of the package with its attributes (props), events
// and slots, described in that locale.
#include "catalog/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog {

struct WebTypesTag {
  std::string name;  // "var-button"
  std::vector<Prop> props;
  std::vector<Event> events;
  std::vector<Slot> slots;
};

struct WebTypes {
  std::string version;
  std::vector<WebTypesTag> tags;
  std::vector<std::string> warnings;  // entries skipped, and why
  std::string error;                  // set when the file is unusable
};

WebTypes parse_web_types(std::string_view json_text);

}  // namespace varlet::catalog
