// get_release_notes: CHANGELOG.md entries for one version or a range, optionally only the items
// about one component.
#include "catalog/docs/changelog.hpp"
#include "catalog/names.hpp"
#include "catalog/docs/docs_tools.hpp"

namespace varlet::catalog::docs {
namespace {

std::string render(const Release& release, const std::vector<ChangeGroup>& groups) {
  std::string text = "## " + release.version;
  if (!release.date.empty()) text.append(" (").append(release.date).append(")");
  text += "\n";
  for (const auto& group : groups) {
    text.append("\n### ").append(group.title).append("\n\n");
    for (const auto& item : group.items) {
      text += "- ";
      if (!item.scopes.empty()) {
        text += "**";
        for (std::size_t i = 0; i < item.scopes.size(); ++i) text.append(i ? ", " : "").append(item.scopes[i]);
        text += ":** ";
      }
      text += item.text;
      if (!item.commit.empty()) text.append(" (").append(item.commit).append(")");
      text += "\n";
    }
  }
  return text;
}

json::object release_json(const Release& release, const std::vector<ChangeGroup>& groups) {
  json::array gs;
  for (const auto& group : groups) {
    json::array items;
    for (const auto& item : group.items) {
      json::array scopes, issues;
      for (const auto& s : item.scopes) scopes.emplace_back(s);
      for (const auto& i : item.issues) issues.emplace_back(i);
      json::object o{{"text", item.text}, {"scopes", std::move(scopes)}, {"issues", std::move(issues)}};
      if (!item.commit.empty()) o["commit"] = item.commit;
      items.push_back(std::move(o));
    }
    gs.push_back({{"title", group.title}, {"items", std::move(items)}});
  }
  json::object o{{"version", release.version}, {"groups", std::move(gs)}};
  if (!release.date.empty()) o["date"] = release.date;
  if (!release.compare_url.empty()) o["url"] = release.compare_url;
  return o;
}

// The groups of a release, keeping only the items about `component` when one is given.
std::vector<ChangeGroup> filtered(const Release& release, const std::string& component) {
  if (component.empty()) return release.groups;
  std::vector<ChangeGroup> out;
  for (const auto& group : release.groups) {
    ChangeGroup kept{group.title, {}};
    for (const auto& item : group.items)
      if (mentions(item, component)) kept.items.push_back(item);
    if (!kept.items.empty()) out.push_back(std::move(kept));
  }
  return out;
}

json::object release_schema() {
  json::object item = output_schema({{"text", {{"type", "string"}}},
                                     {"scopes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                     {"issues", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                     {"commit", {{"type", "string"}}}},
                                    {"text", "scopes"});
  json::object group = output_schema({{"title", {{"type", "string"}}}, {"items", {{"type", "array"}, {"items", item}}}},
                                     {"title", "items"});
  return output_schema({{"version", {{"type", "string"}}},
                        {"date", {{"type", "string"}}},
                        {"url", {{"type", "string"}}},
                        {"groups", {{"type", "array"}, {"items", group}}}},
                       {"version", "groups"});
}

}  // namespace

ToolDefinition release_notes_tool(const DocsToolsOptions& options) {
  ToolDefinition tool;
  tool.spec.name = "get_release_notes";
  tool.spec.title = "Varlet release notes";
  tool.spec.description =
      "Release notes from Varlet's CHANGELOG.md: the entry of one version (`version`, default the server's), or every "
      "release after `from` up to and including `to` (default: the version), newest first; with `component`, only "
      "the items about that component (e.g. button, PullRefresh, var-snackbar).";
  tool.spec.input_schema = input_schema(
      {{"version", version_property()},
       {"from", {{"type", "string"}, {"description", "Releases after this version (exclusive), e.g. 3.0.0"}}},
       {"to", {{"type", "string"}, {"description", "Releases up to this version (inclusive); default: `version`"}}},
       {"component", {{"type", "string"}, {"description", "Only items about this component"}}}});
  tool.spec.output_schema = output_schema({{"version", {{"type", "string"}}},
                                           {"from", {{"type", "string"}}},
                                           {"to", {{"type", "string"}}},
                                           {"component", {{"type", "string"}}},
                                           {"releases", {{"type", "array"}, {"items", release_schema()}}},
                                           {"matched", {{"type", "integer"}}},
                                           {"truncated", {{"type", "boolean"}}}},
                                          {"version", "releases", "matched", "truncated"});
  tool.needs_model = false;
  tool.docs_needed = [](const json::object&, const ToolInputs& inputs) {
    return lookup(inputs, {std::string(paths::changelog)}).wanted;
  };
  tool.run = [budget = options.page_bytes](const json::object& args, const ToolInputs& inputs) -> json::object {
    auto file = lookup(inputs, {std::string(paths::changelog)});
    if (!file.text) return absent_result(inputs, "changelog", paths::changelog);
    auto releases = parse_changelog(*file.text);
    if (releases.empty())
      return error_result("The CHANGELOG.md of Varlet " + inputs.version + " lists no release that can be read.");

    auto from = std::string(get_string(args, "from").value_or(""));
    auto to = std::string(get_string(args, "to").value_or(""));
    bool range = !from.empty() || !to.empty();
    if (to.empty()) to = inputs.version;
    auto component = kebab_case(get_string(args, "component").value_or(""));
    if (component.rfind("var-", 0) == 0) component.erase(0, 4);

    std::vector<const Release*> chosen;
    for (const auto& r : releases) {
      bool in = range ? (from.empty() || compare_versions(r.version, from) > 0) && compare_versions(r.version, to) <= 0
                      : compare_versions(r.version, inputs.version) == 0;
      if (in) chosen.push_back(&r);
    }
    std::string label = range ? "after " + (from.empty() ? std::string("the first release") : from) + " up to " + to
                              : inputs.version;
    if (chosen.empty()) {
      std::string text = "CHANGELOG.md at v" + inputs.version + " has no release " + label + ".";
      if (compare_versions(to, releases.front().version) > 0)
        text += " It ends at " + releases.front().version + ": pass version \"" + to + "\" to read a newer changelog.";
      else
        text += " Its releases run from " + releases.back().version + " to " + releases.front().version + ".";
      return error_result(text);
    }

    std::string text = "# Varlet release notes, " + label + (component.empty() ? "" : " (" + component + ")") + "\n\n";
    json::array list;
    std::size_t matched = 0;
    bool truncated = false;
    for (const auto* r : chosen) {
      auto groups = filtered(*r, component);
      if (groups.empty()) continue;
      ++matched;
      auto block = render(*r, groups);
      if (!list.empty() && text.size() + block.size() > budget) {
        truncated = true;
        continue;
      }
      text += block + "\n";
      list.push_back(release_json(*r, groups));
    }
    if (matched == 0) text += "No item of these releases is about " + component + ".\n";
    if (truncated)
      text += "(" + std::to_string(matched - list.size()) + " more matching releases left out: narrow the range.)\n";
    if (range && compare_versions(to, releases.front().version) > 0)
      text += "(This changelog ends at " + releases.front().version + "; pass version \"" + to + "\" for newer ones.)\n";

    json::object structured{{"version", inputs.version},
                            {"releases", std::move(list)},
                            {"matched", matched},
                            {"truncated", truncated}};
    if (!from.empty()) structured["from"] = from;
    if (range) structured["to"] = to;
    if (!component.empty()) structured["component"] = component;
    return docs_result(std::move(text), std::move(structured), inputs, {std::string(paths::changelog)});
  };
  return tool;
}

}  // namespace varlet::catalog::docs
