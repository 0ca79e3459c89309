#include "catalog/runtime_props.hpp"

#include "catalog/dts.hpp"
#include "catalog/text.hpp"

#include <cctype>
#include <unordered_map>

namespace varlet::catalog::runtime {
namespace {

// Imports and bindings followed this deep at most: the package needs three (rate -> icon/index ->
// icon/props); a cycle or a hostile module ends here instead of on the stack.
constexpr int max_depth = 16;
// Steps of one read at most (a real module takes a few hundred): spreads of spreads of the same
// binding would otherwise multiply the work with every level.
constexpr std::size_t max_steps = 100000;

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  for (char c : s)
    if (!identifier_char(c)) return false;
  return true;
}

// Walks JavaScript text, calling `at(i, depth)` for each character outside strings with the
// bracket depth before it ('<' is an operator, not a bracket); `at` returns false to stop.
template <class At>
void walk_js(std::string_view text, At at) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (!at(i, depth)) return;
    if (c == '\'' || c == '"' || c == '`') quote = c;
    else if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') --depth;
  }
}

// Parts of `text` separated by `separator` outside brackets and strings, trimmed, empty ones dropped.
std::vector<std::string_view> split_js(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  auto add = [&](std::string_view part) {
    if (part = trim(part); !part.empty()) parts.push_back(part);
  };
  walk_js(text, [&](std::size_t i, int depth) {
    if (text[i] == separator && depth == 0) {
      add(text.substr(start, i - start));
      start = i + 1;
    }
    return true;
  });
  add(text.substr(start));
  return parts;
}

// The inside of `text` when the whole of it is one bracket pair opened by `open`.
std::optional<std::string_view> enclosed(std::string_view text, char open, char close) {
  if (text.size() < 2 || text.front() != open || text.back() != close) return std::nullopt;
  auto inner = text.substr(1, text.size() - 2);
  bool one_pair = true;  // "{a} + {b}" is not one pair
  walk_js(inner, [&](std::size_t i, int depth) {
    one_pair = !(depth == 0 && (inner[i] == ')' || inner[i] == ']' || inner[i] == '}'));
    return one_pair;
  });
  return one_pair ? std::optional(inner) : std::nullopt;
}

// "'text'" or "\"text\"" -> text; nothing for anything else.
std::optional<std::string> string_literal(std::string_view s) {
  if (s.size() < 2 || (s.front() != '"' && s.front() != '\'') || s.back() != s.front()) return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

// "name(args)" -> (name, args) when the whole text is one call of a plain or dotted name.
std::optional<std::pair<std::string_view, std::string_view>> call_of(std::string_view text) {
  auto open = text.find('(');
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  auto name = trim(text.substr(0, open));
  for (char c : name)
    if (!identifier_char(c) && c != '.') return std::nullopt;
  auto args = enclosed(text.substr(open), '(', ')');
  if (!args) return std::nullopt;
  return std::pair{name, *args};
}

struct Import {
  std::string specifier;
  std::string imported;  // the name the other module exports
};

struct Module {
  std::unordered_map<std::string, std::string> bindings;  // const/let/var name -> initializer
  std::unordered_map<std::string, Import> imports;         // local name -> where it comes from
  std::unordered_map<std::string, std::string> exports;    // exported name -> local name
};

// `{ a as b, c }` -> [(a, b), (c, c)]
std::vector<std::pair<std::string, std::string>> name_list(std::string_view braces) {
  std::vector<std::pair<std::string, std::string>> out;
  auto inner = enclosed(trim(braces), '{', '}');
  if (!inner) return out;
  for (auto item : split_js(*inner, ',')) {
    auto as = item.find(" as ");
    auto first = std::string(trim(item.substr(0, as)));
    auto second = as == std::string_view::npos ? first : std::string(trim(item.substr(as + 4)));
    if (is_identifier(first) && is_identifier(second)) out.emplace_back(first, second);
  }
  return out;
}

Module scan_module(std::string_view source) {
  auto text_storage = dts::strip_comments(source);
  Module module;
  for (auto statement : split_js(text_storage, ';')) {
    // esbuild ends a statement with ';' but not a function body; a statement may follow one.
    for (std::size_t brace; (brace = statement.find("}\n")) != std::string_view::npos &&
                            statement.rfind("function", 0) == 0;)
      statement = trim(statement.substr(brace + 1));
    if (statement.rfind("import ", 0) == 0) {
      auto from = statement.rfind(" from ");
      if (from == std::string_view::npos) continue;
      auto specifier = string_literal(trim(statement.substr(from + 6)));
      auto clause = trim(statement.substr(7, from - 7));
      if (!specifier || clause.empty() || clause.front() != '{') continue;
      for (auto& [imported, local] : name_list(clause)) module.imports[local] = {*specifier, imported};
    } else if (statement.rfind("export ", 0) == 0) {
      auto clause = trim(statement.substr(7));
      if (!clause.empty() && clause.front() == '{' && clause.find(" from ") == std::string_view::npos)
        for (auto& [local, exported] : name_list(clause)) module.exports[exported] = local;
    } else {
      for (std::string_view keyword : {"const ", "let ", "var "}) {
        if (statement.rfind(keyword, 0) != 0) continue;
        auto rest = statement.substr(keyword.size());
        auto equals = rest.find('=');
        if (equals == std::string_view::npos) break;
        auto name = trim(rest.substr(0, equals));
        if (is_identifier(name)) module.bindings[std::string(name)] = std::string(trim(rest.substr(equals + 1)));
        break;
      }
    }
  }
  return module;
}

// A value of some module: its expression text and where its names are bound.
struct Expression {
  std::string_view text;
  std::string module;
};

struct Entry {
  std::string key;
  Expression value;
};

class Reader {
 public:
  explicit Reader(const ModuleLookup& lookup) : lookup_(lookup) {}

  RuntimeProps read(const std::string& path) {
    RuntimeProps out;
    std::vector<Entry> entries;
    bool read = false;
    if (auto* module = load(path)) {
      if (auto binding = resolve_export(path, *module, "props", 0)) read = object(*binding, entries, 0);
      else if (needed_.empty() && error_.empty()) error_ = path + " exports no props";
    }
    if (read)
      for (auto& entry : entries) {
        auto prop = describe(entry, 0);
        auto [at, added] = index_.emplace(prop.name, out.props.size());
        if (added) out.props.push_back(std::move(prop));
        else out.props[at->second] = std::move(prop);
      }
    if (!needed_.empty()) {
      out.props.clear();
      out.needed = std::move(needed_);
    } else if (!error_.empty() || !read) {
      out.props.clear();
      out.error = error_.empty() ? path + ": its props are not an object this reader understands" : error_;
    }
    return out;
  }

 private:
  // The scanned module, or null when it is not at hand (then it is named in needed_ or error_).
  const Module* load(const std::string& path) {
    if (auto it = modules_.find(path); it != modules_.end()) return &it->second;
    auto found = lookup_(path);
    if (found.state == ModuleText::State::not_fetched) {
      needed_.push_back(path);
      return nullptr;
    }
    if (found.state == ModuleText::State::missing || !found.text) {
      if (error_.empty()) error_ = path + " does not exist in the package";
      return nullptr;
    }
    return &modules_.emplace(path, scan_module(*found.text)).first->second;
  }

  std::optional<Expression> resolve_export(const std::string& path, const Module& module, const std::string& name,
                                           int depth) {
    auto local = module.exports.find(name);
    return local == module.exports.end() ? std::nullopt : resolve(local->second, path, depth + 1);
  }

  // The expression a name stands for in a module, following imports.
  // One step of the read; false once the budget is spent, which then is the read's error.
  bool step() {
    if (++steps_ <= max_steps) return true;
    if (error_.empty()) error_ = "the props take more than " + std::to_string(max_steps) + " steps to read";
    return false;
  }

  std::optional<Expression> resolve(const std::string& name, const std::string& path, int depth) {
    if (depth > max_depth || !step()) return std::nullopt;
    auto* module = load(path);
    if (!module) return std::nullopt;
    if (auto it = module->bindings.find(name); it != module->bindings.end()) return Expression{it->second, path};
    auto import = module->imports.find(name);
    if (import == module->imports.end()) return std::nullopt;
    auto target = resolve_module(path, import->second.specifier);
    if (!target) return std::nullopt;
    auto* other = load(*target);
    if (!other) return std::nullopt;
    return resolve_export(*target, *other, import->second.imported, depth);
  }

  // Appends the entries of an object-valued expression; false when it is not one.
  bool object(const Expression& e, std::vector<Entry>& out, int depth) {
    if (depth > max_depth || !step()) return false;
    auto text = trim(e.text);
    if (auto inner = enclosed(text, '{', '}')) {
      for (auto part : split_js(*inner, ',')) {
        if (part.rfind("...", 0) == 0) {
          if (!object({part.substr(3), e.module}, out, depth + 1)) return false;
          continue;
        }
        auto colon = split_js(part, ':');
        auto key_text = colon.empty() ? part : colon.front();
        std::string key = string_literal(key_text).value_or(std::string(key_text));
        if (!is_identifier(key) && !string_literal(key_text)) continue;  // a computed key names no prop we can know
        auto value = colon.size() > 1 ? trim(part.substr(static_cast<std::size_t>(colon[1].data() - part.data()))) : part;
        out.push_back({key, {value, e.module}});
      }
      return true;
    }
    if (auto call = call_of(text)) {
      auto [name, args] = *call;
      auto arguments = split_js(args, ',');
      if (name.rfind("__spread", 0) == 0 || name == "__getOwnPropDescs" || name == "Object.assign") {
        for (auto argument : arguments)
          if (!object({argument, e.module}, out, depth + 1)) return false;
        return true;
      }
      if (name == "pickProps" && arguments.size() == 2) {
        if (auto key = string_literal(arguments[1])) {
          auto picked = pick(arguments[0], *key, e.module, depth);
          return picked && object(picked->value, out, depth + 1);
        }
        auto keys = enclosed(arguments[1], '[', ']');
        if (!keys) return false;
        std::vector<Entry> source;
        if (!object({arguments[0], e.module}, source, depth + 1)) return false;
        for (auto key_text : split_js(*keys, ','))
          if (auto key = string_literal(key_text))
            for (auto& entry : source)
              if (entry.key == *key) out.push_back(entry);
        return true;
      }
      return false;
    }
    if (is_identifier(text)) {
      auto bound = resolve(std::string(text), e.module, depth + 1);
      return bound && object(*bound, out, depth + 1);
    }
    return false;
  }

  static bool constructor_name(std::string_view s) {
    for (std::string_view c : {"String", "Number", "Boolean", "Array", "Object", "Function", "Date", "Symbol",
                               "Promise", "BigInt", "Error", "RegExp", "Map", "Set"})
      if (s == c) return true;
    return false;
  }

  // The runtime types of a `type` value: String, [String, Number], or a name bound to one.
  std::vector<std::string> types(const Expression& e, int depth) {
    auto text = trim(e.text);
    if (constructor_name(text)) return {std::string(text)};
    if (auto items = enclosed(text, '[', ']')) {
      std::vector<std::string> out;
      for (auto item : split_js(*items, ','))
        for (auto& t : types({item, e.module}, depth + 1)) out.push_back(std::move(t));
      return out;
    }
    if (is_identifier(text) && depth < max_depth)
      if (auto bound = resolve(std::string(text), e.module, depth + 1)) return types(*bound, depth + 1);
    return {};
  }

  RuntimeProp describe(const Entry& entry, int depth) {
    RuntimeProp prop{entry.key, {}, {}, false, false};
    auto text = trim(entry.value.text);
    if (depth > max_depth || !step()) return prop;
    auto call = call_of(text);
    if (call && call->first == "defineListenerProp") {
      prop.listener = true;
      return prop;
    }
    if (call && call->first == "pickProps") {
      auto arguments = split_js(call->second, ',');
      auto key = arguments.size() == 2 ? string_literal(arguments[1]) : std::nullopt;
      if (auto picked = key ? pick(arguments[0], *key, entry.value.module, depth) : std::nullopt) {
        auto described = describe(*picked, depth + 1);
        described.name = entry.key;
        return described;
      }
      return prop;
    }
    if (is_identifier(text) && !constructor_name(text)) {
      if (auto bound = resolve(std::string(text), entry.value.module, depth + 1))
        return describe({entry.key, *bound}, depth + 1);
      return prop;
    }
    // An options object { type, default, required }, written out, merged from others or picked.
    if (std::vector<Entry> options; (call || text.starts_with("{")) && object(entry.value, options, depth + 1)) {
      for (const auto& option : options) {
        auto value = trim(option.value.text);
        if (option.key == "type") prop.types = types(option.value, depth + 1);
        else if (option.key == "default") prop.default_value = value == "void 0" || value == "undefined" ? "" : dts::compact(value);
        else if (option.key == "required") prop.required = value == "true" || value == "!0";
      }
      return prop;
    }
    prop.types = types(entry.value, depth + 1);
    return prop;
  }

  // The entry `key` of the object `source` stands for.
  std::optional<Entry> pick(std::string_view source, const std::string& key, const std::string& module, int depth) {
    std::vector<Entry> entries;
    if (!object({source, module}, entries, depth + 1)) return std::nullopt;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
      if (it->key == key) return *it;
    return std::nullopt;
  }

  const ModuleLookup& lookup_;
  std::unordered_map<std::string, Module> modules_;  // node-based: expressions point into it while it grows
  std::unordered_map<std::string, std::size_t> index_;  // prop name -> position in the answer
  std::vector<std::string> needed_;
  std::string error_;
  std::size_t steps_ = 0;
};

}  // namespace

std::optional<std::string> resolve_module(std::string_view from, std::string_view specifier) {
  if (specifier.rfind("./", 0) != 0 && specifier.rfind("../", 0) != 0) return std::nullopt;
  std::vector<std::string_view> parts;
  for (auto part : split_js(from, '/')) parts.push_back(part);
  if (!parts.empty()) parts.pop_back();  // the file's own name
  std::size_t start = 0;
  while (start <= specifier.size()) {
    auto slash = specifier.find('/', start);
    auto part = specifier.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string out;
  for (auto part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

RuntimeProps read_runtime_props(const std::string& path, const ModuleLookup& lookup) {
  return Reader(lookup).read(path);
}

}  // namespace varlet::catalog::runtime
