#include "catalog/model.hpp"

#include <boost/describe.hpp>

#include <algorithm>

namespace varlet::catalog {

BOOST_DESCRIBE_STRUCT(Prop, (), (name, type, default_value, description, ts_type, runtime_type, required, source,
                                 disagreement))
BOOST_DESCRIBE_STRUCT(Param, (), (name, type))
BOOST_DESCRIBE_STRUCT(Event, (), (name, description, arguments, source, disagreement))
BOOST_DESCRIBE_STRUCT(Slot, (), (name, description, props))
BOOST_DESCRIBE_STRUCT(Method, (), (name, signature, description))
BOOST_DESCRIBE_STRUCT(CssVar, (), (name, default_value, description))
BOOST_DESCRIBE_STRUCT(TypeDecl, (), (name, kind, definition, values))
BOOST_DESCRIBE_STRUCT(FunctionApi, (), (name, calls, members, options_type, options))
BOOST_DESCRIBE_STRUCT(Component, (), (name, tag, kebab, description, props, events, slots, methods, css_vars,
                                      function_api, types, related, artifacts))
BOOST_DESCRIBE_STRUCT(Directive, (), (name, export_name, value_type, options, artifact))
BOOST_DESCRIBE_STRUCT(Theme, (), (name, export_name, tokens, component_tokens))
BOOST_DESCRIBE_STRUCT(Exports, (), (components, functions, types, values))
BOOST_DESCRIBE_STRUCT(Model, (), (version, locale, icons_version, components, directives, themes, icons, exports,
                                  warnings))

namespace {
template <class T, class Key>
const T* find_sorted_or_linear(const std::vector<T>& items, Key T::*member, std::string_view value) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.*member == value; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

bool has_source(std::string_view sources, std::string_view source) {
  for (std::size_t start = 0; start <= sources.size();) {
    auto plus = sources.find('+', start);
    if (sources.substr(start, plus == std::string_view::npos ? std::string_view::npos : plus - start) == source) return true;
    if (plus == std::string_view::npos) break;
    start = plus + 1;
  }
  return false;
}

void add_source(std::string& sources, std::string_view source) {
  if (has_source(sources, source)) return;
  std::string out;
  for (auto known : {from_web_types, from_types, from_runtime})
    if (known == source || has_source(sources, known)) out.append(out.empty() ? "" : "+").append(known);
  sources = std::move(out);
}

std::string catalog_key(std::string_view version, std::string_view locale) {
  return std::string(version) + "/" + std::string(locale) + "/" + std::string(model_format);
}

std::optional<std::pair<std::string, std::string>> parse_catalog_key(std::string_view key) {
  auto first = key.find('/'), last = key.rfind('/');
  if (first == std::string_view::npos || first == last || key.substr(last + 1) != model_format) return std::nullopt;
  return std::pair{std::string(key.substr(0, first)), std::string(key.substr(first + 1, last - first - 1))};
}

std::string rendered_key(std::string_view tool, std::string_view version, std::string_view locale,
                         std::string_view arguments) {
  std::string key;
  for (auto part : {tool, version, locale, model_format}) key.append(part).append("\n");
  return key.append(arguments);
}

const Component* Model::component(std::string_view tag) const {
  auto it = std::lower_bound(components.begin(), components.end(), tag,
                             [](const Component& c, std::string_view t) { return c.tag < t; });
  return it != components.end() && it->tag == tag ? &*it : nullptr;
}

const Directive* Model::directive(std::string_view name) const {
  return find_sorted_or_linear(directives, &Directive::name, name);
}

const Theme* Model::theme(std::string_view name) const { return find_sorted_or_linear(themes, &Theme::name, name); }

json::value model_to_json(const Model& model) { return json::value_from(model); }

std::shared_ptr<const Model> model_from_json(const json::value& value) {
  auto result = json::try_value_to<Model>(value);
  if (!result) return nullptr;
  auto model = std::make_shared<Model>(std::move(*result));
  if (!std::is_sorted(model->components.begin(), model->components.end(),
                      [](const Component& a, const Component& b) { return a.tag < b.tag; }))
    return nullptr;
  return model;
}

}  // namespace varlet::catalog
