#pragma once
// Models of the real pinned package for tests, read from its web-types (names, props, events,
// slots and their descriptions in each locale) with Boost.JSON.
#include "catalog/model.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace varlet::testing {

inline std::string pascal_case(const std::string& kebab) {
  std::string out;
  bool upper = true;
  for (char c : kebab) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

inline std::shared_ptr<const catalog::Model> package_model(const std::string& locale, const std::string& version = "3.20.6") {
  static std::map<std::string, std::shared_ptr<const catalog::Model>> cache;
  auto& cached = cache[version + "/" + locale];
  if (cached) return cached;
  const char* data = std::getenv("VARLET_DATA_DIR");
  std::ifstream in(std::string(data ? data : "data") + "/npm/@varlet/ui@" + version + "/highlight/web-types." + locale +
                   ".json");
  std::stringstream text;
  text << in.rdbuf();
  auto model = std::make_shared<catalog::Model>();
  model->version = version;
  model->locale = locale;
  auto root = json::parse(text.str());
  auto description = [](const json::value& v) {
    auto* d = v.as_object().if_contains("description");
    return d && d->is_string() ? std::string(d->get_string()) : std::string();
  };
  for (const auto& tag : root.at("contributions").at("html").at("tags").as_array()) {
    catalog::Component c;
    c.tag = std::string(tag.at("name").as_string());
    c.kebab = c.tag.substr(4);
    c.name = pascal_case(c.kebab);
    const auto& o = tag.as_object();
    if (auto* list = o.if_contains("attributes"))
      for (const auto& a : list->as_array())
        c.props.push_back({std::string(a.at("name").as_string()), "", "", description(a), ""});
    if (auto* list = o.if_contains("events"))
      for (const auto& e : list->as_array()) c.events.push_back({std::string(e.at("name").as_string()), description(e), {}});
    if (auto* list = o.if_contains("slots"))
      for (const auto& s : list->as_array()) c.slots.push_back({std::string(s.at("name").as_string()), description(s), {}});
    model->components.push_back(std::move(c));
  }
  cached = model;
  return cached;
}

}  // namespace varlet::testing
