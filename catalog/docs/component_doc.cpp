#include "catalog/docs/component_doc.hpp"

#include <array>
#include <utility>

namespace varlet::catalog::docs {
namespace {

// The words the docs use, in both locales, for the API sub-sections and table columns.
constexpr std::array<std::pair<std::string_view, ApiKind>, 11> kind_words{{
    {"style variables", ApiKind::style_variables},
    {"样式变量", ApiKind::style_variables},
    {"variables", ApiKind::style_variables},
    {"props", ApiKind::props},
    {"属性", ApiKind::props},
    {"events", ApiKind::events},
    {"事件", ApiKind::events},
    {"slots", ApiKind::slots},
    {"插槽", ApiKind::slots},
    {"methods", ApiKind::methods},
    {"方法", ApiKind::methods},
}};
constexpr std::array<std::pair<std::string_view, ApiKind>, 2> option_words{{
    {"option", ApiKind::options},
    {"选项", ApiKind::options},
}};
// First column headers, used when no heading says what a table lists.
constexpr std::array<std::pair<std::string_view, ApiKind>, 9> name_columns{{
    {"prop", ApiKind::props},
    {"参数", ApiKind::props},
    {"event", ApiKind::events},
    {"事件名", ApiKind::events},
    {"插槽名", ApiKind::slots},
    {"method", ApiKind::methods},
    {"方法名", ApiKind::methods},
    {"variable", ApiKind::style_variables},
    {"变量名", ApiKind::style_variables},
}};

enum class Column { ignored, description, type, default_value, arguments, returns };

Column column_role(std::string_view header) {
  auto h = lowercase(trim(header));
  if (h == "description" || h == "说明") return Column::description;
  if (h == "type" || h == "类型") return Column::type;
  if (h == "default" || h == "默认值") return Column::default_value;
  if (h == "arguments" || h == "argument" || h == "parameters" || h == "params" || h == "slotprops" ||
      h == "slot props" || h == "参数" || h == "回调参数")
    return Column::arguments;
  if (h == "return" || h == "returns" || h == "返回值") return Column::returns;
  return Column::ignored;
}

std::optional<ApiKind> kind_in(std::string_view title) {
  auto t = lowercase(title);
  for (auto [word, kind] : kind_words)
    if (t.find(word) != std::string::npos) return kind;
  for (auto [word, kind] : option_words)
    if (t.find(word) != std::string::npos) return kind;
  return std::nullopt;
}

// "Button Props" -> "Button"; "Props" or a heading without a kind word -> "".
std::string subject_of(std::string_view title) {
  auto t = trim(title);
  auto space = t.find_last_of(' ');
  if (space == std::string_view::npos) return {};
  auto last = lowercase(t.substr(space + 1));
  if (last != "props" && last != "events" && last != "slots" && last != "methods" && last != "variables") return {};
  return std::string(trim(t.substr(0, space)));
}

std::optional<ApiKind> kind_from_header(const std::vector<std::string>& header) {
  if (header.empty()) return std::nullopt;
  auto first = lowercase(trim(header[0]));
  for (auto [word, kind] : name_columns)
    if (first == word) return kind;
  return std::nullopt;
}

ApiEntry entry_from(const std::vector<std::string>& columns, const std::vector<std::string>& cells) {
  ApiEntry entry;
  if (cells.empty()) return entry;
  auto [name, since] = split_since(cells[0]);
  entry.name = plain_cell(name);
  entry.since = std::move(since);
  for (std::size_t c = 1; c < cells.size() && c < columns.size(); ++c) {
    switch (column_role(columns[c])) {
      case Column::description: entry.description = std::string(trim(cells[c])); break;
      case Column::type: entry.type = plain_cell(cells[c]); break;
      case Column::default_value: entry.default_value = plain_cell(cells[c]); break;
      case Column::arguments: entry.arguments = plain_cell(cells[c]); break;
      case Column::returns: entry.returns = plain_cell(cells[c]); break;
      case Column::ignored: break;
    }
  }
  return entry;
}

}  // namespace

std::string_view to_string(ApiKind kind) {
  switch (kind) {
    case ApiKind::props: return "props";
    case ApiKind::events: return "events";
    case ApiKind::slots: return "slots";
    case ApiKind::methods: return "methods";
    case ApiKind::style_variables: return "styleVariables";
    case ApiKind::options: return "options";
    case ApiKind::other: break;
  }
  return "other";
}

std::vector<const ApiTable*> ComponentDoc::tables(ApiKind kind, std::string_view subject) const {
  std::vector<const ApiTable*> out;
  for (const auto& t : api)
    if (t.kind == kind && (subject.empty() || t.subject.empty() || lowercase(t.subject) == lowercase(subject)))
      out.push_back(&t);
  return out;
}

ComponentDoc parse_component_doc(std::string_view markdown) {
  ComponentDoc page;
  page.document = parse_document(markdown);
  const auto& doc = page.document;

  int api = -1;
  for (std::size_t s = 0; s < doc.sections.size(); ++s)
    if (doc.sections[s].level == 2 && lowercase(doc.sections[s].title) == "api") {
      api = static_cast<int>(s);
      break;
    }
  int title = !doc.sections.empty() && doc.sections[0].level == 1 ? 0 : -1;
  page.intro = intro(markdown, doc);

  for (std::size_t s = 0; s < doc.sections.size(); ++s) {
    const auto& section = doc.sections[s];
    if (static_cast<int>(s) == title || within(doc, static_cast<int>(s), api)) continue;
    auto end = own_blocks_end(doc, section);
    Example example;
    example.title = section.title;
    example.section = static_cast<int>(s);
    // The heading it sits under, "## Function Call" or "### Functional" above "#### Basic Usage".
    if (section.parent >= 0 && section.parent != title) example.group = doc.sections[section.parent].title;
    std::size_t first_code = end;
    for (std::size_t b = section.first_block + 1; b < end; ++b)
      if (doc.blocks[b].kind == BlockKind::code) {
        first_code = std::min(first_code, b);
        example.code.push_back({doc.blocks[b].language, doc.blocks[b].code, static_cast<int>(s)});
      }
    if (example.code.empty()) continue;
    example.description = prose(markdown, doc, section.first_block + 1, first_code);
    page.examples.push_back(std::move(example));
  }

  if (api < 0) return page;
  for (std::size_t b = doc.sections[api].first_block; b < doc.sections[api].end_block; ++b) {
    if (doc.blocks[b].kind != BlockKind::table) continue;
    auto parsed = parse_table(markdown.substr(doc.blocks[b].begin, doc.blocks[b].end - doc.blocks[b].begin));
    if (!parsed) continue;
    ApiTable table;
    int holder = section_of(doc, b);
    if (holder >= 0 && holder != api) {
      table.heading = doc.sections[holder].title;
      table.subject = subject_of(table.heading);
      std::size_t note_from = doc.sections[holder].first_block + 1;
      for (std::size_t n = note_from; n < b; ++n)
        if (doc.blocks[n].kind == BlockKind::table) note_from = n + 1;
      table.note = prose(markdown, doc, note_from, b);
    }
    std::optional<ApiKind> kind;
    for (int s = holder; s >= 0 && s != api && !kind; s = doc.sections[s].parent) kind = kind_in(doc.sections[s].title);
    if (!kind) kind = kind_from_header(parsed->header);
    table.kind = kind.value_or(ApiKind::other);
    table.columns = parsed->header;
    for (const auto& row : parsed->rows) {
      auto entry = entry_from(table.columns, row);
      if (!entry.name.empty()) table.entries.push_back(std::move(entry));
    }
    page.api.push_back(std::move(table));
  }
  return page;
}

}  // namespace varlet::catalog::docs
