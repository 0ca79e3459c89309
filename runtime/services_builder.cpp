#include "runtime/services_builder.hpp"

#include "actors/version_tools.hpp"
#include "actors/versions.hpp"
#include "catalog/api_tools.hpp"
#include "catalog/docs/completion.hpp"
#include "catalog/docs/docs_tools.hpp"
#include "catalog/docs/site_menu.hpp"
#include "catalog/resources.hpp"
#include "mcp/fixtures.hpp"
#include "mcp/schema.hpp"

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
    "get_installation_guide; other guides: list_guides and get_guide. What changed: get_release_notes; the API "
    "changes between two versions (before an upgrade): diff_versions. "
    "Which components share a prop or event: find_components. Check every template or single-file component "
    "you write with check_template and fix what it reports before answering. Versions: list_versions; every "
    "tool takes version (concrete, tag or range) and locale (en-US or zh-CN). version \"project\" means the version "
    "the user's project uses, read by a local (stdio) server from the project's node_modules, lockfile or "
    "package.json; a remote (HTTP) server refuses it, so there pass the version you find in the project's lockfile "
    "or package.json.";

// The completion sources of one call: the model, the versions and tags, the site menu's guides.
json::object complete_argument(const std::string& argument, const std::string& value,
                               const catalog::ToolInputs& inputs) {
  catalog::docs::CompletionSources sources;
  sources.model = inputs.model.get();
  if (inputs.versions) {
    if (auto parsed = actors::parse_version_index(*inputs.versions); parsed.index) {
      for (auto& [tag, version] : parsed.index->tags) sources.versions.push_back(tag);
      sources.versions.insert(sources.versions.end(), parsed.index->versions.begin(), parsed.index->versions.end());
    }
  }
  std::optional<catalog::docs::SiteMenu> menu;
  if (auto it = inputs.docs.find(std::string(catalog::docs::paths::site_config)); it != inputs.docs.end() && it->second)
    if (auto parsed = catalog::docs::parse_site_menu(**it->second); std::holds_alternative<catalog::docs::SiteMenu>(parsed))
      menu = std::move(std::get<catalog::docs::SiteMenu>(parsed));
  sources.menu = menu ? &*menu : nullptr;
  return catalog::docs::complete(argument, value, sources);
}

}  // namespace

std::shared_ptr<const actors::Services> build_services(const Config& config) {
  auto services = std::make_shared<actors::Services>();
  services->info = {"varlet-mcp", "Varlet UI MCP server", VARLET_MCP_VERSION, "https://varletjs.org", instructions,
                    true};
  services->default_version = config.varlet.version;
  services->fallback_version = config.varlet.fallback_version;
  services->project = std::make_shared<actors::ProjectVersionSource>(config.varlet.project_dir);
  services->default_locale = config.varlet.locale;
  services->request_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.mcp.request_timeout);
  services->conformance_fixtures = config.mcp.conformance_fixtures;
  services->limits.max_subscriptions = static_cast<std::size_t>(config.mcp.max_subscriptions);

  auto registry = std::make_shared<mcp::Registry>(static_cast<std::size_t>(config.mcp.page_size));
  catalog::ApiToolsOptions api_options;
  api_options.merge_docs = config.docs.merge_into_api;
  auto tools = catalog::api_tools(api_options);
  tools.push_back(actors::list_versions_tool());
  catalog::docs::DocsToolsOptions docs_options;
  docs_options.page_bytes = static_cast<std::size_t>(config.docs.page_bytes);
  docs_options.search_reads_docs = config.docs.search_reads_docs;
  for (auto& tool : catalog::docs::docs_tools(docs_options)) tools.push_back(std::move(tool));
  for (auto& tool : tools) {
    mcp::bound_input_schema(tool.spec.input_schema, static_cast<std::size_t>(config.mcp.max_argument_length),
                            static_cast<std::size_t>(config.mcp.max_argument_items));
    registry->add_tool(tool.spec);
    services->tools.emplace(tool.spec.name, std::move(tool));
  }
  for (auto& resource : catalog::resource_specs()) registry->add_resource(std::move(resource));
  for (auto& t : catalog::resource_template_specs()) registry->add_resource_template(std::move(t));
  for (auto& prompt : catalog::docs::docs_prompts()) {
    registry->add_prompt(prompt.spec);
    services->prompts.emplace(prompt.spec.name, std::move(prompt));
  }
  services->read_resource = catalog::read_resource;
  services->resource_exists = catalog::resource_exists;
  services->complete = [](const json::object& ref, const std::string& argument, const std::string& value,
                          const actors::Vars&, const catalog::ToolInputs& inputs) {
    auto uri = get_string(ref, "uri").value_or("");
    if (inputs.model)
      if (auto answer = catalog::complete_resource(std::string(uri), argument, value, *inputs.model)) return *answer;
    return complete_argument(argument, value, inputs);
  };
  services->complete_needs = [](const std::string& argument) {
    actors::Services::CompletionNeeds needs;
    needs.versions = argument == "version" || argument == "from" || argument == "to";
    if (argument == "guide") needs.docs.emplace_back(catalog::docs::paths::site_config);
    return needs;
  };
  if (config.mcp.conformance_fixtures) mcp::ConformanceFixtures::register_all(*registry);
  registry->seal();
  services->registry = registry;
  return services;
}

}  // namespace varlet::runtime
