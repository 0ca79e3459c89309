#pragma once
// Case conversions between the names the package uses: tags ("var-button-group"), kebab names
// ("button-group"), camelCase file and member names ("buttonGroup") and PascalCase component names.
#include <string>
#include <string_view>

namespace varlet::catalog {

inline constexpr std::string_view tag_prefix = "var-";

// "ButtonGroup", "buttonGroup", "button_group", "md3Light" -> "button-group", "md3-light".
std::string kebab_case(std::string_view name);
// "button-group" -> "buttonGroup".
std::string camel_case(std::string_view kebab);
// "button-group" -> "ButtonGroup".
std::string pascal_case(std::string_view kebab);
// "var-button" -> "button"; a name without the prefix is returned as it is.
std::string_view strip_tag_prefix(std::string_view tag);

}  // namespace varlet::catalog
