#include "catalog/dts.hpp"

#include "catalog/text.hpp"

#include <cctype>

namespace varlet::catalog::dts {
namespace {

// Tracks bracket depth over a text; '>' of "=>" does not close anything.
struct Depth {
  int level = 0;
  char quote = 0;
  bool escaped = false;
  void feed(std::string_view text, std::size_t i) {
    char c = text[i];
    if (quote) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == quote) quote = 0;
      return;
    }
    if (c == '\'' || c == '"' || c == '`') quote = c;
    else if (c == '(' || c == '{' || c == '[' || c == '<') ++level;
    else if (c == ')' || c == '}' || c == ']') --level;
    else if (c == '>' && !(i > 0 && text[i - 1] == '=')) --level;
  }
  bool top() const { return level <= 0 && !quote; }
};

// The index just past the bracket that closes the one at `open`; npos when unbalanced.
std::size_t matching(std::string_view text, std::size_t open) {
  Depth d;
  for (std::size_t i = open; i < text.size(); ++i) {
    d.feed(text, i);
    if (i > open && d.level == 0 && !d.quote) return i + 1;
  }
  return std::string_view::npos;
}

bool continues(std::string_view accumulated, std::string_view next_line) {
  auto a = trim(accumulated);
  auto n = trim(next_line);
  if (a.empty()) return true;
  for (std::string_view end : {"|", "&", "=", ",", "=>", "(", ":", "?", "extends"})
    if (a.size() >= end.size() && a.substr(a.size() - end.size()) == end) return true;
  for (std::string_view start : {"|", "&", "=>", "?", ":", "extends", ".", ")", "}", "]", ">"})
    if (n.substr(0, start.size()) == start) return true;
  return false;
}

// From `start`, the end of a statement: a ';' or a line break at depth 0 that nothing continues.
std::size_t statement_end(std::string_view text, std::size_t start) {
  Depth d;
  for (std::size_t i = start; i < text.size(); ++i) {
    d.feed(text, i);
    if (!d.top()) continue;
    if (text[i] == ';') return i + 1;
    if (text[i] == '\n') {
      auto next_end = text.find('\n', i + 1);
      auto next = text.substr(i + 1, next_end == std::string_view::npos ? std::string_view::npos : next_end - i - 1);
      if (!continues(text.substr(start, i - start), next)) return i;
    }
  }
  return text.size();
}

std::string read_word(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  std::size_t start = pos;
  while (pos < text.size() && identifier_char(text[pos])) ++pos;
  return std::string(text.substr(start, pos - start));
}

void skip_space(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
}

std::string unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  return std::string(s);
}

Member parse_member(std::string_view text) {
  Member m;
  text = trim(text);
  for (bool again = true; again;) {
    again = false;
    for (std::string_view mod : {"static ", "readonly ", "public ", "private ", "protected ", "declare ", "abstract "}) {
      if (text.substr(0, mod.size()) == mod) {
        if (mod == "static ") m.is_static = true;
        text = trim(text.substr(mod.size()));
        again = true;
      }
    }
  }
  std::size_t pos = 0;
  if (!text.empty() && (text[0] == '\'' || text[0] == '"')) {
    auto close = text.find(text[0], 1);
    if (close == std::string_view::npos) close = text.size() - 1;
    m.name = std::string(text.substr(1, close - 1));
    pos = close + 1;
  } else if (!text.empty() && text[0] == '[') {
    auto close = matching(text, 0);
    pos = close == std::string_view::npos ? text.size() : close;
    m.name = std::string(text.substr(0, pos));
  } else {
    while (pos < text.size() && identifier_char(text[pos])) ++pos;
    m.name = std::string(text.substr(0, pos));
  }
  skip_space(text, pos);
  if (pos < text.size() && text[pos] == '?') {
    m.optional = true;
    ++pos;
    skip_space(text, pos);
  }
  if (pos < text.size() && text[pos] == '<') {
    auto close = matching(text, pos);
    if (close == std::string_view::npos) close = text.size();
    m.generics = std::string(text.substr(pos, close - pos));
    pos = close;
    skip_space(text, pos);
  }
  if (pos < text.size() && text[pos] == '(') {
    auto close = matching(text, pos);
    if (close == std::string_view::npos) close = text.size();
    m.callable = true;
    m.params = compact(text.substr(pos + 1, close - pos - 2));
    pos = close;
    skip_space(text, pos);
  }
  if (pos < text.size() && text[pos] == ':') m.type = compact(text.substr(pos + 1));
  return m;
}

// The members of a `{ ... }` body (without the braces).
std::vector<Member> parse_body(std::string_view body) {
  std::vector<Member> members;
  Depth d;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    auto part = trim(body.substr(start, end - start));
    if (!part.empty()) members.push_back(parse_member(part));
    start = end + 1;
  };
  for (std::size_t i = 0; i < body.size(); ++i) {
    d.feed(body, i);
    if (!d.top()) continue;
    char c = body[i];
    if (c == ';' || c == ',') {
      flush(i);
    } else if (c == '\n') {
      auto next_end = body.find('\n', i + 1);
      auto next = body.substr(i + 1, next_end == std::string_view::npos ? std::string_view::npos : next_end - i - 1);
      if (!continues(body.substr(start, i - start), next)) flush(i);
    }
  }
  flush(body.size());
  return members;
}

void parse_extends(std::string_view header, Declaration& decl) {
  auto at = header.find(" extends ");
  if (at == std::string_view::npos) return;
  auto list = header.substr(at + 9);
  if (auto impl = list.find(" implements "); impl != std::string_view::npos) list = list.substr(0, impl);
  for (auto& base : split_top_level(list, ',')) decl.extends.push_back(compact(base));
}

// interface X<G> extends A, B { ... }  /  class X extends Y { ... }; returns the end position.
std::size_t parse_block(std::string_view text, std::size_t pos, Kind kind, bool exported, File& file) {
  Declaration decl;
  decl.kind = kind;
  decl.exported = exported;
  decl.name = read_word(text, pos);
  skip_space(text, pos);
  if (pos < text.size() && text[pos] == '<') {
    auto close = matching(text, pos);
    if (close == std::string_view::npos) return text.size();
    decl.generics = std::string(text.substr(pos, close - pos));
    pos = close;
  }
  // The header runs to the body's '{' at depth 0.
  Depth d;
  std::size_t open = std::string_view::npos;
  for (std::size_t i = pos; i < text.size(); ++i) {
    if (text[i] == '{' && d.top()) {
      open = i;
      break;
    }
    d.feed(text, i);
  }
  if (open == std::string_view::npos) return text.size();
  parse_extends(" " + compact(text.substr(pos, open - pos)) + " ", decl);
  auto close = matching(text, open);
  if (close == std::string_view::npos) close = text.size();
  decl.members = parse_body(text.substr(open + 1, close - open - 2));
  if (!decl.name.empty()) file.declarations.push_back(std::move(decl));
  return close;
}

std::size_t parse_alias(std::string_view text, std::size_t pos, bool exported, File& file) {
  Declaration decl;
  decl.kind = Kind::type_alias;
  decl.exported = exported;
  decl.name = read_word(text, pos);
  skip_space(text, pos);
  if (pos < text.size() && text[pos] == '<') {
    auto close = matching(text, pos);
    if (close == std::string_view::npos) return text.size();
    decl.generics = std::string(text.substr(pos, close - pos));
    pos = close;
  }
  auto end = statement_end(text, pos);
  auto rest = trim(text.substr(pos, end - pos));
  if (!rest.empty() && rest.front() == '=') rest.remove_prefix(1);
  if (!rest.empty() && rest.back() == ';') rest.remove_suffix(1);
  decl.type = compact(rest);
  if (!decl.type.empty() && decl.type.front() == '|') decl.type = compact(decl.type.substr(1));
  if (!decl.name.empty()) file.declarations.push_back(std::move(decl));
  return end;
}

std::size_t parse_value(std::string_view text, std::size_t pos, Kind kind, bool exported, File& file) {
  Declaration decl;
  decl.kind = kind;
  decl.exported = exported;
  decl.name = read_word(text, pos);
  auto end = statement_end(text, pos);
  auto rest = trim(text.substr(pos, end - pos));
  if (!rest.empty() && rest.back() == ';') rest.remove_suffix(1);
  if (kind == Kind::constant && !rest.empty() && rest.front() == ':') rest.remove_prefix(1);
  decl.type = compact(rest);
  if (!decl.name.empty()) file.declarations.push_back(std::move(decl));
  return end;
}

// import X, { A, B as C } from 'mod' / import type { A } from 'mod' / import 'mod'
std::size_t parse_import(std::string_view text, std::size_t pos, File& file) {
  auto end = statement_end(text, pos);
  auto stmt = text.substr(pos, end - pos);
  auto from = stmt.rfind("from");
  if (from == std::string_view::npos) return end;
  auto module = unquote(trim(stmt.substr(from + 4)));
  if (!module.empty() && module.back() == ';') module.pop_back();
  module = unquote(module);
  auto names = stmt.substr(0, from);
  auto open = names.find('{');
  auto close = names.find('}');
  if (open != std::string_view::npos && close != std::string_view::npos) {
    for (auto& item : split_top_level(names.substr(open + 1, close - open - 1), ',')) {
      auto words = compact(item);
      if (words.rfind("type ", 0) == 0) words = words.substr(5);
      auto as = words.find(" as ");
      if (as == std::string::npos) {
        file.imports[words] = module;
        continue;
      }
      auto local = words.substr(as + 4);
      file.imports[local] = module;
      file.imported_as[local] = words.substr(0, as);
    }
  }
  return end;
}

std::size_t parse_export_list(std::string_view text, std::size_t pos, File& file) {
  auto close = text.find('}', pos);
  if (close == std::string_view::npos) return text.size();
  for (auto& item : split_top_level(text.substr(pos + 1, close - pos - 1), ',')) {
    auto words = compact(item);
    if (words.rfind("type ", 0) == 0) words = words.substr(5);
    auto as = words.find(" as ");
    if (words.empty()) continue;
    if (as == std::string::npos) file.named_exports.emplace_back(words, words);
    else file.named_exports.emplace_back(words.substr(0, as), words.substr(as + 4));
  }
  // The statement ends at the brace, or after a `from '...'` clause, and an optional ';'. (Not
  // statement_end from the brace: with nothing yet on the line it would run on into the next
  // declaration, as after `export { ButtonType, ButtonSize }` in button.d.ts.)
  auto pos_after = close + 1;
  auto after = pos_after;
  while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
  if (text.substr(after, 4) == "from" && (after + 4 >= text.size() || !identifier_char(text[after + 4])))
    return statement_end(text, after);
  if (after < text.size() && text[after] == ';') return after + 1;
  return pos_after;
}

}  // namespace

const Declaration* File::find(std::string_view name) const {
  for (const auto& d : declarations)
    if (d.name == name) return &d;
  return nullptr;
}

std::optional<std::string> local_module(const std::string& module) {
  if (module.rfind("./", 0) != 0) return std::nullopt;
  auto name = module.substr(2);
  if (name.size() > 5 && name.substr(name.size() - 5) == ".d.ts") name.resize(name.size() - 5);
  return name;
}

std::string strip_comments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  char quote = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (quote) {
      out += c;
      if (c == '\\' && i + 1 < in.size()) out += in[++i];
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      out += c;
    } else if (c == '/' && i + 1 < in.size() && in[i + 1] == '/') {
      while (i < in.size() && in[i] != '\n') ++i;
      out += '\n';
    } else if (c == '/' && i + 1 < in.size() && in[i + 1] == '*') {
      auto end = in.find("*/", i + 2);
      i = end == std::string_view::npos ? in.size() : end + 1;
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// Whitespace runs become one space; a line break between two members of an inline object type
// becomes "; " so the members stay apart.
std::string compact(std::string_view text) {
  std::string out;
  bool space = false, newline = false;
  int braces = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!quote && std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      newline = newline || c == '\n';
      continue;
    }
    if (space) {
      char prev = out.back();
      bool member_break = newline && braces > 0 && std::string_view("{;,(|&=:<[").find(prev) == std::string_view::npos &&
                          std::string_view("})]>|&.?=").find(c) == std::string_view::npos;
      if (member_break) out += "; ";
      else if (prev != '(' && prev != '[' && prev != '<' && c != ')' && c != ']' && c != '>' && c != ',' && c != ';')
        out += ' ';
      else if (c == '>' && prev == '=')
        out += ' ';
    }
    space = newline = false;
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '{') {
      ++braces;
    } else if (c == '}') {
      --braces;
    }
    out += c;
  }
  return out;
}

std::vector<std::string> split_top_level(std::string_view text, char separator) {
  std::vector<std::string> parts;
  Depth d;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == separator && d.top()) {
      parts.push_back(std::string(trim(text.substr(start, i - start))));
      start = i + 1;
      continue;
    }
    d.feed(text, i);
  }
  auto last = trim(text.substr(start));
  if (!last.empty()) parts.push_back(std::string(last));
  return parts;
}

std::vector<Param> split_params(std::string_view params) {
  std::vector<Param> out;
  for (auto& part : split_top_level(params, ',')) {
    auto colon = split_top_level(part, ':');
    Param p;
    p.name = colon.empty() ? part : colon[0];
    if (colon.size() > 1) {
      auto at = part.find(':');
      p.type = compact(part.substr(at + 1));
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<std::vector<Param>> function_params(std::string_view type) {
  auto t = trim(type);
  for (std::string_view wrapper : {"ListenerProp<"}) {
    if (t.substr(0, wrapper.size()) == wrapper && t.back() == '>') t = trim(t.substr(wrapper.size(), t.size() - wrapper.size() - 1));
  }
  if (t.empty() || t.front() != '(') return std::nullopt;
  auto close = matching(t, 0);
  if (close == std::string_view::npos) return std::nullopt;
  auto after = trim(t.substr(close));
  if (after.substr(0, 2) != "=>") return std::nullopt;
  return split_params(t.substr(1, close - 2));
}

std::vector<Member> object_members(std::string_view type) {
  auto t = trim(type);
  if (t.size() < 2 || t.front() != '{' || t.back() != '}') return {};
  return parse_body(t.substr(1, t.size() - 2));
}

File scan(std::string_view source) {
  auto text_storage = strip_comments(source);
  std::string_view text = text_storage;
  File file;
  std::size_t pos = 0;
  while (pos < text.size()) {
    skip_space(text, pos);
    if (pos >= text.size()) break;
    auto start = pos;
    auto word = read_word(text, pos);
    bool exported = false;
    if (word == "export") {
      exported = true;
      skip_space(text, pos);
      if (pos < text.size() && text[pos] == '*') {
        auto end = statement_end(text, pos);
        auto stmt = text.substr(pos, end - pos);
        auto from = stmt.find("from");
        if (from != std::string_view::npos) {
          auto module = unquote(trim(stmt.substr(from + 4)));
          if (!module.empty() && module.back() == ';') module = unquote(module.substr(0, module.size() - 1));
          file.reexport_all.push_back(module);
        }
        pos = end;
        continue;
      }
      if (pos < text.size() && text[pos] == '{') {
        pos = parse_export_list(text, pos, file);
        continue;
      }
      word = read_word(text, pos);
      if (word == "default") word = read_word(text, pos);
    }
    if (word == "declare") word = read_word(text, pos);
    if (word == "abstract") word = read_word(text, pos);
    if (word == "import") pos = parse_import(text, pos, file);
    else if (word == "interface") pos = parse_block(text, pos, Kind::interface, exported, file);
    else if (word == "class") pos = parse_block(text, pos, Kind::class_, exported, file);
    else if (word == "type") pos = parse_alias(text, pos, exported, file);
    else if (word == "const" || word == "let" || word == "var") pos = parse_value(text, pos, Kind::constant, exported, file);
    else if (word == "function") pos = parse_value(text, pos, Kind::function, exported, file);
    else pos = statement_end(text, pos);
    if (pos <= start) pos = start + 1;  // never stall on input the scanner does not understand
  }
  return file;
}

}  // namespace varlet::catalog::dts
