#pragma once
// What a prop's declared type says about the values a template may give it statically: the closed
// set of string literals of a union such as ButtonType, and which kinds of literal (string, number,
// boolean) it takes at all. Named types are expanded through Component.types.
#include "catalog/model.hpp"

#include <string>
#include <vector>

namespace varlet::catalog::templates {

// "'default' | 'primary' | ..." -> {default, primary, ...}: the prop's type (ts_type, else type),
// with named types expanded and `undefined`/`null` dropped, when it is a union of string literals
// and nothing else; empty otherwise (any string may be right).
std::vector<std::string> allowed_values(const Component& component, const Prop& prop);

// Which literals the type can take. `other` is set when a part of it is not understood (an object,
// a function, a type the component does not expand), so nothing can be ruled out for certain.
struct ValueKinds {
  bool string = false;
  bool number = false;
  bool boolean = false;
  bool other = false;
};
ValueKinds accepted_kinds(const Component& component, const Prop& prop);

}  // namespace varlet::catalog::templates
