#include "actors/version_tools.hpp"

#include "actors/versions.hpp"
#include "mcp/engine.hpp"

namespace varlet::actors {
namespace {

json::object list_versions(const json::object& args, const catalog::ToolInputs& in) {
  auto parsed = in.versions ? parse_version_index(*in.versions) : VersionIndexOrError{std::nullopt, "no version list"};
  if (!parsed.index) return mcp::tool_result("The version list is unavailable: " + parsed.error, std::nullopt, true);
  const auto& index = *parsed.index;
  auto range = get_string(args, "range");
  std::vector<std::string> versions = index.versions;
  if (range) {
    std::string limit;
    auto matching = matching_versions(index, *range, &limit);
    if (!matching && !limit.empty())
      return mcp::tool_result("The range is not usable: " + limit + ".", std::nullopt, true);
    if (!matching)
      return mcp::tool_result("\"" + std::string(*range) + "\" is not a version range (try 3, ^3.2, ~3.2.1, >=3.1 <3.5).",
                              std::nullopt, true);
    versions = std::move(*matching);
  }
  std::size_t limit = 50;
  if (auto* l = args.if_contains("limit"); l && l->is_int64()) limit = static_cast<std::size_t>(l->get_int64());
  json::object tags;
  std::string text = "Tags:";
  for (auto& [tag, version] : index.tags) {
    tags[tag] = version;
    text += " " + tag + "=" + version;
  }
  text += "\n" + std::to_string(versions.size()) + " versions" + (range ? " matching " + std::string(*range) : "") +
          ", newest first:";
  json::array list;
  for (std::size_t i = 0; i < versions.size() && i < limit; ++i) {
    list.push_back(json::string(versions[i]));
    text += (i ? ", " : " ") + versions[i];
  }
  if (versions.size() > limit) text += ", ...";
  auto result = mcp::tool_result(std::move(text), json::value(json::object{
                                                      {"tags", std::move(tags)},
                                                      {"versions", std::move(list)},
                                                      {"total", versions.size()}}));
  result["_meta"] = json::object{{"varlet", {{"package", "@varlet/ui"}}}};
  return result;
}

}  // namespace

catalog::ToolDefinition list_versions_tool() {
  catalog::ToolDefinition t;
  t.spec.name = "list_versions";
  t.spec.title = "List Varlet versions";
  t.spec.description =
      "Available @varlet/ui versions and tags (latest, next, ...), newest first; `range` (3, ^3.2, ~3.2.1, "
      ">=3.1 <3.5) keeps the matching ones. Every other tool accepts any of these as `version`, or \"project\" for "
      "the version the user's project uses.";
  t.spec.input_schema = json::parse(R"({"type":"object","properties":{
      "range":{"type":"string","description":"A semver range such as 3, ^3.2, ~3.2.1 or >=3.1 <3.5"},
      "limit":{"type":"integer","minimum":1,"maximum":1000,"description":"Most versions to list; default 50"}},
      "additionalProperties":false})").as_object();
  t.spec.output_schema = json::parse(R"({"type":"object","properties":{
      "tags":{"type":"object","additionalProperties":{"type":"string"}},
      "versions":{"type":"array","items":{"type":"string"}},
      "total":{"type":"integer"}},"required":["versions","tags"]})").as_object();
  t.spec.annotations.open_world = true;
  t.needs_model = false;
  t.needs_versions = true;
  t.run = list_versions;
  return t;
}

}  // namespace varlet::actors
