#pragma once
// A component's API with what its docs page adds where the package is silent: method signatures
// and descriptions, descriptions of props, events and slots, and since-version marks. The package
// stays the truth for names, types and defaults; where the page disagrees, it is reported.
#include "catalog/docs/component_doc.hpp"
#include "catalog/model.hpp"

#include <string>
#include <vector>

namespace varlet::catalog::docs {

struct MergedApi {
  Component component;                     // the package's component, completed from the docs
  std::vector<std::string> disagreements;  // "the docs list prop `foo`, which the package does not declare"
};

MergedApi merge_docs(const Component& package, const ComponentDoc& doc);

}  // namespace varlet::catalog::docs
