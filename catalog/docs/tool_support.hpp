#pragma once
// What every docs tool shares: reading the repository files the dispatcher gathered, results with
// provenance, and clear answers when a file is absent upstream.
#include "catalog/docs/markdown.hpp"
#include "catalog/docs/site_menu.hpp"
#include "catalog/tool.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace varlet::catalog::docs {

struct DocsToolsOptions {
  std::size_t page_bytes = 12000;  // the budget of one docs page handed to a model
  // Whether `search` asks for the site menu and every page it lists, to index guides and examples
  // too. Off, it indexes the package alone and works offline.
  bool search_reads_docs = false;
};

// Where a file stands among the inputs.
struct FileLookup {
  const std::string* text = nullptr;  // the first candidate that exists
  std::string path;                   // its path, or the first candidate's when none exists
  std::vector<std::string> wanted;    // a candidate to fetch before the answer is known
};

// Walks `candidates` in order: the first one present wins; an absent one moves on; one not
// fetched yet is wanted. docs_needed returns `wanted`; run uses `text` (nullptr: none exists).
FileLookup lookup(const ToolInputs& inputs, const std::vector<std::string>& candidates);

std::string_view locale_of(const ToolInputs& inputs);

// The site menu from the inputs: the menu, or a finished error result (absent or unreadable).
std::variant<SiteMenu, json::object> site_menu(const ToolInputs& inputs);

// {content: [text], structuredContent, _meta: {varlet: {package, version, locale, artifacts}}}, the
// artifacts being the repository files read ("github:varletjs/varlet@v3.20.6/CHANGELOG.md") and
// the package files ("npm:@varlet/ui@3.20.6/highlight/web-types.en-US.json", as the model names them).
json::object docs_result(std::string text, json::object structured, const ToolInputs& inputs,
                         const std::vector<std::string>& repository_files,
                         const std::vector<std::string>& package_files = {});
json::object error_result(std::string text);
// "The varletjs/varlet repository at v3.20.6 has no <what> (<path>)."
json::object absent_result(const ToolInputs& inputs, std::string_view what, std::string_view path);

// One page of a text cut by paging.hpp, for a tool result.
struct PageOfText {
  std::string text;
  std::size_t index = 0;  // 0-based
  std::size_t count = 0;
  std::string next_cursor;  // empty on the last page
};
// The page a cursor points at (none: the first), or an error result for a cursor that was not
// issued for this scope.
std::variant<PageOfText, json::object> page_of(std::string_view text, std::string_view scope,
                                               std::optional<std::string_view> cursor, std::size_t budget);
// {index, count, nextCursor?} for structuredContent.
json::object page_json(const PageOfText& page);

// The section a caller named (its title, loosely, or a "Parent/Child" path): its index in
// doc.sections, or nothing.
std::optional<std::size_t> find_section(const Document& doc, std::string_view name);
// The titles of a page's sections, indented by level, for messages and outlines.
json::array outline(const Document& doc);

// Schema pieces shared by the docs tools.
json::object version_property();
json::object locale_property();
json::object cursor_property();
json::object input_schema(json::object properties, std::initializer_list<std::string_view> required = {});
json::object output_schema(json::object properties, std::initializer_list<std::string_view> required);

// A name as people type it compared loosely: case, `-`, `_`, spaces and a `var-` prefix ignored.
std::string loose_key(std::string_view name);

}  // namespace varlet::catalog::docs
