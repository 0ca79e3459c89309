#include "catalog/docs/component_pages.hpp"

#include "catalog/docs/tool_support.hpp"
#include "mcp/suggest.hpp"

#include <cctype>

namespace varlet::catalog::docs {
namespace {

std::string_view first_segment(std::string_view kebab) { return kebab.substr(0, kebab.find('-')); }

// "tabs" and "tab", "buttons" and "button" are one family.
std::string singular(std::string_view word) {
  std::string w(word);
  if (w.size() > 3 && w.back() == 's') w.pop_back();
  return w;
}

}  // namespace

const Component* resolve_component(const Model& model, std::string_view name) {
  auto key = loose_key(name);
  if (key.empty()) return nullptr;
  for (const auto& c : model.components)
    if (loose_key(c.kebab) == key) return &c;
  return nullptr;
}

std::string unknown_component(const Model& model, std::string_view name) {
  std::vector<std::string> names;
  for (const auto& c : model.components) names.push_back(c.kebab);
  std::string text = "Varlet " + model.version + " has no component \"" + std::string(name) + "\".";
  auto close = mcp::closest_matches(loose_key(name), names);
  if (!close.empty()) {
    text += " Did you mean";
    for (std::size_t i = 0; i < close.size(); ++i) text += (i ? ", " : " ") + close[i];
    text += "?";
  }
  return text + " The search tool finds components from a description.";
}

std::vector<std::string> page_names_for(std::string_view kebab, const SiteMenu& menu) {
  std::vector<std::string> names{std::string(kebab)};
  if (menu.find(kebab)) return names;
  for (const auto* item : menu.of_type(MenuItemType::component)) {
    std::string_view doc = item->doc;
    bool family = singular(first_segment(doc)) == singular(first_segment(kebab)) ||
                  doc.substr(0, kebab.size() + 1) == std::string(kebab) + "-" ||
                  kebab.substr(0, doc.size() + 1) == std::string(doc) + "-";
    if (family && doc != kebab) names.emplace_back(doc);
  }
  return names;
}

std::size_t uses(const Example& example, std::string_view kebab) {
  std::string open = "<var-" + std::string(kebab);
  std::size_t count = 0;
  for (const auto& code : example.code)
    for (auto pos = code.code.find(open); pos != std::string::npos; pos = code.code.find(open, pos + 1)) {
      auto next = pos + open.size();
      if (next >= code.code.size() || !(std::isalnum(static_cast<unsigned char>(code.code[next])) || code.code[next] == '-'))
        ++count;
    }
  return count;
}

std::optional<ComponentPage> best_page(std::string_view kebab, const std::vector<std::string>& names,
                                       const ToolInputs& inputs) {
  std::optional<ComponentPage> best;
  std::size_t best_uses = 0;
  for (const auto& name : names) {
    auto file = lookup(inputs, {paths::component_page(name, locale_of(inputs))});
    if (!file.text) continue;
    ComponentPage page{name, file.path, *file.text, parse_component_doc(*file.text), name == kebab};
    std::size_t n = 0;
    for (const auto& e : page.doc.examples) n += uses(e, kebab);
    bool better = !best || n > best_uses || (n == best_uses && page.own && !best->own);
    if (better) {
      best_uses = n;
      best = std::move(page);
    }
  }
  return best;
}

std::vector<std::string> pages_wanted(const std::vector<std::string>& names, const ToolInputs& inputs) {
  std::vector<std::string> wanted;
  for (const auto& name : names)
    for (auto& path : lookup(inputs, {paths::component_page(name, locale_of(inputs))}).wanted)
      wanted.push_back(std::move(path));
  return wanted;
}

}  // namespace varlet::catalog::docs
