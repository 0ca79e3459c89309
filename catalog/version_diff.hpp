#pragma once
// What changed in the public API between two versions' models: components added and removed, and
// for each component in both, the props, events, slots, methods and CSS variables added, removed
// and changed. Props and events count when public (see Prop::disagreement).
#include "catalog/model.hpp"

#include <string>
#include <vector>

namespace varlet::catalog {

struct MemberChange {
  std::string name;
  std::string what;  // "type", "default", "arguments", "props", "signature"
  std::string before, after;
};

struct MemberDiff {
  std::vector<std::string> added, removed;
  std::vector<MemberChange> changed;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

struct ComponentDiff {
  std::string tag;
  MemberDiff props, events, slots, methods, css_vars;
  bool empty() const {
    return props.empty() && events.empty() && slots.empty() && methods.empty() && css_vars.empty();
  }
};

struct VersionDiff {
  std::vector<std::string> added, removed;  // tags
  std::vector<ComponentDiff> changed;       // by tag, only those with a change
};

// `only`: a tag to compare alone; empty: every component.
VersionDiff diff_models(const Model& from, const Model& to, const std::string& only = {});

// The type a prop is shown with: its TypeScript type where declared, else web-types'.
std::string shown_type(const Prop& p);

}  // namespace varlet::catalog
