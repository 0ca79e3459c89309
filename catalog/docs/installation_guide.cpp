// get_installation_guide: the install steps for one tool chain, assembled from the sections of the
// real quick-start, import-on-demand and server-side-rendering guides that talk about it.
#include "catalog/docs/docs_tools.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace varlet::catalog::docs {
namespace {

// The guide pages the steps come from (page names of the docs site).
constexpr std::string_view quickstart = "quickstart";
constexpr std::string_view on_demand = "importOnDemand";
constexpr std::string_view server_side = "serverSideRendering";

struct Platform {
  std::string_view name;
  std::vector<std::string_view> words;  // lowercase; looked for in section titles and code
};

// How each tool chain shows up in the guides' headings and code.
const std::array<Platform, 6> platforms{{
    {"vite", {"vite"}},
    {"webpack", {"webpack"}},
    {"vue-cli", {"vue cli", "vue-cli", "vue.config"}},
    {"nuxt", {"nuxt", "nuxi"}},
    {"cdn", {"cdn", "umd/varlet"}},
    {"auto-import", {"import-resolver", "unplugin-auto-import"}},
}};

const Platform* platform_named(std::string_view name) {
  for (const auto& p : platforms)
    if (p.name == name) return &p;
  return nullptr;
}

struct Guide {
  std::string path;
  std::string_view text;
  Document doc;
};

// The title of a section and the code it holds directly (not in sub-sections), lowercase.
std::string own_words(const Guide& g, std::size_t s) {
  const auto& section = g.doc.sections[s];
  std::string words = lowercase(section.title);
  for (auto b = section.first_block + 1; b < own_blocks_end(g.doc, section); ++b)
    if (g.doc.blocks[b].kind == BlockKind::code) words.append("\n").append(lowercase(g.doc.blocks[b].code));
  return words;
}

bool mentions_any(const std::string& words, const std::vector<std::string_view>& needles) {
  return std::any_of(needles.begin(), needles.end(), [&](auto n) { return words.find(n) != std::string::npos; });
}

// Sections that mention the platform while none of their sub-sections do: the most specific ones.
std::vector<std::size_t> specific_sections(const Guide& g, const std::vector<std::string_view>& needles) {
  std::vector<bool> hit(g.doc.sections.size());
  for (std::size_t s = 0; s < hit.size(); ++s) hit[s] = mentions_any(own_words(g, s), needles);
  std::vector<std::size_t> out;
  for (std::size_t s = 0; s < hit.size(); ++s) {
    if (!hit[s] || g.doc.sections[s].level == 1) continue;
    bool deeper = false;
    for (std::size_t d = s + 1; d < hit.size() && within(g.doc, static_cast<int>(d), static_cast<int>(s)); ++d)
      deeper = deeper || hit[d];
    if (!deeper) out.push_back(s);
  }
  return out;
}

bool shell(std::string_view language) { return language == "shell" || language == "bash" || language == "sh"; }

struct Step {
  std::string title;
  std::string source;
  std::string markdown;
};

class Assembly {
public:
  explicit Assembly(const Guide* guides) : guides_(guides) {}

  void add(std::size_t guide, std::size_t s) {
    const auto& g = guides_[guide];
    for (auto [gi, taken] : taken_)
      if (gi == guide && (within(g.doc, static_cast<int>(s), static_cast<int>(taken)) ||
                          within(g.doc, static_cast<int>(taken), static_cast<int>(s))))
        return;
    taken_.push_back({guide, s});
    const auto& section = g.doc.sections[s];
    steps.push_back({section.title, g.path + "#" + section.title,
                     std::string(trim(g.text.substr(section.begin, section.end - section.begin)))});
  }
  // The section holding the first shell command that mentions `needle`, or the section above it.
  void add_holder_of(std::size_t guide, std::string_view needle, bool parent) {
    const auto& g = guides_[guide];
    for (const auto& code : g.doc.code_blocks)
      if (code.section >= 0 && shell(code.language) && lowercase(code.code).find(needle) != std::string::npos) {
        int s = code.section;
        if (parent && g.doc.sections[s].parent >= 0 && g.doc.sections[g.doc.sections[s].parent].level > 1)
          s = g.doc.sections[s].parent;
        return add(guide, static_cast<std::size_t>(s));
      }
  }

  std::vector<Step> steps;

private:
  const Guide* guides_;
  std::vector<std::pair<std::size_t, std::size_t>> taken_;
};

json::object step_schema() {
  return output_schema(
      {{"title", {{"type", "string"}}}, {"source", {{"type", "string"}}}, {"markdown", {{"type", "string"}}}},
      {"title", "source", "markdown"});
}

}  // namespace

std::vector<std::string_view> installation_platforms() {
  std::vector<std::string_view> names;
  for (const auto& p : platforms) names.push_back(p.name);
  return names;
}

ToolDefinition installation_guide_tool() {
  ToolDefinition tool;
  tool.spec.name = "get_installation_guide";
  tool.spec.title = "Varlet installation steps";
  tool.spec.description =
      "Step-by-step installation of Varlet for a tool chain (vite, webpack, vue-cli, nuxt, cdn, or auto-import of "
      "components), assembled from the sections of the version's own quick-start, import-on-demand and "
      "server-side-rendering guides, each step naming the guide section it comes from. `ssr` adds the "
      "server-side-rendering set-up; `fresh` (a project being set up from scratch) adds the rest of the quick start "
      "(design system, desktop support).";
  json::array names;
  for (auto name : installation_platforms()) names.emplace_back(name);
  tool.spec.input_schema = input_schema({{"platform", {{"type", "string"}, {"enum", names},
                                                       {"description", "The build tool or way of loading Varlet"}}},
                                         {"ssr", {{"type", "boolean"}, {"description", "Server-side rendering"}}},
                                         {"fresh", {{"type", "boolean"}, {"description", "A new project"}}},
                                         {"version", version_property()},
                                         {"locale", locale_property()}},
                                        {"platform"});
  tool.spec.output_schema = output_schema({{"platform", {{"type", "string"}}},
                                           {"version", {{"type", "string"}}},
                                           {"locale", {{"type", "string"}}},
                                           {"steps", {{"type", "array"}, {"items", step_schema()}}},
                                           {"sources", {{"type", "array"}, {"items", {{"type", "string"}}}}}},
                                          {"platform", "version", "locale", "steps", "sources"});
  tool.needs_model = false;
  tool.docs_needed = [](const json::object& args, const ToolInputs& inputs) {
    auto locale = locale_of(inputs);
    std::vector<std::string> wanted;
    auto want = [&](std::string_view page) {
      auto more = lookup(inputs, {paths::guide_page(page, locale)}).wanted;
      wanted.insert(wanted.end(), more.begin(), more.end());
    };
    want(quickstart);
    want(on_demand);
    auto platform = get_string(args, "platform").value_or("");
    auto ssr = args.if_contains("ssr");
    if (platform == "nuxt" || (ssr && ssr->is_bool() && ssr->get_bool())) want(server_side);
    return wanted;
  };
  tool.run = [](const json::object& args, const ToolInputs& inputs) -> json::object {
    auto locale = locale_of(inputs);
    auto platform_name = get_string(args, "platform").value_or("");
    const auto* platform = platform_named(platform_name);
    if (!platform) return error_result("Unknown platform \"" + std::string(platform_name) +
                                       "\": use vite, webpack, vue-cli, nuxt, cdn or auto-import.");
    auto flag = [&](std::string_view key) {
      auto v = args.if_contains(key);
      return v && v->is_bool() && v->get_bool();
    };
    bool ssr = flag("ssr") || platform->name == "nuxt";
    bool fresh = flag("fresh");

    std::vector<std::string_view> pages{quickstart, on_demand};
    if (ssr) pages.push_back(server_side);
    std::vector<Guide> guides;
    for (auto page : pages) {
      auto path = paths::guide_page(page, locale);
      auto file = lookup(inputs, {path});
      if (!file.text) return absent_result(inputs, "guide `" + std::string(page) + "`", path);
      guides.push_back({path, *file.text, parse_document(*file.text)});
    }
    const std::size_t quick = 0, demand = 1, server = 2;
    const auto& nuxt = *platform_named("nuxt");

    Assembly assembly(guides.data());
    if (platform->name == "cdn") {
      for (auto s : specific_sections(guides[quick], platform->words)) assembly.add(quick, s);
    } else if (platform->name != "nuxt") {
      assembly.add_holder_of(quick, "@varlet/ui", false);  // installing the package and registering it
      if (platform->name == "auto-import") {
        for (auto word : platform->words) assembly.add_holder_of(demand, word, true);
      } else {
        for (auto s : specific_sections(guides[demand], platform->words)) assembly.add(demand, s);
      }
    }
    if (ssr)
      for (auto s : specific_sections(guides[server], nuxt.words)) assembly.add(server, s);
    if (fresh) {  // the rest of the quick start, past its first section (the intro)
      const auto& sections = guides[quick].doc.sections;
      bool intro = true;
      for (std::size_t s = 0; s < sections.size(); ++s) {
        if (sections[s].parent != 0) continue;
        if (!intro) assembly.add(quick, s);
        intro = false;
      }
    }
    if (assembly.steps.empty())
      return error_result("The Varlet " + inputs.version + " guides (" + guides[quick].path + ", " + guides[demand].path +
                          ") have no section about " + std::string(platform->name) +
                          "; read them whole with get_guide.");

    std::string text = "# Installing Varlet " + inputs.version + " (" + std::string(platform->name) + ")\n";
    json::array steps;
    for (std::size_t i = 0; i < assembly.steps.size(); ++i) {
      const auto& step = assembly.steps[i];
      text += "\n## Step " + std::to_string(i + 1) + ": " + step.title + "\n\n(from " + step.source + ")\n\n" +
              step.markdown + "\n";
      steps.push_back({{"title", step.title}, {"source", step.source}, {"markdown", step.markdown}});
    }
    json::array sources;
    std::vector<std::string> artifacts;
    for (const auto& g : guides) {
      sources.emplace_back(g.path);
      artifacts.push_back(g.path);
    }
    return docs_result(std::move(text),
                       {{"platform", platform->name},
                        {"version", inputs.version},
                        {"locale", locale},
                        {"steps", std::move(steps)},
                        {"sources", std::move(sources)}},
                       inputs, artifacts);
  };
  return tool;
}

}  // namespace varlet::catalog::docs
