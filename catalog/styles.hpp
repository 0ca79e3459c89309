#pragma once
// Readers of the package's style and asset files: CSS custom properties, theme token objects in
// es/themes/*.mjs, their imports, and the icon names of @varlet/icons.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace varlet::catalog {

using Tokens = std::vector<std::pair<std::string, std::string>>;

// Every `--name: value;` declaration, in order (the first of a name wins).
Tokens parse_css_vars(std::string_view css);
// Every `"--name": "value"` pair of a JS object literal.
Tokens parse_token_object(std::string_view js);
// The relative paths a module imports: `import x from "./dark/index.mjs"` -> "./dark/index.mjs".
std::vector<std::string> module_imports(std::string_view js);
// The keys of @varlet/icons' `pointCodes` object: "account-circle", ...
std::vector<std::string> parse_icon_names(std::string_view js);

}  // namespace varlet::catalog
