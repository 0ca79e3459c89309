#include "catalog/builder.hpp"

#include "catalog/assemble.hpp"
#include "catalog/names.hpp"
#include "catalog/runtime_props.hpp"
#include "catalog/styles.hpp"

#include <algorithm>
#include <set>

namespace varlet::catalog {
namespace {

struct Paths {
  std::string root;  // "@varlet/ui@3.20.6/"
  std::string locale;
  std::string package_json() const { return root + "package.json"; }
  std::string web_types() const { return root + "highlight/web-types." + locale + ".json"; }
  std::string index_types() const { return root + "types/index.d.ts"; }
  std::string themes_index() const { return root + "es/themes/index.mjs"; }
  std::string types(std::string_view module) const { return root + "types/" + std::string(module) + ".d.ts"; }
  std::string css(const std::string& kebab) const { return root + "es/" + kebab + "/" + camel_case(kebab) + ".css"; }
  std::string themes(std::string_view relative) const { return root + "es/themes/" + std::string(relative); }
  // Runtime modules by package path ("es/rate/props.mjs"), as read_runtime_props names them.
  static std::string runtime_props(const std::string& kebab) { return "es/" + kebab + "/props.mjs"; }
};

const std::string* content(const PackageFiles& files, const std::string& key) {
  auto it = files.find(key);
  return it != files.end() && it->second ? &*it->second : nullptr;
}

std::string icons_version(const PackageFiles& files, const Paths& paths) {
  auto* pkg = content(files, paths.package_json());
  if (!pkg) return {};
  boost::system::error_code ec;
  auto v = json::parse(*pkg, ec);
  if (ec || !v.is_object()) return {};
  for (auto section : {"dependencies", "peerDependencies"})
    if (auto* deps = v.get_object().if_contains(section); deps && deps->is_object())
      if (auto icons = get_string(deps->get_object(), "@varlet/icons")) {
        std::string version(*icons);
        version.erase(0, version.find_first_of("0123456789"));
        return version;
      }
  return {};
}

runtime::ModuleLookup module_lookup(const PackageFiles& files, const Paths& paths) {
  return [&files, &paths](const std::string& path) {
    auto it = files.find(paths.root + path);
    if (it == files.end()) return runtime::ModuleText{};
    if (!it->second) return runtime::ModuleText{runtime::ModuleText::State::missing, nullptr};
    return runtime::ModuleText{runtime::ModuleText::State::present, &*it->second};
  };
}

std::string icons_path(const std::string& version) { return "@varlet/icons@" + version + "/dist/index.js"; }

// The theme folders es/themes/index.mjs imports: "./dark/index.mjs" -> "dark/index.mjs".
std::vector<std::string> theme_indexes(const PackageFiles& files, const Paths& paths) {
  std::vector<std::string> out;
  if (auto* index = content(files, paths.themes_index()))
    for (auto& path : module_imports(*index))
      if (path.find("/index.mjs") != std::string::npos) out.push_back(path.substr(2));
  return out;
}

// Every file the model can use, given what is known so far.
std::vector<std::string> wanted(const Paths& paths, const PackageFiles& files) {
  std::vector<std::string> out{paths.package_json(), paths.web_types(), paths.index_types(), paths.themes_index()};
  if (auto* wt = content(files, paths.web_types())) {
    for (auto& tag : parse_web_types(*wt).tags) {
      auto kebab = std::string(strip_tag_prefix(tag.name));
      out.push_back(paths.types(camel_case(kebab)));
      out.push_back(paths.css(kebab));
      out.push_back(paths.root + Paths::runtime_props(kebab));
      if (content(files, paths.root + Paths::runtime_props(kebab)))
        for (auto& module : runtime::read_runtime_props(Paths::runtime_props(kebab), module_lookup(files, paths)).needed)
          out.push_back(paths.root + module);
    }
  }
  // Type files: what the index re-exports, and what those import.
  for (const auto& [key, text] : files) {
    if (!text || key.rfind(paths.root + "types/", 0) != 0) continue;
    auto file = dts::scan(*text);
    for (auto& module : file.reexport_all)
      if (auto name = dts::local_module(module)) out.push_back(paths.types(*name));
    for (auto& [local, module] : file.imports)
      if (auto name = dts::local_module(module)) out.push_back(paths.types(*name));
  }
  if (auto version = icons_version(files, paths); !version.empty()) out.push_back(icons_path(version));
  for (auto& index : theme_indexes(files, paths)) {
    out.push_back(paths.themes(index));
    if (auto* text = content(files, paths.themes(index))) {
      auto folder = index.substr(0, index.find('/') + 1);
      for (auto& part : module_imports(*text)) out.push_back(paths.themes(folder + part.substr(2)));
    }
  }
  return out;
}

void add_directives(const Paths& paths, const PackageFiles& files, Model& model) {
  for (const auto& [key, text] : files) {
    if (!text || key.rfind(paths.root + "types/", 0) != 0) continue;
    auto file = dts::scan(*text);
    for (const auto& d : file.declarations) {
      if (d.kind != dts::Kind::constant || !d.exported || d.name.rfind('_', 0) == 0) continue;
      auto* iface = file.find(d.type);
      if (!iface || iface->kind != dts::Kind::interface) continue;
      for (const auto& base : iface->extends) {
        if (base.rfind("VarDirective<", 0) != 0) continue;
        Directive directive;
        directive.export_name = d.name;
        directive.name = kebab_case(d.name);
        directive.value_type = base.substr(13, base.size() - 14);
        directive.artifact = key.substr(paths.root.size());
        if (auto* value = file.find(directive.value_type); value && value->kind == dts::Kind::interface)
          for (const auto& m : value->members) directive.options.push_back({m.name + (m.optional ? "?" : ""), m.type});
        model.directives.push_back(std::move(directive));
      }
    }
  }
  std::sort(model.directives.begin(), model.directives.end(),
            [](const Directive& a, const Directive& b) { return a.name < b.name; });
}

void add_exports(const Paths& paths, const PackageFiles& files, Model& model) {
  std::set<std::string> components, functions, types, values;
  std::set<std::string> pascal_tags;
  for (const auto& c : model.components) pascal_tags.insert(c.name);
  for (const auto& d : model.directives) functions.insert(d.export_name);
  auto* index = content(files, paths.index_types());
  if (!index) return;
  auto index_file = dts::scan(*index);
  std::vector<dts::File> modules{index_file};
  for (auto& module : index_file.reexport_all)
    if (auto name = dts::local_module(module))
      if (auto* text = content(files, paths.types(*name))) modules.push_back(dts::scan(*text));
  for (const auto& file : modules) {
    for (const auto& d : file.declarations) {
      if (!d.exported || d.name.rfind('_', 0) == 0) continue;
      if (d.kind == dts::Kind::type_alias || d.kind == dts::Kind::interface) {
        types.insert(d.name);
      } else if (d.kind == dts::Kind::constant) {
        auto* iface = file.find(d.type);
        bool imperative = iface && iface->kind == dts::Kind::interface && imperative_interface(*iface);
        if (imperative || functions.count(d.name)) functions.insert(d.name);
        else if (pascal_tags.count(d.name)) components.insert(d.name);
        else values.insert(d.name);
      } else if (pascal_tags.count(d.name)) {
        components.insert(d.name);
      } else if (d.kind == dts::Kind::function) {
        functions.insert(d.name);
      } else if (d.kind == dts::Kind::class_) {
        // A class without a tag: the instance types (SnackbarComponent, VarComponent) exist only
        // for typing, the package's runtime exports `_SnackbarComponent`; others (HoverOverlay)
        // are values.
        (d.name.ends_with("Component") ? types : values).insert(d.name);
      }
    }
    for (const auto& [local, exported] : file.named_exports) types.insert(exported);
  }
  model.exports = {{components.begin(), components.end()},
                   {functions.begin(), functions.end()},
                   {types.begin(), types.end()},
                   {values.begin(), values.end()}};
}

void add_themes(const Paths& paths, const PackageFiles& files, Model& model) {
  for (auto& index : theme_indexes(files, paths)) {
    auto folder = index.substr(0, index.find('/'));
    auto* text = content(files, paths.themes(index));
    if (!text) {
      model.warnings.push_back("theme " + folder + ": es/themes/" + index + " is missing");
      continue;
    }
    Theme theme;
    theme.name = folder;
    theme.export_name = camel_case(folder);
    theme.tokens = parse_token_object(*text);
    for (auto& part : module_imports(*text)) {
      auto file = part.substr(2);  // "button.mjs"
      if (auto* tokens = content(files, paths.themes(folder + "/" + file))) {
        auto component = kebab_case(file.substr(0, file.find('.')));
        theme.component_tokens[component] = parse_token_object(*tokens);
      }
    }
    model.themes.push_back(std::move(theme));
  }
}

// Family by name (button <-> button-group, tab <-> tabs) and components a .d.ts imports.
void relate(Model& model, const std::map<std::string, dts::File>& type_files) {
  std::set<std::string> kebabs;
  for (const auto& c : model.components) kebabs.insert(c.kebab);
  auto starts = [](const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; };
  for (auto& c : model.components) {
    std::set<std::string> related;
    for (const auto& other : model.components) {
      if (other.kebab == c.kebab) continue;
      const auto& a = c.kebab;
      const auto& b = other.kebab;
      if (starts(b, a + "-") || starts(a, b + "-") || a + "s" == b || b + "s" == a || starts(b, a + "s-") ||
          starts(a, b + "s-"))
        related.insert(other.tag);
    }
    if (auto it = type_files.find(camel_case(c.kebab)); it != type_files.end())
      for (const auto& [local, module] : it->second.imports)
        if (auto name = dts::local_module(module); name && kebabs.count(kebab_case(*name)) && kebab_case(*name) != c.kebab)
          related.insert(std::string(tag_prefix) + kebab_case(*name));
    c.related.assign(related.begin(), related.end());
  }
}

}  // namespace

std::vector<std::string> files_needed(std::string_view version, std::string_view locale, const PackageFiles& have) {
  Paths paths{"@varlet/ui@" + std::string(version) + "/", std::string(locale)};
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (auto& key : wanted(paths, have))
    if (!have.count(key) && seen.insert(key).second) out.push_back(key);
  return out;
}

PackageFiles gather_files(std::string_view version, std::string_view locale, const FileReader& read) {
  PackageFiles files;
  for (auto wanted = files_needed(version, locale, files); !wanted.empty(); wanted = files_needed(version, locale, files))
    for (const auto& path : wanted) files[path] = read(path);
  return files;
}

BuildResult build_model(std::string_view version, std::string_view locale, const PackageFiles& files) {
  BuildResult result;
  Paths paths{"@varlet/ui@" + std::string(version) + "/", std::string(locale)};
  auto* wt_text = content(files, paths.web_types());
  if (!wt_text) {
    result.error = files.count(paths.web_types())
                       ? "@varlet/ui@" + std::string(version) + " has no " + std::string(paths.web_types().substr(paths.root.size())) +
                             ": the version does not exist, or it predates web-types"
                       : "the web-types file was not fetched";
    return result;
  }
  auto wt = parse_web_types(*wt_text);
  if (!wt.error.empty()) {
    result.error = "@varlet/ui@" + std::string(version) + ": " + wt.error;
    return result;
  }
  auto model = std::make_shared<Model>();
  model->version = std::string(version);
  model->locale = std::string(locale);
  model->warnings = wt.warnings;

  std::map<std::string, dts::File> type_files;  // by module: "buttonGroup"
  auto types_folder = paths.root + "types/";
  for (const auto& [key, text] : files)
    if (text && key.rfind(types_folder, 0) == 0 && key.ends_with(".d.ts"))
      type_files.emplace(key.substr(types_folder.size(), key.size() - types_folder.size() - 5), dts::scan(*text));
  auto lookup = module_lookup(files, paths);
  for (const auto& tag : wt.tags) {
    auto kebab = std::string(strip_tag_prefix(tag.name));
    ComponentSources sources;
    sources.tag = &tag;
    sources.web_types_path = paths.web_types().substr(paths.root.size());
    sources.types_path = paths.types(camel_case(kebab)).substr(paths.root.size());
    if (auto it = type_files.find(camel_case(kebab)); it != type_files.end()) sources.types = &it->second;
    sources.type_files = &type_files;
    sources.runtime_path = Paths::runtime_props(kebab);
    runtime::RuntimeProps runtime;
    if (content(files, paths.root + sources.runtime_path)) {
      runtime = runtime::read_runtime_props(sources.runtime_path, lookup);
      if (!runtime.error.empty()) model->warnings.push_back("runtime props of " + tag.name + ": " + runtime.error);
      else if (!runtime.needed.empty()) model->warnings.push_back("runtime props of " + tag.name + ": " + runtime.needed.front() + " was not fetched");
      else sources.runtime = &runtime;
    }
    sources.css_path = paths.css(kebab).substr(paths.root.size());
    sources.css = content(files, paths.css(kebab));
    model->components.push_back(assemble_component(sources));
  }
  std::sort(model->components.begin(), model->components.end(),
            [](const Component& a, const Component& b) { return a.tag < b.tag; });
  model->components.erase(std::unique(model->components.begin(), model->components.end(),
                                      [](const Component& a, const Component& b) { return a.tag == b.tag; }),
                          model->components.end());
  relate(*model, type_files);
  add_directives(paths, files, *model);
  add_exports(paths, files, *model);
  add_themes(paths, files, *model);

  auto icons = icons_version(files, paths);
  if (auto* text = icons.empty() ? nullptr : content(files, icons_path(icons))) {
    model->icons = parse_icon_names(*text);
    model->icons_version = icons;
  } else {
    model->warnings.push_back(icons.empty() ? "package.json names no @varlet/icons version"
                                            : "@varlet/icons@" + icons + " is not available: no icon names");
  }
  result.warnings = model->warnings;
  result.model = std::move(model);
  return result;
}

}  // namespace varlet::catalog
