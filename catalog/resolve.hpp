#pragma once
// Finding what people and models type: `Button`, `var-button`, `VarButton`, `<var-button />`,
// `button_group`; an unknown name gets the closest real names.
#include "catalog/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog {

template <class T>
struct Lookup {
  const T* found = nullptr;
  std::vector<std::string> suggestions;  // the closest names, when nothing was found
  std::string note;                      // what Varlet calls it, when the name is another library's
};

// A name of another library or of everyday UI language ("toast", "van-toast", "el-drawer",
// "轻提示") finds nothing, but suggests the Varlet component the vocabulary bridge names for it
// first, with a note ("there is no var-toast; var-snackbar is Varlet's Toast (vant)").
Lookup<Component> find_component(const Model& model, std::string_view typed);
Lookup<Directive> find_directive(const Model& model, std::string_view typed);
Lookup<Theme> find_theme(const Model& model, std::string_view typed);

// "Unknown component \"buton\". Did you mean var-button, var-button-group?" (or a hint to list),
// then the note of the lookup when there is one.
std::string not_found_message(std::string_view what, std::string_view typed, const std::vector<std::string>& suggestions,
                              std::string_view list_tool, std::string_view note = {});

// What a name looks like once the tag syntax, prefix and case are gone: "<VarButtonGroup/>" -> "button-group".
std::string normalize_name(std::string_view typed);

}  // namespace varlet::catalog
