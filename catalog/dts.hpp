#pragma once
// A small scanner of the TypeScript declaration syntax @varlet/ui's types/*.d.ts use: imports,
// re-exports, type aliases, interfaces and classes with their members, declared constants and
// functions. It is no TypeScript compiler: it splits declarations and members by their brackets,
// keeps types as compact text, and never throws on odd input.
#include "catalog/model.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::dts {

struct Member {
  std::string name;  // empty for a call signature
  bool optional = false;
  bool is_static = false;
  bool callable = false;  // a method or call signature
  std::string generics;   // "<T>" of a generic method
  std::string params;     // the parameter list without parentheses (callables)
  std::string type;       // a property's type, or a callable's return type
};

enum class Kind { interface, class_, type_alias, constant, function };

struct Declaration {
  Kind kind = Kind::type_alias;
  std::string name;
  std::string generics;              // "<V>"
  std::vector<std::string> extends;  // "VarComponent", "VarDirective<RippleValue>"
  std::vector<Member> members;       // interfaces and classes
  std::string type;                  // alias target, constant type, function signature
  bool exported = false;
};

struct File {
  std::vector<Declaration> declarations;
  std::vector<std::string> reexport_all;               // export * from './button' -> "./button"
  std::vector<std::pair<std::string, std::string>> named_exports;  // export { A as B } -> (A, B)
  std::map<std::string, std::string> imports;          // local name -> module ("./loading", "vue")
  std::map<std::string, std::string> imported_as;      // an aliased import's local name -> its own: ButtonType -> Type

  const Declaration* find(std::string_view name) const;
};

File scan(std::string_view source);

// "e: Event, opts?: { a: number }" -> [{e, Event}, {opts?, { a: number }}] (an optional name keeps its "?").
std::vector<Param> split_params(std::string_view params);
// Splits on `separator` outside brackets and strings, trimming each part.
std::vector<std::string> split_top_level(std::string_view text, char separator);
// "./button" or "./button.d.ts" -> "button"; nothing for another package's module ("vue").
std::optional<std::string> local_module(const std::string& module);
// Removes // and /* */ comments, keeping strings intact (each line comment leaves its newline).
std::string strip_comments(std::string_view source);
// Collapses whitespace runs to one space and trims.
std::string compact(std::string_view text);
// "ListenerProp<(e: Event) => void>" or "(e: Event) => void" or "() => void" -> the function's
// parameters; nothing when the type is not a function type.
std::optional<std::vector<Param>> function_params(std::string_view type);
// The members of an inline object type "{ a: string; b?: number }".
std::vector<Member> object_members(std::string_view type);

}  // namespace varlet::catalog::dts
