// diff_versions: what changed in the public API between two versions, computed from both catalogs,
// with the CHANGELOG.md items of the range about the changed components when the docs upstream is
// there.
#include "catalog/docs/changelog.hpp"
#include "catalog/docs/docs_tools.hpp"
#include "catalog/names.hpp"
#include "catalog/resolve.hpp"
#include "catalog/version_diff.hpp"

namespace varlet::catalog::docs {
namespace {

constexpr std::size_t max_changelog_items = 30;  // per component, newest first

json::object member_json(const MemberDiff& d) {
  json::array changed;
  for (const auto& c : d.changed)
    changed.push_back({{"name", c.name}, {"what", c.what}, {"before", c.before}, {"after", c.after}});
  return {{"added", json::value_from(d.added)}, {"removed", json::value_from(d.removed)}, {"changed", std::move(changed)}};
}

// "props +a +b −c ~d (default `1` → `2`)"; nothing when nothing changed.
std::string member_text(std::string_view label, const MemberDiff& d, bool names) {
  if (d.empty()) return {};
  std::string out(label);
  if (!names) {
    for (auto [sign, n] : {std::pair{" +", d.added.size()}, {" −", d.removed.size()}, {" ~", d.changed.size()}})
      if (n) out.append(sign).append(std::to_string(n));
    return out;
  }
  for (const auto& a : d.added) out.append(" +").append(a);
  for (const auto& r : d.removed) out.append(" −").append(r);
  for (const auto& c : d.changed)
    out.append(" ~").append(c.name).append(" (").append(c.what).append(" `").append(c.before).append("` → `")
        .append(c.after).append("`)");
  return out;
}

struct ChangelogItem {
  std::string version, text;
};

// The items of releases after `from` up to `to` about a component (kebab), newest first.
std::vector<ChangelogItem> changelog_items(const std::vector<Release>& releases, std::string_view from,
                                           std::string_view to, std::string_view component) {
  std::vector<ChangelogItem> out;
  for (const auto& r : releases) {
    if (compare_versions(r.version, from) <= 0 || compare_versions(r.version, to) > 0) continue;
    for (const auto& group : r.groups)
      for (const auto& item : group.items)
        if (mentions(item, component)) out.push_back({r.version, group.title + ": " + item.text});
  }
  return out;
}

json::object diff_schema() {
  auto names = json::object{{"type", "array"}, {"items", {{"type", "string"}}}};
  auto change = output_schema({{"name", {{"type", "string"}}},
                               {"what", {{"type", "string"}}},
                               {"before", {{"type", "string"}}},
                               {"after", {{"type", "string"}}}},
                              {"name", "what", "before", "after"});
  auto members = output_schema({{"added", names}, {"removed", names}, {"changed", {{"type", "array"}, {"items", change}}}},
                               {"added", "removed", "changed"});
  auto component = output_schema({{"tag", {{"type", "string"}}},
                                  {"props", members},
                                  {"events", members},
                                  {"slots", members},
                                  {"methods", members},
                                  {"cssVars", members}},
                                 {"tag"});
  auto item = output_schema({{"version", {{"type", "string"}}}, {"text", {{"type", "string"}}}}, {"version", "text"});
  auto log = output_schema({{"component", {{"type", "string"}}},
                            {"total", {{"type", "integer"}}},
                            {"items", {{"type", "array"}, {"items", item}}}},
                           {"component", "total", "items"});
  return output_schema({{"from", {{"type", "string"}}},
                        {"to", {{"type", "string"}}},
                        {"locale", {{"type", "string"}}},
                        {"component", {{"type", "string"}}},
                        {"added", names},
                        {"removed", names},
                        {"changed", {{"type", "array"}, {"items", component}}},
                        {"changelog", {{"type", "array"}, {"items", log}}}},
                       {"from", "to", "locale", "added", "removed", "changed"});
}

}  // namespace

ToolDefinition diff_versions_tool() {
  ToolDefinition tool;
  tool.spec.name = "diff_versions";
  tool.spec.title = "What changed between two Varlet versions";
  tool.spec.description =
      "The public API changes between two Varlet versions, computed from both packages: components added and "
      "removed; for each changed component the props, events, slots, methods and CSS variables added, removed and "
      "changed (type or default, with before and after); plus the CHANGELOG.md items of the range about them when "
      "the docs are reachable. Use it before upgrading, or to explain why code written for one version fails on "
      "another.";
  auto version_like = [](std::string what) {
    return json::object{{"type", "string"},
                        {"description", what + ": a version, dist-tag or range (3.0.0, latest, ^3.2), or \"project\""}};
  };
  tool.spec.input_schema = input_schema({{"from", version_like("The older version")},
                                         {"to", version_like("The newer version; default: the server's version")},
                                         {"component", {{"type", "string"}, {"description", "Only this component"}}},
                                         {"locale", locale_property()}},
                                        {"from"});
  tool.spec.output_schema = diff_schema();
  tool.version_argument = "to";
  tool.docs_optional = true;
  tool.docs_needed = [](const json::object&, const ToolInputs& inputs) {
    return lookup(inputs, {std::string(paths::changelog)}).wanted;
  };
  tool.models_needed = [](const json::object& args, const ToolInputs&) {
    return std::vector<std::string>{std::string(get_string(args, "from").value_or(""))};
  };
  tool.run = [](const json::object& args, const ToolInputs& inputs) -> json::object {
    auto from_spec = std::string(get_string(args, "from").value_or(""));
    auto other = inputs.other_versions.find(from_spec);
    if (from_spec.empty() || other == inputs.other_versions.end())
      return error_result("Pass `from`: the version to compare with, e.g. 3.0.0.");
    if (!other->second.model)
      return error_result("Cannot load Varlet \"" + from_spec + "\" to compare with: " + other->second.error);
    const Model& before = *other->second.model;
    const Model& after = *inputs.model;

    std::string tag;
    if (auto typed = get_string(args, "component")) {
      auto found = find_component(after, *typed);
      if (!found.found) found = find_component(before, *typed);
      if (!found.found) return error_result(not_found_message("component", *typed, found.suggestions, "list_components", found.note));
      tag = found.found->tag;
    }
    auto diff = diff_models(before, after, tag);

    std::string title = "Varlet " + before.version + " → " + after.version + " (" + after.locale + ")";
    std::string text = "# " + title + (tag.empty() ? "" : ", " + tag) + "\n";
    if (compare_versions(before.version, after.version) > 0) text += "(`from` is the newer: read added as removed.)\n";
    auto tags_line = [&](const char* label, const std::vector<std::string>& tags) {
      if (tags.empty()) return;
      text += std::string(label) + " (" + std::to_string(tags.size()) + "):";
      for (const auto& t : tags) text += " " + t;
      text += "\n";
    };
    tags_line("Components added", diff.added);
    tags_line("Components removed", diff.removed);
    if (diff.changed.empty() && diff.added.empty() && diff.removed.empty()) text += "No change in the public API.\n";

    json::array changed;
    for (const auto& c : diff.changed) {
      text += "- " + c.tag + ":";
      for (auto part : {member_text(" props", c.props, true), member_text(" events", c.events, true),
                        member_text(" slots", c.slots, true), member_text(" methods", c.methods, true),
                        member_text(" CSS variables", c.css_vars, !tag.empty())})
        if (!part.empty()) text += part + ";";
      text.back() = '\n';
      changed.push_back({{"tag", c.tag},
                         {"props", member_json(c.props)},
                         {"events", member_json(c.events)},
                         {"slots", member_json(c.slots)},
                         {"methods", member_json(c.methods)},
                         {"cssVars", member_json(c.css_vars)}});
    }

    json::object structured{{"from", before.version},
                            {"to", after.version},
                            {"locale", after.locale},
                            {"added", json::value_from(diff.added)},
                            {"removed", json::value_from(diff.removed)},
                            {"changed", std::move(changed)}};
    if (!tag.empty()) structured["component"] = tag;

    std::vector<std::string> repository_files;
    if (auto file = lookup(inputs, {std::string(paths::changelog)}); file.text) {
      repository_files.push_back(file.path);
      auto releases = parse_changelog(*file.text);
      auto low = before.version, high = after.version;
      if (compare_versions(low, high) > 0) std::swap(low, high);
      std::vector<std::string> subjects;
      if (!tag.empty()) subjects.push_back(tag);
      else
        for (const auto& c : diff.changed) subjects.push_back(c.tag);
      json::array logs;
      std::string counts;
      for (const auto& subject : subjects) {
        auto items = changelog_items(releases, low, high, std::string(strip_tag_prefix(subject)));
        if (items.empty()) continue;
        json::array list;
        for (std::size_t i = 0; i < items.size() && i < max_changelog_items; ++i)
          list.push_back({{"version", items[i].version}, {"text", items[i].text}});
        logs.push_back({{"component", subject}, {"total", items.size()}, {"items", std::move(list)}});
        if (!tag.empty()) {
          text += "\n## CHANGELOG.md items about " + subject + " (" + std::to_string(items.size()) + ")\n";
          for (std::size_t i = 0; i < items.size() && i < max_changelog_items; ++i)
            text += "- " + items[i].version + " " + items[i].text + "\n";
        } else {
          counts += " " + subject + " " + std::to_string(items.size()) + ";";
        }
      }
      if (!counts.empty())
        text += "\nCHANGELOG.md items in the range:" + counts.substr(0, counts.size() - 1) +
                " (pass `component` for them).\n";
      structured["changelog"] = std::move(logs);
    }

    return docs_result(std::move(text), std::move(structured), inputs, repository_files);
  };
  return tool;
}

}  // namespace varlet::catalog::docs
