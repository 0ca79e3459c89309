#include "runtime/services_builder.hpp"

#include "actors/version_tools.hpp"
#include "catalog/api_tools.hpp"
#include "catalog/resources.hpp"
#include "mcp/fixtures.hpp"

namespace varlet::runtime {
namespace {

constexpr const char* instructions =
    "varlet-mcp answers questions about the Varlet UI library (@varlet/ui, Vue 3) from the real package of a "
    "pinned version; never guess a prop, event, slot or CSS variable: ask. "
    "Which component fits a need: search. All components: list_components. "
    "Props, events, slots, methods, CSS variables and the function API of one component: get_component_api "
    "(sections narrows it). Directives (ripple, lazy, hover, drag): get_directive_api. Theme tokens or the CSS "
    "variables a component reads: get_theme. Icon names: search_icons. What the package exports: get_exports. "
    "Examples: get_component_examples. Full docs: get_component_docs. Set-up for a tool chain: "
    "get_installation_guide; other guides: list_guides and get_guide. What changed: get_release_notes. "
    "Which components share a prop or event: find_components. Versions: list_versions; every tool takes "
    "version (concrete, tag or range) and locale (en-US or zh-CN).";

}  // namespace

std::shared_ptr<const actors::Services> build_services(const Config& config) {
  auto services = std::make_shared<actors::Services>();
  services->info = {"varlet-mcp", "Varlet UI MCP server", VARLET_MCP_VERSION, "https://varletjs.org", instructions,
                    true};
  services->default_version = config.varlet.version;
  services->default_locale = config.varlet.locale;
  services->request_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.mcp.request_timeout);
  services->conformance_fixtures = config.mcp.conformance_fixtures;

  auto registry = std::make_shared<mcp::Registry>(static_cast<std::size_t>(config.mcp.page_size));
  auto tools = catalog::api_tools();
  tools.push_back(actors::list_versions_tool());
  for (auto& tool : tools) {
    registry->add_tool(tool.spec);
    services->tools.emplace(tool.spec.name, std::move(tool));
  }
  for (auto& resource : catalog::resource_specs()) registry->add_resource(std::move(resource));
  for (auto& t : catalog::resource_template_specs()) registry->add_resource_template(std::move(t));
  services->read_resource = catalog::read_resource;
  services->complete = [](const json::object& ref, const std::string& argument, const std::string& value,
                          const actors::Vars&, const catalog::Model& model) {
    auto uri = get_string(ref, "uri").value_or("");
    if (auto answer = catalog::complete_resource(std::string(uri), argument, value, model)) return *answer;
    return catalog::completion_result({}, value);
  };
  if (config.mcp.conformance_fixtures) mcp::ConformanceFixtures::register_all(*registry);
  registry->seal();
  services->registry = registry;
  return services;
}

}  // namespace varlet::runtime
