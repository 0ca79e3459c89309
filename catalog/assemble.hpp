#pragma once
// One component from its web-types tag, its .d.ts declarations, its runtime props and its stylesheet.
#include "catalog/dts.hpp"
#include "catalog/model.hpp"
#include "catalog/runtime_props.hpp"
#include "catalog/web_types.hpp"

#include <map>

namespace varlet::catalog {

struct ComponentSources {
  const WebTypesTag* tag = nullptr;
  const dts::File* types = nullptr;  // types/<camel>.d.ts, when present
  std::string types_path;
  const std::string* css = nullptr;  // es/<kebab>/<camel>.css, when present
  std::string css_path;
  std::string web_types_path;
  const runtime::RuntimeProps* runtime = nullptr;  // es/<kebab>/props.mjs, when the package has it
  std::string runtime_path;
  // Every scanned types/<module>.d.ts by module ("loading"), where the types a prop names are found.
  const std::map<std::string, dts::File>* type_files = nullptr;
};

Component assemble_component(const ComponentSources& sources);

// "onClickOverlay" -> "click-overlay", "onUpdate:show" -> "update:show"; nothing when the member
// is not a listener.
std::optional<std::string> event_of_listener(std::string_view member);

// Whether an interface describes an imperative API: a call signature (Snackbar('hi')) or methods
// beyond install (LoadingBar.start()).
bool imperative_interface(const dts::Declaration& iface);

// "name(params): type" for a callable member.
std::string signature_of(const dts::Member& member);

}  // namespace varlet::catalog
