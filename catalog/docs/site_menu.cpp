#include "catalog/docs/site_menu.hpp"

#include <cctype>
#include <optional>

namespace varlet::catalog::docs {
namespace {

// The JavaScript literal subset the config uses: objects, arrays, strings, numbers, identifiers.
// Anything else (a ternary, a call) is skipped as an opaque value.
struct Token {
  enum Kind { end, string, number, identifier, punct } kind = end;
  std::string text;
};

class Lexer {
public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Token next() {
    skip_space_and_comments();
    if (i_ >= s_.size()) return {};
    char c = s_[i_];
    if (c == '\'' || c == '"' || c == '`') return {Token::string, quoted(c)};
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t b = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.')) ++i_;
      return {Token::number, std::string(s_.substr(b, i_ - b))};
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
      std::size_t b = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '$')) ++i_;
      return {Token::identifier, std::string(s_.substr(b, i_ - b))};
    }
    ++i_;
    return {Token::punct, std::string(1, c)};
  }

private:
  void skip_space_and_comments() {
    while (i_ < s_.size()) {
      if (std::isspace(static_cast<unsigned char>(s_[i_]))) {
        ++i_;
      } else if (s_.substr(i_, 2) == "//") {
        auto nl = s_.find('\n', i_);
        i_ = nl == std::string_view::npos ? s_.size() : nl + 1;
      } else if (s_.substr(i_, 2) == "/*") {
        auto close = s_.find("*/", i_ + 2);
        i_ = close == std::string_view::npos ? s_.size() : close + 2;
      } else {
        break;
      }
    }
  }

  std::string quoted(char quote) {
    std::string out;
    ++i_;
    while (i_ < s_.size() && s_[i_] != quote) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        char e = s_[++i_];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        out += s_[i_];
      }
      ++i_;
    }
    if (i_ < s_.size()) ++i_;
    return out;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

struct Member;

struct Value {
  enum Kind { opaque, string, number, object, array } kind = opaque;
  std::string text;
  std::vector<Member> members;  // a named struct, not std::pair: clang rejects pair<string, Value> here
  std::vector<Value> items;

  const Value* member(std::string_view key) const;
};

struct Member {
  std::string key;
  Value value;
};

const Value* Value::member(std::string_view key) const {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

class Parser {
public:
  explicit Parser(std::string_view s) : lexer_(s) { advance(); }

  // Moves to the value of the first `key: [` and returns true, or returns false at the end.
  bool seek_array_member(std::string_view key) {
    while (current_.kind != Token::end) {
      if (current_.kind == Token::identifier && current_.text == key) {
        advance();
        if (is(":")) {
          advance();
          if (is("[")) return true;
        }
        continue;
      }
      advance();
    }
    return false;
  }

  std::optional<Value> value(int depth = 0) {
    if (depth > 64) return std::nullopt;
    if (is("{")) return object(depth);
    if (is("[")) return array(depth);
    Value v;
    if (current_.kind == Token::string || current_.kind == Token::number) {
      v.kind = current_.kind == Token::string ? Value::string : Value::number;
      v.text = current_.text;
      advance();
      if (is(",") || is("}") || is("]")) return v;
      v.kind = Value::opaque;  // an expression that merely starts with a literal
    }
    if (!skip_expression()) return std::nullopt;
    return v;
  }

private:
  bool is(std::string_view punct) const { return current_.kind == Token::punct && current_.text == punct; }
  void advance() { current_ = lexer_.next(); }

  std::optional<Value> object(int depth) {
    Value v{Value::object, {}, {}, {}};
    advance();
    while (!is("}")) {
      // A `]` here closes nothing this object opened: skipping would stop at it again, forever.
      if (current_.kind == Token::end || is("]")) return std::nullopt;
      if (current_.kind != Token::string && current_.kind != Token::identifier && current_.kind != Token::number) {
        if (!skip_expression()) return std::nullopt;
      } else {
        std::string key = current_.text;
        advance();
        if (is(":")) {
          advance();
          auto member = value(depth + 1);
          if (!member) return std::nullopt;
          v.members.push_back({std::move(key), std::move(*member)});
        } else if (!skip_expression()) {
          return std::nullopt;
        }
      }
      if (is(",")) advance();
    }
    advance();
    return v;
  }

  std::optional<Value> array(int depth) {
    Value v{Value::array, {}, {}, {}};
    advance();
    while (!is("]")) {
      if (current_.kind == Token::end || is("}")) return std::nullopt;  // as in object()
      auto item = value(depth + 1);
      if (!item) return std::nullopt;
      v.items.push_back(std::move(*item));
      if (is(",")) advance();
    }
    advance();
    return v;
  }

  // Skips tokens up to a `,`, `}` or `]` that closes nothing opened here.
  bool skip_expression() {
    int nesting = 0;
    while (current_.kind != Token::end) {
      if (current_.kind == Token::punct) {
        char c = current_.text[0];
        if (nesting == 0 && (c == ',' || c == '}' || c == ']')) return true;
        if (c == '(' || c == '[' || c == '{') ++nesting;
        if (c == ')' || c == ']' || c == '}') --nesting;
      }
      advance();
    }
    return false;
  }

  Lexer lexer_;
  Token current_;
};

}  // namespace

std::string MenuItem::title(std::string_view locale) const {
  if (auto it = titles.find(std::string(locale)); it != titles.end() && !it->second.empty()) return it->second;
  if (auto it = titles.find("en-US"); it != titles.end() && !it->second.empty()) return it->second;
  if (!titles.empty()) return titles.begin()->second;
  return doc;
}

const MenuItem* SiteMenu::find(std::string_view doc) const {
  for (const auto& item : items)
    if (!item.doc.empty() && item.doc == doc) return &item;
  return nullptr;
}

std::vector<const MenuItem*> SiteMenu::of_type(MenuItemType type) const {
  std::vector<const MenuItem*> out;
  for (const auto& item : items)
    if (item.type == type && !item.doc.empty()) out.push_back(&item);
  return out;
}

std::variant<SiteMenu, std::string> parse_site_menu(std::string_view config_source) {
  Parser parser(config_source);
  if (!parser.seek_array_member("menu")) return std::string("the site config has no `menu: [...]` array");
  auto menu = parser.value();
  if (!menu || menu->kind != Value::array)
    return std::string("the site config's `menu` array is not a readable JavaScript literal");
  SiteMenu result;
  std::string group;
  for (const auto& entry : menu->items) {
    if (entry.kind != Value::object) continue;
    MenuItem item;
    if (const auto* type = entry.member("type"); type && type->kind == Value::number) {
      if (type->text == "1") item.type = MenuItemType::group;
      else if (type->text == "2") item.type = MenuItemType::component;
      else if (type->text == "3") item.type = MenuItemType::guide;
      else continue;
    }
    if (const auto* doc = entry.member("doc"); doc && doc->kind == Value::string) item.doc = doc->text;
    if (const auto* text = entry.member("text")) {
      if (text->kind == Value::string) item.titles["en-US"] = text->text;
      for (const auto& [locale, title] : text->members)
        if (title.kind == Value::string) item.titles[locale] = title.text;
    }
    if (item.type == MenuItemType::group) {
      group = item.title("en-US");
    } else {
      if (item.doc.empty()) continue;
      item.group = group;
    }
    result.items.push_back(std::move(item));
  }
  if (result.of_type(MenuItemType::component).empty() && result.of_type(MenuItemType::guide).empty())
    return std::string("the site config's `menu` lists no pages");
  return result;
}

namespace paths {
std::string component_page(std::string_view doc, std::string_view locale) {
  return "packages/varlet-ui/src/" + std::string(doc) + "/docs/" + std::string(locale) + ".md";
}
std::string guide_page(std::string_view doc, std::string_view locale) {
  return "packages/varlet-ui/docs/" + std::string(doc) + "." + std::string(locale) + ".md";
}
}  // namespace paths

}  // namespace varlet::catalog::docs
