#pragma once
// The function APIs a <script> block calls: `Snackbar({...})`, `Snackbar.success({...})`,
// `Dialog(...)`: unknown members, calls of an API that is no function, and object-literal options
// its options type does not have.
#include "catalog/model.hpp"
#include "catalog/templates/findings.hpp"

#include <string_view>

namespace varlet::catalog::templates {

// `script` is the raw text of a <script> element that starts at `offset` of the checked code.
void check_script(const Model& model, std::string_view script, std::size_t offset, Findings& findings);

// The keys of an object-literal value (`{ color: 'red' }`) that are not among `options`, reported
// as FindingKind::option of `owner` (a directive or function API); `offset` is where `value` starts.
void check_object_keys(std::string_view value, std::size_t offset, const std::vector<std::string>& options,
                       const std::string& owner, const std::string& attribute, Findings& findings);

}  // namespace varlet::catalog::templates
