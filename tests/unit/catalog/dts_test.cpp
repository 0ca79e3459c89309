// The .d.ts scanner on every types/*.d.ts of both pinned releases, checked against a line-by-line
// reading of the same files, and on odd or broken declarations: partial results, never a crash.
#include "catalog/dts.hpp"
#include "package.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

namespace varlet::catalog::dts {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"')) return s.substr(1, s.size() - 2);
  return s;
}

struct MemberLine {
  std::string name;
  bool optional;
  bool operator==(const MemberLine&) const = default;
};

std::ostream& operator<<(std::ostream& os, const MemberLine& m) { return os << m.name << (m.optional ? "?" : ""); }

// The members written one per line at `indent` inside the block opened on line `open`.
std::vector<MemberLine> member_lines(const std::vector<std::string>& lines, std::size_t open, const std::string& indent) {
  static const std::regex member(R"(^(?:readonly |static )?('[^']+'|[A-Za-z_$][\w$]*|\[[^\]]+\])(\??)\s*[:(<])");
  std::vector<MemberLine> out;
  for (std::size_t i = open + 1; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (line.rfind(indent.substr(2) + "}", 0) == 0) break;
    if (line.rfind(indent, 0) != 0 || line.size() <= indent.size() || std::isspace(static_cast<unsigned char>(line[indent.size()])))
      continue;
    std::smatch m;
    auto rest = line.substr(indent.size());
    if (std::regex_search(rest, m, member)) out.push_back({unquote(m[1]), m[2] == "?"});
  }
  return out;
}

std::vector<MemberLine> scanned(const std::vector<Member>& members, bool skip_callables_without_name = true) {
  std::vector<MemberLine> out;
  for (const auto& m : members)
    if (!(skip_callables_without_name && m.name.empty())) out.push_back({m.name, m.optional});
  return out;
}

std::vector<std::filesystem::path> type_files(const std::string& version) {
  std::vector<std::filesystem::path> out;
  for (auto& entry : std::filesystem::directory_iterator(testing::npm_dir() + "@varlet/ui@" + version + "/types"))
    if (entry.path().string().ends_with(".d.ts")) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DtsScanner, FindsEveryExportedDeclarationAndMemberOfTheRealTypes) {
  static const std::regex declaration(
      R"(^export (?:declare )?(?:abstract )?(interface|class|type|const|function) ([A-Za-z_$][\w$]*))");
  static const std::regex block(R"(^(?:export )?(?:declare )?(interface|class) ([A-Za-z_$][\w$]*).*\{\s*$)");
  std::size_t files = 0, declarations = 0, members = 0;
  for (std::string version : {"3.20.6", "3.0.0"}) {
    auto paths = type_files(version);
    ASSERT_GT(paths.size(), 50u);
    for (const auto& path : paths) {
      ++files;
      auto text = read(path);
      auto file = scan(text);
      auto lines = lines_of(text);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::smatch m;
        if (std::regex_search(lines[i], m, declaration)) {
          ++declarations;
          auto kind = m[1].str();
          auto expected = kind == "interface" ? Kind::interface
                          : kind == "class"   ? Kind::class_
                          : kind == "type"    ? Kind::type_alias
                          : kind == "const"   ? Kind::constant
                                              : Kind::function;
          // A name may be declared twice (`interface Themes` and `export declare const Themes: Themes`).
          auto d = std::find_if(file.declarations.begin(), file.declarations.end(),
                                [&](const Declaration& x) { return x.name == m[2].str() && x.kind == expected; });
          ASSERT_NE(d, file.declarations.end()) << path << ": " << lines[i];
          EXPECT_TRUE(d->exported) << path << ": " << lines[i];
        }
        if (std::regex_search(lines[i], m, block)) {
          // Find the declaration of this name with the kind of this line (a file may declare a
          // name twice, e.g. an interface merged with a class).
          const Declaration* d = nullptr;
          auto kind = m[1] == "class" ? Kind::class_ : Kind::interface;
          for (const auto& candidate : file.declarations)
            if (candidate.name == m[2].str() && candidate.kind == kind) d = &candidate;
          ASSERT_NE(d, nullptr) << path << ": " << lines[i];
          auto expected = member_lines(lines, i, "  ");
          members += expected.size();
          EXPECT_EQ(scanned(d->members), expected) << path << ": " << lines[i];
          // $slots: { name(props): VNode[] } read as an inline object type.
          for (std::size_t j = i + 1; j < lines.size() && lines[j] != "}"; ++j)
            if (lines[j] == "  $slots: {") {
              auto slot = std::find_if(d->members.begin(), d->members.end(), [](auto& x) { return x.name == "$slots"; });
              ASSERT_NE(slot, d->members.end()) << path;
              EXPECT_EQ(scanned(object_members(slot->type)), member_lines(lines, j, "    ")) << path << " $slots";
            }
        }
      }
      for (std::size_t i = 0; i < lines.size(); ++i) {
        static const std::regex reexport(R"(^export \* from '([^']+)')");
        std::smatch m;
        if (!std::regex_search(lines[i], m, reexport)) continue;
        EXPECT_NE(std::find(file.reexport_all.begin(), file.reexport_all.end(), m[1].str()), file.reexport_all.end())
            << path << ": " << lines[i];
      }
    }
  }
  EXPECT_GT(declarations, 500u);
  EXPECT_GT(members, 1000u);
  std::cout << "[dts] " << files << " files, " << declarations << " exported declarations, " << members
            << " members checked" << std::endl;
}

TEST(DtsScanner, EveryCutOfARealFileScansWithoutCrashing) {
  auto text = testing::required_file("@varlet/ui@3.20.6/types/snackbar.d.ts");
  for (std::size_t cut = 0; cut <= text.size(); cut += 7) {
    auto file = scan(std::string_view(text).substr(0, cut));
    for (const auto& d : file.declarations) {
      ASSERT_FALSE(d.name.empty());
      ASSERT_TRUE(std::all_of(d.name.begin(), d.name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }))
          << cut << ": " << d.name;
    }
  }
  // The whole file still reads after any prefix was read: the scanner keeps no state.
  EXPECT_NE(scan(text).find("ISnackbar"), nullptr);
}

TEST(DtsScanner, BrokenInputGivesWhatItCanAndNeverHangs) {
  std::string deep_parens(20000, '(');
  std::string deep_braces = "export interface Deep " + std::string(20000, '{');
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>(i % 256);
  for (std::string text : {std::string(), std::string("   \n\t"), std::string("// only a comment"),
                           std::string("/* unterminated comment"), std::string("export type A = 'unterminated"),
                           std::string("export interface A { a: string"), std::string("}}}} ))) >>> export type B = 1"),
                           std::string("export type A<T = 1"), std::string("export"), std::string("export declare"),
                           std::string("export {"), std::string("export * from"), std::string("import { A from 'x'"),
                           std::string("interface"), std::string("class {"), deep_parens, deep_braces, garbage}) {
    auto file = scan(text);
    for (const auto& d : file.declarations) EXPECT_FALSE(d.name.empty());
  }
  // After a broken part, a later declaration is still read.
  auto file = scan("export type Broken = ((((\nexport interface A { a: string }\n");
  EXPECT_NE(file.find("Broken"), nullptr);
  auto recovered = scan("}}}}\nexport type B = 1\n");
  ASSERT_NE(recovered.find("B"), nullptr);
  EXPECT_EQ(recovered.find("B")->type, "1");
}

TEST(DtsScanner, OddButValidShapes) {
  auto file = scan(R"(
import Default, { A, type B as C } from './a'
import type { D } from "vue"
export * from './button';
export { X as Y, type Z }
export type Multi =
  | 'a'
  | 'b'
export type Fn<T extends object = {}> = (value: T, done: () => void) => Promise<T>
export interface Callable extends Base<Map<string, number>>, Other {
  (options?: Options | string): Handle
  <T>(value: T): T
  'onUpdate:show'?: ListenerProp<(show: boolean) => void>
  [key: string]: any
  readonly id: number
  method<K extends keyof T>(key: K, ...rest: any[]): T[K]
  arrow: (a: { x: number; y: string }) => void
  nested: {
    inner?: boolean
    deeper: { a: 1 }
  }
}
export default class Widget extends Base implements Thing {
  static defaults: Partial<Props>
  private hidden: string
  $slots: {
    default(): VNode[]
    item(data: { item: Item, index: number }): VNode[]
  }
}
declare module 'vue' {
  export interface GlobalComponents {
    VarWidget: typeof Widget
  }
}
export declare function helper(a: string): void
export declare const value: string, other: number
)");
  EXPECT_EQ(file.imports.at("A"), "./a");
  EXPECT_EQ(file.imports.at("C"), "./a");
  EXPECT_EQ(file.imports.at("D"), "vue");
  EXPECT_EQ(file.reexport_all, std::vector<std::string>{"./button"});
  EXPECT_EQ(file.named_exports, (std::vector<std::pair<std::string, std::string>>{{"X", "Y"}, {"Z", "Z"}}));
  ASSERT_NE(file.find("Multi"), nullptr);
  EXPECT_EQ(file.find("Multi")->type, "'a' | 'b'");
  ASSERT_NE(file.find("Fn"), nullptr);
  EXPECT_EQ(file.find("Fn")->generics, "<T extends object = {}>");
  EXPECT_EQ(file.find("Fn")->type, "(value: T, done: () => void) => Promise<T>");

  auto* callable = file.find("Callable");
  ASSERT_NE(callable, nullptr);
  EXPECT_EQ(callable->extends, (std::vector<std::string>{"Base<Map<string, number>>", "Other"}));
  const auto& m = callable->members;
  ASSERT_EQ(m.size(), 8u);
  EXPECT_TRUE(m[0].callable && m[0].name.empty());
  EXPECT_EQ(m[0].params, "options?: Options | string");
  EXPECT_EQ(m[0].type, "Handle");
  EXPECT_EQ(m[1].generics, "<T>");
  EXPECT_EQ(m[2].name, "onUpdate:show");
  EXPECT_TRUE(m[2].optional);
  EXPECT_EQ(m[3].name, "[key: string]");
  EXPECT_EQ(m[4].name, "id");
  EXPECT_EQ(m[5].name, "method");
  EXPECT_EQ(m[5].generics, "<K extends keyof T>");
  EXPECT_EQ(m[5].params, "key: K, ...rest: any[]");
  EXPECT_EQ(m[5].type, "T[K]");
  EXPECT_EQ(m[6].type, "(a: { x: number; y: string }) => void");
  auto nested = object_members(m[7].type);
  ASSERT_EQ(nested.size(), 2u);
  EXPECT_TRUE(nested[0].optional);
  EXPECT_EQ(nested[1].type, "{ a: 1 }");

  auto* widget = file.find("Widget");
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(widget->kind, Kind::class_);
  EXPECT_EQ(widget->extends, std::vector<std::string>{"Base"});
  EXPECT_TRUE(widget->members[0].is_static);
  auto slots = object_members(widget->members[2].type);
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(split_params(slots[1].params).at(0).type, "{ item: Item, index: number }");
  EXPECT_EQ(file.find("GlobalComponents"), nullptr);  // inside `declare module`, not the file's own
  ASSERT_NE(file.find("helper"), nullptr);
  EXPECT_EQ(file.find("helper")->kind, Kind::function);
  EXPECT_EQ(file.find("helper")->type, "(a: string): void");
}

TEST(DtsHelpers, ParametersAndFunctionTypes) {
  auto params = split_params("e: Event, opts?: { a: number, b: Map<string, number> }, cb: (x: 1, y: 2) => void");
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[1].name, "opts?");
  EXPECT_EQ(params[1].type, "{ a: number, b: Map<string, number> }");
  EXPECT_EQ(params[2].type, "(x: 1, y: 2) => void");
  EXPECT_TRUE(split_params("").empty());
  EXPECT_EQ(split_params("...args").at(0).name, "...args");

  auto listener = function_params("ListenerProp<(e: Event, value: string) => void>");
  ASSERT_TRUE(listener);
  ASSERT_EQ(listener->size(), 2u);
  EXPECT_EQ((*listener)[1].name, "value");
  EXPECT_TRUE(function_params("() => void") && function_params("() => void")->empty());
  for (std::string not_a_function : {"string", "(string | number)[]", "(a", "", "ListenerProp<", "(a) =", "Array<() => void>"})
    EXPECT_FALSE(function_params(not_a_function)) << not_a_function;

  EXPECT_EQ(split_top_level("A<B, C>, { d: E, f: G }, 'x,y'", ','),
            (std::vector<std::string>{"A<B, C>", "{ d: E, f: G }", "'x,y'"}));
  EXPECT_EQ(compact("  a\n   |  b\t "), "a | b");
  EXPECT_EQ(compact("{\n  a: string\n  b: number\n}"), "{ a: string; b: number }");
  EXPECT_TRUE(object_members("string").empty());
  EXPECT_TRUE(object_members("{").empty());
  EXPECT_TRUE(object_members("{}").empty());
}

}  // namespace
}  // namespace varlet::catalog::dts
