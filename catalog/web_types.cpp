#include "catalog/web_types.hpp"

#include "catalog/text.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::catalog {
namespace {

std::string text_of(const json::object& o, std::string_view key) {
  if (auto* v = o.if_contains(key)) {
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_number() || v->is_bool()) return json::serialize(*v);
  }
  return {};
}

const json::array* array_of(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

// A web-types "value.type" is a string or a list of strings.
std::string type_of(const json::object& attribute) {
  auto* value = attribute.if_contains("value");
  if (!value || !value->is_object()) return {};
  auto* type = value->get_object().if_contains("type");
  if (!type) return {};
  if (type->is_string()) return std::string(type->get_string());
  if (auto* list = type->if_array()) {
    std::string out;
    for (auto& t : *list)
      if (t.is_string()) out += (out.empty() ? "" : " | ") + std::string(t.get_string());
    return out;
  }
  return {};
}

template <class T, class Fill>
std::vector<T> entries(const json::object& tag, std::string_view key, const std::string& tag_name,
                       std::vector<std::string>& warnings, Fill fill) {
  std::vector<T> out;
  auto* list = array_of(tag, key);
  if (!list) return out;
  for (auto& item : *list) {
    auto* obj = item.if_object();
    auto name = obj ? text_of(*obj, "name") : std::string();
    if (name.empty()) {
      warnings.push_back(tag_name + ": skipped one of its " + std::string(key) + " without a name");
      continue;
    }
    T entry;
    entry.name = name;
    entry.description = text_of(*obj, "description");
    fill(*obj, entry);
    // A name listed twice is a docs table with a stale row left above the current one (3.20.6
    // en-US var-menu `reference`): the later row replaces the earlier, in its place.
    auto same = std::find_if(out.begin(), out.end(), [&](const T& e) { return e.name == name; });
    if (same != out.end()) {
      warnings.push_back(tag_name + ": " + std::string(key) + " " + name + " is listed twice; the later entry is kept");
      *same = std::move(entry);
      continue;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

// The generator splits a docs table row at every '|', even an escaped one in a type cell such
// as `_string \| number_` (3.0.0 and 3.20.6 zh-CN var-tab-item `name`): the type then ends with the
// backslash and the rest of the type lands in the default. Joins the type back; the real default
// cell is lost, so the default becomes unknown.
void repair_cut_type(Prop& p, const std::string& tag_name, std::vector<std::string>& warnings) {
  auto type = trim(p.type);
  if (type.empty() || type.back() != '\\') return;
  type.remove_suffix(1);
  auto rest = trim(p.default_value);
  while (!rest.empty() && (rest.back() == '_' || rest.back() == '*' || rest.back() == '`')) rest.remove_suffix(1);
  p.type = std::string(trim(type)) + (trim(rest).empty() ? "" : " | " + std::string(trim(rest)));
  p.default_value.clear();
  warnings.push_back(tag_name + ": the type of attribute " + p.name + " was cut at an escaped '|'; read as \"" + p.type +
                     "\" with no known default");
}

}  // namespace

WebTypes parse_web_types(std::string_view json_text) {
  WebTypes out;
  boost::system::error_code ec;
  auto root = json::parse(json_text, ec);
  if (ec) {
    out.error = "web-types is not valid JSON (" + ec.message() + ")";
    return out;
  }
  const json::array* tags = nullptr;
  if (auto* r = root.if_object()) {
    out.version = text_of(*r, "version");
    if (auto* c = r->if_contains("contributions"); c && c->is_object())
      if (auto* h = c->get_object().if_contains("html"); h && h->is_object()) tags = array_of(h->get_object(), "tags");
  }
  if (!tags) {
    out.error = "web-types has no contributions.html.tags list";
    return out;
  }
  for (auto& t : *tags) {
    auto* tag = t.if_object();
    auto name = tag ? text_of(*tag, "name") : std::string();
    if (name.empty()) {
      out.warnings.push_back("skipped a tag without a name");
      continue;
    }
    WebTypesTag entry;
    entry.name = name;
    entry.props = entries<Prop>(*tag, "attributes", name, out.warnings, [&](const json::object& o, Prop& p) {
      p.type = type_of(o);
      p.default_value = text_of(o, "default");
      repair_cut_type(p, name, out.warnings);
    });
    entry.events = entries<Event>(*tag, "events", name, out.warnings, [](const json::object& o, Event& e) {
      if (auto* args = array_of(o, "arguments"))
        for (auto& a : *args)
          if (auto* ao = a.if_object()) e.arguments.push_back({text_of(*ao, "name"), text_of(*ao, "type")});
    });
    entry.slots = entries<Slot>(*tag, "slots", name, out.warnings, [](const json::object& o, Slot& s) {
      if (auto* props = array_of(o, "vue-properties"))
        for (auto& a : *props)
          if (auto* ao = a.if_object()) s.props.push_back({text_of(*ao, "name"), text_of(*ao, "type")});
    });
    out.tags.push_back(std::move(entry));
  }
  return out;
}

}  // namespace varlet::catalog
