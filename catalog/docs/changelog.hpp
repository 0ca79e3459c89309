#pragma once
// CHANGELOG.md of varletjs/varlet (conventional-changelog output): one release per `#`/`##`
// heading `[3.19.0](compare-url) (2026-06-29)`, groups such as "Bug Fixes" or "Features" as `###`
// headings, and bullet items `* **scope, other:** text ([hash](url)), closes [#12](url)`.
#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::docs {

struct ChangeItem {
  std::vector<std::string> scopes;  // kebab-case: "PullRefresh, list" -> pull-refresh, list
  std::string text;                 // the description without scope and links
  std::string commit;               // short hash, when linked
  std::vector<std::string> issues;  // "#2008"
  std::string markdown;             // the item as written
};

struct ChangeGroup {
  std::string title;
  std::vector<ChangeItem> items;
};

struct Release {
  std::string version;
  std::string date;
  std::string compare_url;
  std::vector<ChangeGroup> groups;
};

// Releases in file order (newest first). Lines that fit no pattern are kept as text of the item
// or group they follow; nothing throws.
std::vector<Release> parse_changelog(std::string_view markdown);

// Whether an item is about a component given in kebab case ("pull-refresh"): a scope names it, or
// the text names it as "PullRefresh", or, for names of several words, "pull-refresh" or "pull refresh".
bool mentions(const ChangeItem& item, std::string_view component);

// Numeric precedence of x.y.z versions (a pre-release sorts before its release): <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace varlet::catalog::docs
