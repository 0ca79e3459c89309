#include "actors/versions.hpp"

#include "mcp/json.hpp"
#include "mcp/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <tuple>

namespace varlet::actors {
namespace {

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool is_identifier(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

std::optional<unsigned long long> parse_number(std::string_view s) {
  if (!is_digits(s) || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  unsigned long long n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string_view drop_v(std::string_view s) {
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  return s;
}

// "-alpha.1+build" -> {"alpha","1"}; nothing when an identifier is malformed.
std::optional<std::vector<std::string>> parse_suffix(std::string_view rest) {
  std::vector<std::string> prerelease;
  auto plus = rest.find('+');
  if (plus != std::string_view::npos) {
    for (auto id : split(rest.substr(plus + 1), '.'))
      if (!is_identifier(id)) return std::nullopt;
    rest = rest.substr(0, plus);
  }
  if (rest.empty()) return prerelease;
  if (rest[0] != '-') return std::nullopt;
  for (auto id : split(rest.substr(1), '.')) {
    if (!is_identifier(id) || (is_digits(id) && !parse_number(id))) return std::nullopt;
    prerelease.emplace_back(id);
  }
  return prerelease;
}

std::strong_ordering compare_identifier(const std::string& a, const std::string& b) {
  bool an = is_digits(a), bn = is_digits(b);
  if (an && bn) return a.size() != b.size() ? a.size() <=> b.size() : a.compare(b) <=> 0;
  if (an != bn) return an ? std::strong_ordering::less : std::strong_ordering::greater;
  return a.compare(b) <=> 0;
}

// ---- ranges -------------------------------------------------------------------------------

// A version whose trailing parts may be missing or wildcards ("3", "3.2.x", "*").
struct Partial {
  std::optional<unsigned long long> major, minor, patch;
  std::vector<std::string> prerelease;
  int given() const { return !major ? 0 : !minor ? 1 : !patch ? 2 : 3; }
};

bool is_wildcard(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

std::optional<Partial> parse_partial(std::string_view text) {
  text = drop_v(text);
  if (text.empty() || is_wildcard(text)) return Partial{};
  auto suffix_at = text.find_first_of("-+");
  auto core = text.substr(0, suffix_at);
  auto parts = split(core, '.');
  if (parts.size() > 3) return std::nullopt;
  Partial p;
  std::optional<unsigned long long>* fields[] = {&p.major, &p.minor, &p.patch};
  bool wild = false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (is_wildcard(parts[i])) {
      wild = true;
      continue;
    }
    auto n = parse_number(parts[i]);
    if (!n) return std::nullopt;
    if (!wild) *fields[i] = n;  // after a wildcard every part is one, as npm reads "1.x.3"
  }
  if (suffix_at != std::string_view::npos) {
    if (p.given() != 3) return std::nullopt;
    auto suffix = parse_suffix(text.substr(suffix_at));
    if (!suffix) return std::nullopt;
    p.prerelease = std::move(*suffix);
  }
  return p;
}

enum class Op { lt, le, gt, ge, eq };

struct Comparator {
  Op op;
  SemVer version;
};

using ComparatorSet = std::vector<Comparator>;

SemVer floor_of(const Partial& p) {
  return {p.major.value_or(0), p.minor.value_or(0), p.patch.value_or(0), p.prerelease};
}

// The first version above every version the partial covers, as "X.Y.Z-0" (below its prereleases).
SemVer ceiling_of(const Partial& p) {
  SemVer v = p.given() == 1 ? SemVer{*p.major + 1, 0, 0, {}} : SemVer{*p.major, *p.minor + 1, 0, {}};
  v.prerelease = {"0"};
  return v;
}

SemVer below(SemVer v) {
  v.prerelease = {"0"};
  return v;
}

const Comparator match_nothing{Op::lt, SemVer{0, 0, 0, {"0"}}};

void add_caret(const Partial& p, ComparatorSet& out) {
  out.push_back({Op::ge, floor_of(p)});
  if (*p.major > 0 || p.given() == 1) return out.push_back({Op::lt, SemVer{*p.major + 1, 0, 0, {"0"}}});
  if (*p.minor > 0 || p.given() == 2) return out.push_back({Op::lt, SemVer{0, *p.minor + 1, 0, {"0"}}});
  out.push_back({Op::lt, SemVer{0, 0, *p.patch + 1, {"0"}}});
}

bool add_comparator(std::string_view op, const Partial& p, ComparatorSet& out) {
  int n = p.given();
  if (n == 0) {
    if (op == "<" || op == ">") out.push_back(match_nothing);
    return true;  // any version
  }
  if (op.empty() || op == "=") {
    if (n == 3) return out.push_back({Op::eq, floor_of(p)}), true;
    out.push_back({Op::ge, floor_of(p)});
    out.push_back({Op::lt, ceiling_of(p)});
  } else if (op == "~") {
    out.push_back({Op::ge, floor_of(p)});
    out.push_back({Op::lt, n == 1 ? ceiling_of(p) : SemVer{*p.major, *p.minor + 1, 0, {"0"}}});
  } else if (op == "^") {
    add_caret(p, out);
  } else if (op == ">") {
    auto next = ceiling_of(p);
    next.prerelease.clear();
    out.push_back(n == 3 ? Comparator{Op::gt, floor_of(p)} : Comparator{Op::ge, next});
  } else if (op == ">=") {
    out.push_back({Op::ge, floor_of(p)});
  } else if (op == "<") {
    out.push_back({Op::lt, n == 3 ? floor_of(p) : below(floor_of(p))});
  } else if (op == "<=") {
    out.push_back(n == 3 ? Comparator{Op::le, floor_of(p)} : Comparator{Op::lt, ceiling_of(p)});
  } else {
    return false;
  }
  return true;
}

std::pair<std::string_view, std::string_view> split_operator(std::string_view token) {
  std::size_t n = 0;
  while (n < token.size() && n < 2 && std::string_view("<>=~^").find(token[n]) != std::string_view::npos) ++n;
  return {token.substr(0, n), token.substr(n)};
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    auto start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::optional<ComparatorSet> parse_hyphen(std::string_view from, std::string_view to) {
  auto low = parse_partial(from), high = parse_partial(to);
  if (!low || !high) return std::nullopt;
  ComparatorSet set;
  if (low->given() > 0) set.push_back({Op::ge, floor_of(*low)});
  if (high->given() == 3) set.push_back({Op::le, floor_of(*high)});
  else if (high->given() > 0) set.push_back({Op::lt, ceiling_of(*high)});
  return set;
}

std::optional<ComparatorSet> parse_comparator_set(std::string_view text) {
  auto tokens = words(text);
  if (tokens.size() == 3 && tokens[1] == "-") return parse_hyphen(tokens[0], tokens[2]);
  ComparatorSet set;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    auto [op, rest] = split_operator(tokens[i]);
    if (rest.empty() && !op.empty() && i + 1 < tokens.size()) rest = tokens[++i];  // ">= 3.1"
    if (rest.empty() && !op.empty()) return std::nullopt;
    auto partial = parse_partial(rest);
    if (!partial || !add_comparator(op, *partial, set)) return std::nullopt;
  }
  return set;
}

using Range = std::vector<ComparatorSet>;

struct ParsedRange {
  std::optional<Range> range;
  std::string limit;  // set when the text is beyond a limit: which one
};

// The range, checked against the limits before any of it is parsed, so no specifier costs more
// than a few hundred comparisons per listed version.
ParsedRange parse_range(std::string_view text) {
  if (text.size() > max_specifier_length)
    return {std::nullopt, "it is " + std::to_string(text.size()) + " characters long, more than the " +
                              std::to_string(max_specifier_length) + " a version range may have"};
  std::vector<std::string_view> sets;
  for (std::size_t start = 0;;) {
    auto pos = text.find("||", start);
    sets.push_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 2;
  }
  if (sets.size() > max_range_alternatives)
    return {std::nullopt, "it has " + std::to_string(sets.size()) + " alternatives (||), more than the " +
                              std::to_string(max_range_alternatives) + " a version range may have"};
  Range range;
  for (auto text_of_set : sets) {
    if (words(text_of_set).size() > max_range_comparators)
      return {std::nullopt, "one of its sets has more than " + std::to_string(max_range_comparators) +
                                " comparators, the most a version range may have"};
    auto set = parse_comparator_set(text_of_set);
    if (!set) return {};
    range.push_back(std::move(*set));
  }
  return {std::move(range), ""};
}

bool passes(const Comparator& c, const SemVer& v) {
  auto order = v <=> c.version;
  switch (c.op) {
    case Op::lt: return order < 0;
    case Op::le: return order <= 0;
    case Op::gt: return order > 0;
    case Op::ge: return order >= 0;
    case Op::eq: return order == 0;
  }
  return false;
}

bool same_release(const SemVer& a, const SemVer& b) {
  return a.major == b.major && a.minor == b.minor && a.patch == b.patch;
}

bool satisfies(const ComparatorSet& set, const SemVer& v) {
  if (!std::all_of(set.begin(), set.end(), [&](const Comparator& c) { return passes(c, v); })) return false;
  if (!v.is_prerelease()) return true;
  return std::any_of(set.begin(), set.end(), [&](const Comparator& c) {
    return c.version.is_prerelease() && same_release(c.version, v);
  });
}

bool satisfies(const Range& range, const SemVer& v) {
  return std::any_of(range.begin(), range.end(), [&](const ComparatorSet& set) { return satisfies(set, v); });
}

std::vector<std::string> matches(const VersionIndex& index, const Range& range) {
  std::vector<std::string> out;
  for (const auto& text : index.versions)
    if (auto v = parse_semver(text); v && satisfies(range, *v)) out.push_back(text);
  return out;
}

std::string describe_available(const VersionIndex& index) {
  if (index.versions.empty()) return "no versions are listed";
  std::string text = "newest: " + index.versions.front();
  for (const auto& [tag, version] : index.tags) text += ", " + tag + " -> " + version;
  return text;
}

std::vector<std::string> tag_names(const VersionIndex& index) {
  std::vector<std::string> names;
  for (const auto& entry : index.tags) names.push_back(entry.first);
  return names;
}

// The specifier as a message may quote it: an attacker's megabyte is cut short.
std::string quoted_specifier(std::string_view specifier) {
  constexpr std::size_t most = 64;
  return "\"" + std::string(specifier.substr(0, most)) + (specifier.size() > most ? "...\"" : "\"");
}

Resolution unknown_specifier(const VersionIndex& index, std::string_view specifier, const std::string& limit) {
  if (!limit.empty())
    return {"", ResolveFailure::invalid_specifier, quoted_specifier(specifier) + " is not a usable version range: " + limit};
  std::string error = "\"";
  error.append(specifier).append(
      "\" is not a version, a tag or a semver range (examples: 3.20.6, latest, ^3.2, ~3.2.1, >=3.1 <3.5)");
  auto close = mcp::closest_matches(specifier, tag_names(index));
  if (!close.empty()) error.append("; did you mean the tag \"").append(close.front()).append("\"?");
  else if (!index.tags.empty()) error.append("; available: ").append(describe_available(index));
  return {"", ResolveFailure::invalid_specifier, error};
}

std::string json_shape_error(std::string_view what, std::string_view text) {
  auto start = std::string(text.substr(0, 80));
  std::replace_if(start.begin(), start.end(), [](unsigned char c) { return c < 0x20; }, ' ');
  return "the versions API answer " + std::string(what) + " (it starts with: " + start + ")";
}

struct Answer {
  json::value value;  // an object when error is empty
  std::string error;
};

Answer parse_answer(std::string_view json_text) {
  boost::system::error_code ec;
  auto value = json::parse(json_text, ec);
  if (ec) return {{}, json_shape_error("is not JSON (" + ec.message() + ")", json_text)};
  if (!value.is_object()) return {{}, json_shape_error("is not a JSON object", json_text)};
  return {std::move(value), ""};
}

}  // namespace

bool is_tag_name(std::string_view name) {
  return !name.empty() && name.size() <= max_tag_length && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

bool is_canonical_version(std::string_view text) {
  if (text.size() > max_version_length) return false;
  auto v = parse_semver(text);
  return v && v->str() == text;
}

std::string SemVer::str() const {
  std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (std::size_t i = 0; i < prerelease.size(); ++i) s += (i == 0 ? "-" : ".") + prerelease[i];
  return s;
}

std::strong_ordering operator<=>(const SemVer& a, const SemVer& b) {
  if (auto c = std::tie(a.major, a.minor, a.patch) <=> std::tie(b.major, b.minor, b.patch); c != 0) return c;
  if (a.prerelease.empty() != b.prerelease.empty())
    return a.prerelease.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  for (std::size_t i = 0; i < std::min(a.prerelease.size(), b.prerelease.size()); ++i)
    if (auto c = compare_identifier(a.prerelease[i], b.prerelease[i]); c != 0) return c;
  return a.prerelease.size() <=> b.prerelease.size();
}

std::optional<SemVer> parse_semver(std::string_view text) {
  text = drop_v(trim(text));
  auto suffix_at = text.find_first_of("-+");
  auto parts = split(text.substr(0, suffix_at), '.');
  if (parts.size() != 3) return std::nullopt;
  auto major = parse_number(parts[0]), minor = parse_number(parts[1]), patch = parse_number(parts[2]);
  if (!major || !minor || !patch) return std::nullopt;
  auto prerelease = parse_suffix(suffix_at == std::string_view::npos ? "" : text.substr(suffix_at));
  if (!prerelease) return std::nullopt;
  return SemVer{*major, *minor, *patch, std::move(*prerelease)};
}

std::vector<std::string> sort_versions(const std::vector<std::string>& versions) {
  std::vector<SemVer> parsed;
  for (const auto& text : versions)
    if (auto v = parse_semver(text)) parsed.push_back(std::move(*v));
  std::sort(parsed.begin(), parsed.end(), [](const SemVer& a, const SemVer& b) { return a > b; });
  parsed.erase(std::unique(parsed.begin(), parsed.end()), parsed.end());
  std::vector<std::string> out;
  for (const auto& v : parsed) out.push_back(v.str());
  return out;
}

VersionIndexOrError parse_version_index(std::string_view json_text) {
  auto answer = parse_answer(json_text);
  if (!answer.error.empty()) return {std::nullopt, answer.error};
  const auto& root = answer.value.get_object();
  auto* listed = root.if_contains("versions");
  if (!listed || !listed->is_array())
    return {std::nullopt, json_shape_error("has no \"versions\" array", json_text)};
  std::vector<std::string> texts;
  auto keep = [&](std::string_view text) {
    if (text.size() <= max_version_length) texts.emplace_back(text);
  };
  for (const auto& item : listed->get_array()) {
    if (item.is_string()) keep(item.get_string());
    else if (item.is_object())
      if (auto v = get_string(item.get_object(), "version")) keep(*v);
  }
  VersionIndex index{sort_versions(texts), {}};
  if (index.versions.empty())
    return {std::nullopt, json_shape_error("lists no valid semver version", json_text)};
  if (index.versions.size() > max_listed_versions) index.versions.resize(max_listed_versions);
  // Tags become cache keys and versions become URLs: only safe names naming canonical versions.
  if (auto* tags = root.if_contains("tags"); tags && tags->is_object())
    for (const auto& [tag, version] : tags->get_object())
      if (is_tag_name(tag) && version.is_string() && is_canonical_version(version.get_string()))
        index.tags.emplace(std::string(tag), std::string(version.get_string()));
  return {std::move(index), ""};
}

std::string version_index_json(const VersionIndex& index, std::string_view package_name) {
  json::object tags;
  for (const auto& [tag, version] : index.tags) tags[tag] = version;
  json::array versions;
  for (const auto& v : index.versions) versions.push_back(json::object{{"version", v}});
  return serialize(json::object{{"type", "npm"}, {"name", package_name}, {"tags", std::move(tags)},
                                {"versions", std::move(versions)}});
}

VersionIndex local_version_index(const std::filesystem::path& package_dir, std::string_view package) {
  std::filesystem::path name(package);
  auto folder = package_dir / name.parent_path();
  auto prefix = name.filename().string() + "@";
  std::vector<std::string> found;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    auto entry = it->path().filename().string();
    std::error_code dir_ec;
    if (entry.starts_with(prefix) && it->is_directory(dir_ec)) found.push_back(entry.substr(prefix.size()));
  }
  VersionIndex index{sort_versions(found), {}};
  for (const auto& v : index.versions)
    if (!parse_semver(v)->is_prerelease()) {
      index.tags.emplace("latest", v);
      break;
    }
  return index;
}

ResolvedAnswer parse_resolved_answer(std::string_view json_text) {
  auto answer = parse_answer(json_text);
  if (!answer.error.empty()) return {std::nullopt, answer.error};
  auto* version = answer.value.get_object().if_contains("version");
  if (!version || !(version->is_null() || version->is_string()))
    return {std::nullopt, json_shape_error("has no \"version\" field", json_text)};
  if (version->is_null()) return {std::nullopt, ""};
  if (!is_canonical_version(version->get_string()))
    return {std::nullopt, json_shape_error("names a version that is not a plain semver version", json_text)};
  return {std::string(version->get_string()), ""};
}

Resolution resolve_version(const VersionIndex& index, std::string_view specifier) {
  specifier = trim(specifier);
  if (auto tag = index.tags.find(specifier); tag != index.tags.end()) return {tag->second, ResolveFailure::none, ""};
  auto parsed = parse_range(specifier);
  if (!parsed.range) return unknown_specifier(index, specifier, parsed.limit);
  auto found = matches(index, *parsed.range);
  if (!found.empty()) return {found.front(), ResolveFailure::none, ""};
  return {"", ResolveFailure::no_match,
          "no version matches \"" + std::string(specifier) + "\" (" + describe_available(index) + ")"};
}

std::optional<std::vector<std::string>> matching_versions(const VersionIndex& index, std::string_view range,
                                                         std::string* limit) {
  auto parsed = parse_range(trim(range));
  if (limit) *limit = parsed.limit;
  if (!parsed.range) return std::nullopt;
  return matches(index, *parsed.range);
}

}  // namespace varlet::actors
