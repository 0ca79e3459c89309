#include "catalog/docs/prompts.hpp"

#include "catalog/docs/component_pages.hpp"
#include "catalog/docs/docs_tools.hpp"
#include "catalog/model.hpp"
#include "catalog/render.hpp"
#include "catalog/search/corpus.hpp"
#include "catalog/search/vocabulary.hpp"
#include "catalog/templates/check.hpp"

namespace varlet::catalog::docs {
namespace {

constexpr std::size_t max_embedded = 4;

std::string argument(const PromptArguments& args, const std::string& name) {
  auto it = args.find(name);
  return it == args.end() ? std::string() : it->second;
}

json::object text_message(std::string text) {
  return {{"role", "user"}, {"content", {{"type", "text"}, {"text", std::move(text)}}}};
}

json::object resource_message(const Model& model, const Component& c) {
  return {{"role", "user"},
          {"content",
           {{"type", "resource"},
            {"resource",
             {{"uri", "varlet://components/" + c.kebab}, {"mimeType", "text/markdown"}, {"text", component_markdown(model, c, present_sections(c, {}))}}}}}};
}

json::object prompt_result(std::string description, json::array messages) {
  return {{"description", std::move(description)}, {"messages", std::move(messages)}};
}

// Components named in a comma- or space-separated list; unknown names are reported.
std::variant<std::vector<const Component*>, std::string> components_named(const Model& model, const std::string& list) {
  std::vector<const Component*> found;
  std::string word;
  auto flush = [&]() -> std::optional<std::string> {
    if (word.empty()) return std::nullopt;
    const auto* c = resolve_component(model, word);
    if (!c) return unknown_component(model, word);
    if (std::find(found.begin(), found.end(), c) == found.end()) found.push_back(c);
    word.clear();
    return std::nullopt;
  };
  for (char ch : list + ",") {
    if (ch == ',' || ch == ' ' || ch == ';') {
      if (auto error = flush()) return *error;
    } else {
      word += ch;
    }
  }
  return found;
}

// The parts of a description that may each ask for a component of their own: "a settings page
// with switches and a pull-down refresh" -> "a settings page", "switches", "a pull-down refresh".
std::vector<std::string> description_parts(const std::string& description) {
  static const std::vector<std::string_view> separators{",", ";", " and ", " with ", "，", "、", "；", "和", "以及"};
  std::vector<std::string> parts{description};
  for (auto separator : separators) {
    std::vector<std::string> split;
    for (const auto& part : parts)
      for (std::size_t from = 0;;) {
        auto at = part.find(separator, from);
        auto piece = trim(std::string_view(part).substr(from, at == std::string::npos ? std::string::npos : at - from));
        if (!piece.empty()) split.emplace_back(piece);
        if (at == std::string::npos) break;
        from = at + separator.size();
      }
    parts = std::move(split);
  }
  return parts;
}

// The components search finds for a description: the best match of each part first (so "switches"
// is not drowned by the other words), then the best matches of the whole.
std::vector<const Component*> components_for(const Model& model, const std::string& description, std::size_t limit) {
  auto index = search::build_index({{&model}, nullptr, {}, {}});
  std::vector<const Component*> out;
  auto add = [&](const std::string& query, std::size_t count) {
    for (const auto& hit : index.search(query, count, {search::Kind::component}))
      if (const auto* c = resolve_component(model, hit.document->component);
          c && out.size() < limit && std::find(out.begin(), out.end(), c) == out.end())
        out.push_back(c);
  };
  if (auto parts = description_parts(description); parts.size() > 1)
    for (const auto& part : parts) add(part, 1);
  add(description, limit);
  return out;
}

void embed(json::array& messages, const Model& model, const std::vector<const Component*>& components) {
  for (std::size_t i = 0; i < components.size() && i < max_embedded; ++i)
    messages.push_back(resource_message(model, *components[i]));
}

std::string tags(const std::vector<const Component*>& components) {
  std::string out;
  for (const auto* c : components) out += (out.empty() ? "" : ", ") + c->tag;
  return out;
}

mcp::PromptArgument version_argument() {
  return {"version", "Varlet version, tag or range, or project for the project's own (default: the server's)", false};
}
mcp::PromptArgument locale_argument() { return {"locale", "en-US or zh-CN", false}; }

PromptDefinition component_usage() {
  PromptDefinition p;
  p.spec = {"component_usage",
            "Use a Varlet component",
            "Write correct code with one Varlet component: its exact API is embedded, and the steps say which tools "
            "give examples and docs for the version.",
            {{"component", "The component, e.g. button or var-pull-refresh", true},
             {"scenario", "What you want to build with it", false},
             version_argument(),
             locale_argument()}};
  p.get = [](const PromptArguments& args, const ToolInputs& inputs) -> PromptResult {
    const auto* c = resolve_component(*inputs.model, argument(args, "component"));
    if (!c) return unknown_component(*inputs.model, argument(args, "component"));
    auto scenario = argument(args, "scenario");
    std::string text = "I am writing a Vue 3 app with Varlet " + inputs.version + " and want to use " + c->tag + " (" +
                       c->name + ")" + (scenario.empty() ? "" : " to " + scenario) + ".\n\n" +
                       "1. Read its API below (also from get_component_api {name: \"" + c->kebab +
                       "\"}); use only props, events and slots it lists, with their exact names and types.\n"
                       "2. Call get_component_examples {name: \"" + c->kebab + "\"" +
                       (scenario.empty() ? "" : ", query: \"" + scenario + "\"") +
                       "} for working examples of this version and start from the closest one.\n"
                       "3. When a detail is unclear, call get_component_docs {name: \"" + c->kebab +
                       "\", section: ...} for the docs page.\n"
                       "4. Write a complete single-file component (<script setup> and <template>) and explain the "
                       "props you chose.";
    json::array messages{text_message(std::move(text))};
    embed(messages, *inputs.model, {c});
    return prompt_result("Using " + c->tag + " in Varlet " + inputs.version, std::move(messages));
  };
  return p;
}

PromptDefinition layout_design() {
  PromptDefinition p;
  p.spec = {"layout_design",
            "Design a page layout with Varlet",
            "Plan a page or screen from a description: the components search finds for it are embedded with their "
            "APIs, and the steps say how to check the rest.",
            {{"description", "The page to build, e.g. a settings page with a list of switches", true},
             {"components", "Components you already want, comma separated", false},
             version_argument(),
             locale_argument()}};
  p.get = [](const PromptArguments& args, const ToolInputs& inputs) -> PromptResult {
    auto description = argument(args, "description");
    if (description.empty()) return std::string("The `description` argument is required.");
    auto named = components_named(*inputs.model, argument(args, "components"));
    if (auto* error = std::get_if<std::string>(&named)) return *error;
    auto components = std::get<std::vector<const Component*>>(named);
    for (const auto* c : components_for(*inputs.model, description, max_embedded))
      if (components.size() < max_embedded && std::find(components.begin(), components.end(), c) == components.end())
        components.push_back(c);
    std::string text = "Design a mobile-first page with Varlet " + inputs.version + ": " + description + ".\n\n" +
                       "Components that match the description: " + tags(components) +
                       " (their APIs follow).\n\n"
                       "1. Split the page into regions (top bar, content, actions, navigation) and for each region "
                       "call search {query: \"<what the region does>\", kinds: [\"component\"]} to find the component.\n"
                       "2. Check every component's API with get_component_api before using a prop or slot.\n"
                       "3. Use get_component_examples for the layout components (rows, columns, spacing) to get "
                       "their usage right.\n"
                       "4. Give the page as one single-file component, then list the components used and why.";
    json::array messages{text_message(std::move(text))};
    embed(messages, *inputs.model, components);
    return prompt_result("A layout for: " + description, std::move(messages));
  };
  return p;
}

// "What vant calls its components, and Varlet's for each: Toast → var-snackbar; ..." from the
// vocabulary's rows of that library, in the prompt's language (English names always).
std::string library_map(const Model& model, const std::string& library, const std::vector<const search::Alias*>& rows,
                        std::string_view locale) {
  std::vector<std::pair<std::string, std::string>> pairs;  // term(s) -> tag, in table order
  for (const auto* alias : rows) {
    if (!model.component(alias->component) || (alias->lang == "zh" && !locale.starts_with("zh"))) continue;
    auto same = std::find_if(pairs.begin(), pairs.end(), [&](const auto& p) { return p.second == alias->component; });
    if (same == pairs.end()) pairs.emplace_back(alias->term, alias->component);
    else same->first += ", " + alias->term;
  }
  if (pairs.empty()) return "";
  std::string out = "\n\nWhat " + library + " calls its components, and the Varlet component for each (reviewed against " +
                    library + "'s docs): ";
  for (std::size_t i = 0; i < pairs.size(); ++i) out += (i ? "; " : "") + pairs[i].first + " → " + pairs[i].second;
  return out + ".";
}

PromptDefinition migration() {
  PromptDefinition p;
  p.spec = {"migrate_from_library",
            "Migrate to Varlet from another UI library",
            "Move code from another Vue UI library (Vant, Element Plus, Vuetify, ...) to Varlet: the matching Varlet "
            "component is found by what the old one does, and its API embedded.",
            {{"library", "The library you come from, e.g. vant or element-plus", true},
             {"component", "A component of that library to replace, e.g. van-pull-refresh", false},
             version_argument(),
             locale_argument()}};
  p.get = [](const PromptArguments& args, const ToolInputs& inputs) -> PromptResult {
    auto library = argument(args, "library");
    if (library.empty()) return std::string("The `library` argument is required.");
    auto old = argument(args, "component");
    auto library_terms = search::aliases_of_library(library);
    std::vector<const Component*> targets;
    if (!old.empty()) {
      // The library's own row for the name first, then any other library's.
      auto named = search::aliases_named(old);
      std::stable_partition(named.begin(), named.end(), [&](const search::Alias* a) {
        return std::find(library_terms.begin(), library_terms.end(), a) != library_terms.end();
      });
      for (const auto* alias : named)
        if (const auto* c = inputs.model->component(alias->component); c && targets.empty()) targets.push_back(c);
      std::string words = old;
      for (const auto& lib : migration_sources())
        if (words.rfind(lib.tag_prefix, 0) == 0) words.erase(0, lib.tag_prefix.size());
      if (const auto* same = resolve_component(*inputs.model, words); same && targets.empty()) targets.push_back(same);
      for (const auto* c : components_for(*inputs.model, words, 2))
        if (targets.size() < 2 && std::find(targets.begin(), targets.end(), c) == targets.end()) targets.push_back(c);
    }
    std::string text = "I am migrating a Vue 3 app from " + library + " to Varlet " + inputs.version + ".";
    if (!old.empty())
      text += " The component to replace is " + old + "; the closest Varlet components are " +
              (targets.empty() ? std::string("not obvious") : tags(targets)) + " (APIs below).";
    text += library_map(*inputs.model, library, library_terms, locale_of(inputs));
    text +=
        "\n\n1. For each " + library + " component in the code, call search {query: \"<what it does, in words>\"} "
        "to find the Varlet component; do not assume names carry over.\n"
        "2. Compare props, events and slots with get_component_api and map each one; list those without an "
        "equivalent and how to rebuild them.\n"
        "3. Replace imperative calls (toasts, dialogs) using the function APIs get_component_api shows.\n"
        "4. Set up Varlet with get_installation_guide for the project's build tool, and theming with get_guide "
        "{name: \"themes\"} if the old library was themed.\n"
        "5. Show the migrated code and a table old -> new.";
    json::array messages{text_message(std::move(text))};
    embed(messages, *inputs.model, targets);
    return prompt_result("Migrating from " + library + " to Varlet " + inputs.version, std::move(messages));
  };
  return p;
}

PromptDefinition troubleshooting() {
  PromptDefinition p;
  p.spec = {"troubleshoot_component",
            "Troubleshoot a Varlet component",
            "Find why a Varlet component misbehaves: its exact API is embedded, and the steps check names, types, "
            "version changes and documented caveats.",
            {{"component", "The component, e.g. pull-refresh", true},
             {"problem", "What goes wrong, with the error message if any", true},
             version_argument(),
             locale_argument()}};
  p.get = [](const PromptArguments& args, const ToolInputs& inputs) -> PromptResult {
    const auto* c = resolve_component(*inputs.model, argument(args, "component"));
    if (!c) return unknown_component(*inputs.model, argument(args, "component"));
    auto problem = argument(args, "problem");
    if (problem.empty()) return std::string("The `problem` argument is required.");
    std::string text = "With Varlet " + inputs.version + ", " + c->tag + " does not behave as expected: " + problem +
                       "\n\n1. Compare the code with the API below (get_component_api {name: \"" + c->kebab +
                       "\"}): misspelt or removed props, wrong value types, v-model bindings and event names are "
                       "the usual causes.\n"
                       "2. Read the notes of the docs page: get_component_docs {name: \"" + c->kebab +
                       "\"} (examples often state requirements such as a container height).\n"
                       "3. Check what changed for it since the version the code was written for: diff_versions "
                       "{from: \"<that version>\", component: \"" + c->kebab +
                       "\"} (props, events and slots added, removed or changed, with the CHANGELOG items).\n"
                       "4. Compare with a working example: get_component_examples {name: \"" + c->kebab +
                       "\", query: \"" + problem + "\"}.\n"
                       "5. Name the cause, then give the corrected code.";
    json::array messages{text_message(std::move(text))};
    embed(messages, *inputs.model, {c});
    return prompt_result("Troubleshooting " + c->tag, std::move(messages));
  };
  return p;
}

PromptDefinition performance() {
  PromptDefinition p;
  p.spec = {"optimize_performance",
            "Optimize a Varlet app",
            "Make an app using Varlet smaller and faster: the steps go through on-demand imports, the components "
            "involved (APIs embedded) and their documented options.",
            {{"concern", "What is slow or big, e.g. bundle size, long lists, images", false},
             {"components", "Components involved, comma separated", false},
             version_argument(),
             locale_argument()}};
  p.get = [](const PromptArguments& args, const ToolInputs& inputs) -> PromptResult {
    auto named = components_named(*inputs.model, argument(args, "components"));
    if (auto* error = std::get_if<std::string>(&named)) return *error;
    auto components = std::get<std::vector<const Component*>>(named);
    auto concern = argument(args, "concern");
    if (!concern.empty() && components.empty()) components = components_for(*inputs.model, concern, 2);
    std::string text =
        "Optimize a Vue 3 app that uses Varlet " + inputs.version +
        (concern.empty() ? std::string(".") : " for: " + concern + ".") +
        "\n\n1. Bundle size: compare the set-up with get_installation_guide {platform: \"auto-import\"} and get_guide "
        "{name: \"importOnDemand\"}; import components and their styles on demand instead of the whole library.\n"
        "2. For the components involved" + (components.empty() ? std::string() : " (" + tags(components) + ")") +
        ", look in get_component_api for props that limit rendering work (lazy loading, virtual or incremental "
        "lists, teleport, keep-alive friendly options) and use them.\n"
        "3. Search for built-in helpers: search {query: \"lazy load\"} and search {query: \"" +
        (concern.empty() ? std::string("performance") : concern) + "\"}.\n"
        "4. Check get_release_notes {from: \"<current version>\"} for performance improvements worth an upgrade.\n"
        "5. List the changes by expected gain, each with the code.";
    json::array messages{text_message(std::move(text))};
    embed(messages, *inputs.model, components);
    return prompt_result("Performance of a Varlet " + inputs.version + " app", std::move(messages));
  };
  return p;
}

PromptDefinition project_setup() {
  PromptDefinition p;
  p.spec = {"set_up_project",
            "Set up Varlet in a project",
            "Add Varlet to a new or existing Vue 3 project on one tool chain: the steps say which install guide and "
            "which further guide (themes, locale, SSR, ...) to follow for the version.",
            {{"platform", "The tool chain: vite, webpack, vue-cli, nuxt, cdn or auto-import", true},
             {"guide", "A further guide to follow, as list_guides names it (e.g. a theme or locale guide)", false},
             version_argument()}};
  p.needs_model = false;
  p.get = [](const PromptArguments& args, const ToolInputs& inputs) -> PromptResult {
    auto platform = argument(args, "platform");
    auto platforms = installation_platforms();
    if (std::find(platforms.begin(), platforms.end(), platform) == platforms.end()) {
      std::string known;
      for (auto name : platforms) known += (known.empty() ? "" : ", ") + std::string(name);
      return "Unknown platform \"" + platform + "\": use one of " + known + ".";
    }
    auto guide = argument(args, "guide");
    std::string text =
        "Add Varlet " + inputs.version + " to a Vue 3 project built with " + platform + ".\n\n"
        "1. Call get_installation_guide {platform: \"" + platform + "\", version: \"" + inputs.version +
        "\"} and follow it step by step: the packages to install, the plugin or import set-up, and the styles.\n" +
        (guide.empty() ? "2. Call list_guides to see what else the docs cover (themes, locale, SSR) and read what the "
                         "project needs with get_guide.\n"
                       : "2. Call get_guide {name: \"" + guide + "\"} and apply it after the installation.\n") +
        "3. Verify with one component: get_component_examples {name: \"button\"} and render its first example.\n"
        "4. Answer with the exact commands and files to change, for this version only.";
    return prompt_result("Setting up Varlet " + inputs.version + " with " + platform,
                         json::array{text_message(std::move(text))});
  };
  return p;
}

PromptDefinition template_validation() {
  PromptDefinition p;
  p.spec = {"validate_template",
            "Validate a Vue template against Varlet",
            "Check Vue code that uses Varlet against the real API of the version and fix it: with `code`, its "
            "findings are listed and the APIs of the components involved embedded; the steps loop check_template "
            "until it answers clean.",
            {{"code", "A short template to check, at most 1 KiB (longer code: call check_template)", false},
             version_argument(),
             locale_argument()}};
  p.get = [](const PromptArguments& args, const ToolInputs& inputs) -> PromptResult {
    auto code = argument(args, "code");
    std::string text =
        "Validate the Vue code that uses Varlet " + inputs.version + " against its real API, then fix it.\n\n";
    std::vector<const Component*> involved;
    if (!code.empty()) {
      auto report = templates::check_template(*inputs.model, code);
      text += "The code:\n```vue\n" + code + "\n```\n";
      if (report.diagnostics.empty()) {
        text += "check_template finds nothing wrong in it.\n\n";
      } else {
        text += "check_template finds:\n";
        for (const auto& d : report.diagnostics) {
          text += "- " + templates::finding_line(d) + "\n";
          const auto* c = inputs.model->component(d.component);
          if (c && std::find(involved.begin(), involved.end(), c) == involved.end()) involved.push_back(c);
        }
        text += "\n";
      }
    }
    text += "1. Call check_template {code, version: \"" + inputs.version +
            "\"} on the whole single-file component (script and template).\n"
            "2. For each finding, take the suggested name when it fits; otherwise read the component's API with "
            "get_component_api" +
            (involved.empty() ? std::string() : " (the APIs of the components with findings follow)") +
            " and use only what it lists.\n"
            "3. Warnings are uncertain: an attribute may be meant for the root element, a directive may be the app's "
            "own; keep them only when that is intended.\n"
            "4. Call check_template again on the corrected code until it answers clean, then give the code.";
    json::array messages{text_message(std::move(text))};
    embed(messages, *inputs.model, involved);
    return prompt_result("Validating Vue code against Varlet " + inputs.version, std::move(messages));
  };
  return p;
}

}  // namespace

const std::vector<UiLibrary>& migration_sources() {
  static const std::vector<UiLibrary> libraries{{"vant", "van-"},          {"element-plus", "el-"},
                                                {"vuetify", "v-"},         {"naive-ui", "n-"},
                                                {"ant-design-vue", "a-"}, {"quasar", "q-"}};
  return libraries;
}

std::vector<PromptDefinition> docs_prompts() {
  std::vector<PromptDefinition> prompts{component_usage(), layout_design(), migration(),          troubleshooting(),
                                        performance(),     project_setup(), template_validation()};
  for (auto& p : prompts)
    if (p.needs_model) p.get = [get = std::move(p.get)](const PromptArguments& args, const ToolInputs& inputs) -> PromptResult {
      if (!inputs.model) return "The Varlet " + inputs.version + " catalog is not available.";
      return get(args, inputs);
    };
  return prompts;
}

}  // namespace varlet::catalog::docs
