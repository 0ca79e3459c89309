#include "catalog/docs/tool_support.hpp"

#include "catalog/docs/paging.hpp"
#include "mcp/engine.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::catalog::docs {

FileLookup lookup(const ToolInputs& inputs, const std::vector<std::string>& candidates) {
  FileLookup found;
  if (!candidates.empty()) found.path = candidates.front();
  for (const auto& path : candidates) {
    auto it = inputs.docs.find(path);
    if (it == inputs.docs.end()) {
      found.wanted.push_back(path);
      return found;
    }
    if (it->second && *it->second) {
      found.text = it->second->get();
      found.path = path;
      return found;
    }
  }
  return found;
}

std::string_view locale_of(const ToolInputs& inputs) {
  return inputs.locale.empty() ? std::string_view("en-US") : std::string_view(inputs.locale);
}

std::variant<SiteMenu, json::object> site_menu(const ToolInputs& inputs) {
  auto file = lookup(inputs, {std::string(paths::site_config)});
  if (!file.text) return absent_result(inputs, "docs site menu", paths::site_config);
  auto parsed = parse_site_menu(*file.text);
  if (auto* error = std::get_if<std::string>(&parsed))
    return error_result("The docs site menu of Varlet " + inputs.version + " (" + std::string(paths::site_config) +
                        ") cannot be read: " + *error + ".");
  return std::get<SiteMenu>(std::move(parsed));
}

json::object docs_result(std::string text, json::object structured, const ToolInputs& inputs,
                         const std::vector<std::string>& repository_files, const std::vector<std::string>& package_files) {
  auto result = mcp::tool_result(std::move(text), json::value(std::move(structured)));
  json::array files;
  for (const auto& path : repository_files) files.emplace_back("github:varletjs/varlet@v" + inputs.version + "/" + path);
  for (const auto& path : package_files) files.emplace_back("npm:" + path);
  result["_meta"] = json::object{{"varlet", json::object{{"package", "@varlet/ui"},
                                                         {"version", inputs.version},
                                                         {"locale", locale_of(inputs)},
                                                         {"artifacts", std::move(files)}}}};
  return result;
}

json::object error_result(std::string text) { return mcp::tool_result(std::move(text), std::nullopt, true); }

json::object absent_result(const ToolInputs& inputs, std::string_view what, std::string_view path) {
  return error_result("The varletjs/varlet repository at v" + inputs.version + " has no " + std::string(what) + " (" +
                      std::string(path) + "): the upstream says the file does not exist for this version.");
}

std::variant<PageOfText, json::object> page_of(std::string_view text, std::string_view scope,
                                               std::optional<std::string_view> cursor, std::size_t budget) {
  auto pages = paginate(text, budget);
  PageOfText page;
  page.count = std::max<std::size_t>(pages.size(), 1);
  if (cursor) {
    auto offset = decode_cursor(*cursor, scope);
    auto it = std::find_if(pages.begin(), pages.end(), [&](const Page& p) { return offset && p.begin == *offset; });
    if (it == pages.end() || it == pages.begin())
      return error_result("The cursor \"" + std::string(cursor->substr(0, 80)) +
                          "\" was not issued for this page and these arguments: call again without `cursor` to "
                          "start from the first page, and pass `nextCursor` back unchanged with the same arguments.");
    page.index = static_cast<std::size_t>(it - pages.begin());
  }
  if (pages.empty()) return page;
  const auto& p = pages[page.index];
  page.text = std::string(text.substr(p.begin, p.end - p.begin));
  if (page.index + 1 < pages.size()) page.next_cursor = encode_cursor(scope, pages[page.index + 1].begin);
  return page;
}

json::object page_json(const PageOfText& page) {
  json::object o{{"index", page.index}, {"count", page.count}};
  if (!page.next_cursor.empty()) o["nextCursor"] = page.next_cursor;
  return o;
}

std::optional<std::size_t> find_section(const Document& doc, std::string_view name) {
  auto slash = name.rfind('/');
  auto leaf = loose_key(slash == std::string_view::npos ? name : name.substr(slash + 1));
  auto parent = slash == std::string_view::npos ? std::string() : loose_key(name.substr(0, slash));
  if (leaf.empty()) return std::nullopt;
  for (std::size_t s = 0; s < doc.sections.size(); ++s) {
    if (loose_key(doc.sections[s].title) != leaf) continue;
    if (parent.empty()) return s;
    for (int p = doc.sections[s].parent; p >= 0; p = doc.sections[p].parent)
      if (loose_key(doc.sections[p].title) == parent) return s;
  }
  return std::nullopt;
}

json::array outline(const Document& doc) {
  json::array out;
  for (const auto& s : doc.sections) {
    json::object entry{{"title", s.title}, {"level", s.level}};
    if (!s.since.empty()) entry["since"] = s.since;
    out.push_back(std::move(entry));
  }
  return out;
}

json::object version_property() {
  return {{"type", "string"},
          {"description", "Varlet version, dist-tag or range such as 3.20.6, latest or ^3.2, or \"project\" for the "
                          "version the user's project uses (read by a local server from its lockfile or package.json); "
                          "default: the server's configured version"}};
}

json::object locale_property() {
  return {{"type", "string"}, {"enum", {"en-US", "zh-CN"}}, {"description", "Language of the docs; default en-US"}};
}

json::object cursor_property() {
  return {{"type", "string"}, {"description", "The nextCursor of the previous page, to read the next one"}};
}

json::object input_schema(json::object properties, std::initializer_list<std::string_view> required) {
  json::object schema{{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (required.size()) {
    json::array names;
    for (auto r : required) names.emplace_back(r);
    schema["required"] = std::move(names);
  }
  return schema;
}

json::object output_schema(json::object properties, std::initializer_list<std::string_view> required) {
  auto schema = input_schema(std::move(properties), required);
  schema.erase("additionalProperties");
  return schema;
}

std::string loose_key(std::string_view name) {
  std::string key;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool prefixed = name.substr(0, 4) == "var-" ||
                  (name.size() > 3 && name.substr(0, 3) == "Var" && std::isupper(static_cast<unsigned char>(name[3])));
  if (prefixed) key.erase(0, 3);
  return key;
}

}  // namespace varlet::catalog::docs
