#include "catalog/project/finding.hpp"

#include "catalog/text.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::catalog::project {
namespace {

constexpr std::size_t max_specifier_length = 256;

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "@varlet/ui@3.1.0" -> {"@varlet/ui", "3.1.0"}; a scoped name keeps its leading @.
std::pair<std::string_view, std::string_view> split_name(std::string_view ident) {
  auto at = ident.find('@', 1);
  if (at == std::string_view::npos) return {{}, ident};
  return {ident.substr(0, at), ident.substr(at + 1)};
}

// Characters a semver range or dist-tag may hold: ^3.2, >=3.1 <3.5 || 4, latest, 3.x.
bool is_range_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view(".^~<>=|*+- ").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

std::string quoted(std::string_view s) {
  if (s.size() > 80) return "\"" + std::string(s.substr(0, 77)) + "...\"";
  return "\"" + std::string(s) + "\"";
}

}  // namespace

bool is_version(std::string_view text) {
  auto core_end = text.find_first_of("-+");
  auto core = text.substr(0, core_end);
  for (int part = 0; part < 3; ++part) {
    auto dot = core.find('.');
    if ((part < 2) == (dot == std::string_view::npos)) return false;
    if (!is_digits(core.substr(0, dot))) return false;
    core = part < 2 ? core.substr(dot + 1) : std::string_view{};
  }
  if (core_end == std::string_view::npos) return true;
  auto rest = text.substr(core_end + 1);
  return !rest.empty() && text.size() <= 64 && std::all_of(rest.begin(), rest.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '+';
  });
}

std::string_view without_peer_suffix(std::string_view locked) {
  return locked.substr(0, std::min(locked.find('('), locked.find('_')));
}

Finding range_of_specifier(std::string_view specifier) {
  auto spec = trim(specifier);
  if (spec.empty()) return {{}, "an empty specifier names no version"};
  if (spec.size() > max_specifier_length)
    return {{}, "a specifier longer than " + std::to_string(max_specifier_length) + " characters"};
  if (spec.starts_with("npm:")) {
    auto [name, range] = split_name(spec.substr(4));
    if (!name.empty() && name != package_name)
      return {{}, quoted(spec) + " is an alias of another package (" + std::string(name) + ")"};
    spec = trim(range);
  }
  if (spec.find(':') != std::string_view::npos || spec.find('/') != std::string_view::npos || !is_range_text(spec))
    return {{}, quoted(spec) +
                    " names no published version (a workspace, link, file, catalog, git or URL specifier)"};
  if (spec.empty()) return {{}, "an empty specifier names no version"};
  return {std::string(spec), {}};
}

Finding locked_version(std::string_view locked, std::string_view file) {
  auto text = trim(locked);
  if (text.starts_with("npm:")) text.remove_prefix(4);
  if (text.starts_with('/')) text.remove_prefix(1);
  text = text.substr(0, text.find('('));  // pnpm's peers, which may name packages too
  bool named = !text.empty() && !std::isdigit(static_cast<unsigned char>(text[0]));
  if (named && text.find(':') == std::string_view::npos && text.find('@', 1) != std::string_view::npos) {
    auto [name, version] = split_name(text);
    if (name != package_name) return {{}, std::string(file) + " locks an alias of another package (" + std::string(name) + ")"};
    text = version;
  }
  text = without_peer_suffix(text);
  if (is_version(text)) return {std::string(text), {}};
  return {{}, std::string(file) + " locks @varlet/ui as " + quoted(trim(locked)) +
                  ", which is no published version (a workspace package, a link or a local folder)"};
}

}  // namespace varlet::catalog::project
