#include "actors/versions.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace varlet::actors;

namespace {

// The shape of https://data.jsdelivr.com/v1/packages/npm/@varlet/ui (trimmed).
const char* const jsdelivr_answer = R"({
  "type": "npm", "name": "@varlet/ui",
  "tags": {"latest": "3.20.6", "next": "3.21.0-alpha.2", "alpha": "3.21.0-alpha.2"},
  "versions": [
    {"version": "3.21.0-alpha.2", "links": {
      "self": "https://data.jsdelivr.com/v1/packages/npm/@varlet/ui@3.21.0-alpha.2",
      "entrypoints": "https://data.jsdelivr.com/v1/packages/npm/@varlet/ui@3.21.0-alpha.2/entrypoints",
      "stats": "https://data.jsdelivr.com/v1/stats/packages/npm/@varlet/ui@3.21.0-alpha.2"}},
    {"version": "3.21.0-alpha.10", "links": {}},
    {"version": "3.20.6", "links": {}},
    {"version": "3.20.5", "links": {}},
    {"version": "3.9.0", "links": {}},
    {"version": "3.2.14", "links": {}},
    {"version": "3.2.1", "links": {}},
    {"version": "3.1.0", "links": {}},
    {"version": "3.0.0", "links": {}},
    {"version": "3.0.0-beta.1", "links": {}},
    {"version": "2.22.7", "links": {}},
    {"version": "1.27.21", "links": {}},
    {"version": "0.3.2", "links": {}},
    {"version": "0.0.5", "links": {}}
  ],
  "links": {"stats": "https://data.jsdelivr.com/v1/stats/packages/npm/@varlet/ui"}
})";

VersionIndex index() {
  auto parsed = parse_version_index(jsdelivr_answer);
  EXPECT_TRUE(parsed.index) << parsed.error;
  return *parsed.index;
}

std::string resolved(std::string_view specifier) {
  auto r = resolve_version(index(), specifier);
  EXPECT_EQ(r.failure, ResolveFailure::none) << specifier << ": " << r.error;
  return r.version;
}

}  // namespace

TEST(Versions, ParsesTheJsdelivrAnswerNewestFirstWithTags) {
  auto idx = index();
  ASSERT_EQ(idx.versions.size(), 14u);
  EXPECT_EQ(idx.versions[0], "3.21.0-alpha.10");  // numeric identifiers compare as numbers
  EXPECT_EQ(idx.versions[1], "3.21.0-alpha.2");
  EXPECT_EQ(idx.versions[2], "3.20.6");
  EXPECT_EQ(idx.versions[4], "3.9.0");  // 3.20 above 3.9
  EXPECT_EQ(idx.versions.back(), "0.0.5");
  EXPECT_EQ(idx.tags.at("latest"), "3.20.6");
  EXPECT_EQ(idx.tags.at("next"), "3.21.0-alpha.2");
}

TEST(Versions, ParsesTheOlderListingOfPlainStrings) {
  auto parsed =
      parse_version_index(R"({"tags":{"latest":"3.2.1"},"versions":["3.1.1","3.2.1","not a version","3.2.1"]})");
  ASSERT_TRUE(parsed.index) << parsed.error;
  EXPECT_EQ(parsed.index->versions, (std::vector<std::string>{"3.2.1", "3.1.1"}));
}

TEST(Versions, BrokenAnswersGiveClearErrors) {
  auto not_json = parse_version_index("<html>502 Bad Gateway</html>");
  EXPECT_FALSE(not_json.index);
  EXPECT_NE(not_json.error.find("not JSON"), std::string::npos) << not_json.error;
  EXPECT_NE(not_json.error.find("502 Bad Gateway"), std::string::npos) << not_json.error;

  auto truncated = parse_version_index(std::string(jsdelivr_answer).substr(0, 200));
  EXPECT_FALSE(truncated.index);
  EXPECT_NE(truncated.error.find("not JSON"), std::string::npos);

  auto array = parse_version_index("[1,2,3]");
  EXPECT_NE(array.error.find("not a JSON object"), std::string::npos) << array.error;

  auto no_versions = parse_version_index(R"({"status":404,"message":"Couldn't find @varlet/uii."})");
  EXPECT_NE(no_versions.error.find("no \"versions\" array"), std::string::npos) << no_versions.error;

  auto garbage_versions = parse_version_index(R"({"versions":[{"v":1}, 3, null, "banana"]})");
  EXPECT_FALSE(garbage_versions.index);
  EXPECT_NE(garbage_versions.error.find("no valid semver"), std::string::npos) << garbage_versions.error;

  auto odd_tags = parse_version_index(R"({"tags":{"latest":7,"next":"3.0.0"},"versions":["3.0.0"]})");
  ASSERT_TRUE(odd_tags.index);
  EXPECT_EQ(odd_tags.index->tags.count("latest"), 0u);
  EXPECT_EQ(odd_tags.index->tags.at("next"), "3.0.0");
}

TEST(Versions, SemverPrecedenceFollowsTheSpec) {
  // The ordering example of semver.org section 11, lowest first.
  std::vector<std::string> ascending = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"};
  for (std::size_t i = 0; i + 1 < ascending.size(); ++i)
    EXPECT_LT(*parse_semver(ascending[i]), *parse_semver(ascending[i + 1])) << ascending[i];
  std::vector<std::string> newest_first(ascending.rbegin(), ascending.rend());
  EXPECT_EQ(sort_versions(ascending), newest_first);
  EXPECT_EQ(*parse_semver("v1.2.3+build.7"), *parse_semver("1.2.3"));
}

TEST(Versions, RejectsStringsThatAreNotVersions) {
  for (auto bad : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3-a..b", "a.b.c", "1.2.3+"})
    EXPECT_FALSE(parse_semver(bad)) << bad;
}

TEST(Versions, ExactVersionsAndTags) {
  EXPECT_EQ(resolved("3.2.1"), "3.2.1");
  EXPECT_EQ(resolved("v3.2.1"), "3.2.1");
  EXPECT_EQ(resolved("=3.2.1"), "3.2.1");
  EXPECT_EQ(resolved("3.0.0-beta.1"), "3.0.0-beta.1");
  EXPECT_EQ(resolved("latest"), "3.20.6");
  EXPECT_EQ(resolved(" next "), "3.21.0-alpha.2");
  auto missing = resolve_version(index(), "3.2.2");
  EXPECT_EQ(missing.failure, ResolveFailure::no_match);
  EXPECT_NE(missing.error.find("3.2.2"), std::string::npos);
  EXPECT_NE(missing.error.find("latest -> 3.20.6"), std::string::npos) << missing.error;
}

TEST(Versions, EveryRangeForm) {
  EXPECT_EQ(resolved("3"), "3.20.6");
  EXPECT_EQ(resolved("3.x"), "3.20.6");
  EXPECT_EQ(resolved("3.2"), "3.2.14");
  EXPECT_EQ(resolved("3.2.x"), "3.2.14");
  EXPECT_EQ(resolved("^3.2"), "3.20.6");
  EXPECT_EQ(resolved("^3.2.1"), "3.20.6");
  EXPECT_EQ(resolved("^2"), "2.22.7");
  EXPECT_EQ(resolved("^0.3.0"), "0.3.2");
  EXPECT_EQ(resolved("^0.0.5"), "0.0.5");
  EXPECT_EQ(resolved("~3.2.1"), "3.2.14");
  EXPECT_EQ(resolved("~3.2"), "3.2.14");
  EXPECT_EQ(resolved("~3"), "3.20.6");
  EXPECT_EQ(resolved(">=3.1 <3.5"), "3.2.14");
  EXPECT_EQ(resolved(">= 3.1 < 3.5"), "3.2.14");
  EXPECT_EQ(resolved(">3.2"), "3.20.6");
  EXPECT_EQ(resolved("<3.2"), "3.1.0");
  EXPECT_EQ(resolved("<=3.2"), "3.2.14");
  EXPECT_EQ(resolved("<3.0.0"), "2.22.7");
  EXPECT_EQ(resolved(">=2 <3"), "2.22.7");
  EXPECT_EQ(resolved("1.0.0 - 2"), "2.22.7");
  EXPECT_EQ(resolved("1.0.0 - 2.5"), "1.27.21");  // 2.22.7 is above 2.5.x
  EXPECT_EQ(resolved("3.1 - 3.2.1"), "3.2.1");
  EXPECT_EQ(resolved("1 || ^0.3"), "1.27.21");
  EXPECT_EQ(resolved("*"), "3.20.6");
  EXPECT_EQ(resolved("x"), "3.20.6");
  EXPECT_EQ(resolved(""), "3.20.6");
}

TEST(Versions, PrereleasesMatchOnlyARangeThatNamesOne) {
  EXPECT_EQ(resolved("*"), "3.20.6");
  EXPECT_EQ(resolved(">=3.20.6"), "3.20.6");
  EXPECT_EQ(resolved(">=3.21.0-alpha.1"), "3.21.0-alpha.10");
  EXPECT_EQ(resolved("^3.0.0-beta.0"), "3.20.6");  // releases still match; the newest wins
  EXPECT_EQ(resolved("<3.0.0"), "2.22.7");         // 3.0.0-beta.1 is below 3.0.0 but not named
  auto only_pre = matching_versions(index(), "~3.0.0-beta.0");
  ASSERT_TRUE(only_pre);
  EXPECT_EQ(*only_pre, (std::vector<std::string>{"3.0.0", "3.0.0-beta.1"}));
}

TEST(Versions, NoMatchAndInvalidSpecifiersAreTold) {
  auto none = resolve_version(index(), "^9");
  EXPECT_EQ(none.failure, ResolveFailure::no_match);
  EXPECT_NE(none.error.find("newest: 3.21.0-alpha.10"), std::string::npos) << none.error;
  EXPECT_EQ(resolve_version(index(), ">2 <3").failure, ResolveFailure::no_match);  // ">2" is 3.0.0 and above

  for (auto bad : {">=abc", "^3.x.y", "3.2.1.0", "~>3", "3 -", "latst"}) {
    auto r = resolve_version(index(), bad);
    EXPECT_EQ(r.failure, ResolveFailure::invalid_specifier) << bad;
    EXPECT_NE(r.error.find("not a version, a tag or a semver range"), std::string::npos) << r.error;
  }
  EXPECT_NE(resolve_version(index(), "latst").error.find("did you mean the tag \"latest\""), std::string::npos);
  EXPECT_FALSE(matching_versions(index(), "^^3"));
}

TEST(Versions, TagsAndVersionsFromTheUpstreamAreCheckedBeforeTheyBecomeKeysOrUrls) {
  auto parsed = parse_version_index(R"j({"tags": {
      "latest": "3.20.6", "next": "v3.21.0", "build": "3.20.6+sha.1", "spaced": " 3.20.6", "garbage": "../../etc",
      "empty": "", "number": 3, "../escape": "3.20.6", "white space": "3.20.6", "ok.name_-1": "3.0.0"},
    "versions": ["3.20.6", "3.0.0", "3.0.0-rc.1", "../3.1.0", "9.9.9-)" , "1.2.3-?" ]})j");
  ASSERT_TRUE(parsed.index) << parsed.error;
  std::vector<std::string> kept;
  for (auto& [tag, version] : parsed.index->tags) kept.push_back(tag + "=" + version);
  EXPECT_EQ(kept, (std::vector<std::string>{"latest=3.20.6", "ok.name_-1=3.0.0"}));
  EXPECT_EQ(parsed.index->versions, (std::vector<std::string>{"3.20.6", "3.0.0", "3.0.0-rc.1"}));

  std::string long_tag(65, 't'), long_version = "1.0.0-" + std::string(64, 'a');
  auto bounded = parse_version_index(R"({"tags": {")" + long_tag + R"(": "3.20.6", ")" + long_tag.substr(1) +
                                     R"(": "3.20.6", "pre": ")" + long_version + R"("},
      "versions": ["3.20.6", ")" + long_version + R"("]})");
  ASSERT_TRUE(bounded.index) << bounded.error;
  EXPECT_EQ(bounded.index->tags.size(), 1u);
  EXPECT_TRUE(bounded.index->tags.count(long_tag.substr(1)));
  EXPECT_EQ(bounded.index->versions, std::vector<std::string>{"3.20.6"});

  EXPECT_TRUE(is_tag_name("latest"));
  EXPECT_FALSE(is_tag_name(""));
  EXPECT_FALSE(is_tag_name("a/b"));
  EXPECT_TRUE(is_canonical_version("3.21.0-alpha.2"));
  EXPECT_FALSE(is_canonical_version("v3.21.0"));
  EXPECT_FALSE(is_canonical_version("03.1.0"));
  auto sloppy = parse_resolved_answer(R"({"version":"v3.20.6"})");
  EXPECT_FALSE(sloppy.version);
  EXPECT_FALSE(sloppy.error.empty());
}

TEST(Versions, ListsOfManyVersionsAreCapped) {
  std::string json = R"({"tags": {}, "versions": [)";
  for (std::size_t i = 0; i < max_listed_versions + 5; ++i) json += (i ? ",\"0." : "\"0.") + std::to_string(i) + ".0\"";
  json += "]}";
  auto parsed = parse_version_index(json);
  ASSERT_TRUE(parsed.index) << parsed.error;
  ASSERT_EQ(parsed.index->versions.size(), max_listed_versions);
  EXPECT_EQ(parsed.index->versions.front(), "0." + std::to_string(max_listed_versions + 4) + ".0");  // the newest kept
}

TEST(Versions, RangesBeyondTheLimitsAreInvalidAndSaySo) {
  auto alternatives = [](std::size_t n) {  // "9||10||11||...": majors no version has
    std::string range;
    for (std::size_t i = 0; i < n; ++i) range += (i ? "||" : "") + std::to_string(9 + i);
    return range;
  };
  EXPECT_EQ(resolve_version(index(), alternatives(max_range_alternatives) + "||3").failure,
            ResolveFailure::invalid_specifier);
  EXPECT_EQ(resolved(alternatives(max_range_alternatives - 1) + "||3"), "3.20.6");
  auto many = resolve_version(index(), alternatives(40));
  EXPECT_EQ(many.failure, ResolveFailure::invalid_specifier);
  EXPECT_NE(many.error.find("40 alternatives (||), more than the 32"), std::string::npos) << many.error;
  EXPECT_LT(many.error.size(), 200u) << "the error repeats the whole specifier";

  std::string wide = ">=0.0.1";
  for (std::size_t i = 0; i < max_range_comparators; ++i) wide += " <9." + std::to_string(i) + ".0";
  auto comparators = resolve_version(index(), wide);
  EXPECT_EQ(comparators.failure, ResolveFailure::invalid_specifier);
  EXPECT_NE(comparators.error.find("more than 16 comparators"), std::string::npos) << comparators.error;

  auto huge = resolve_version(index(), std::string(100000, '1'));
  EXPECT_EQ(huge.failure, ResolveFailure::invalid_specifier);
  EXPECT_NE(huge.error.find("100000 characters long, more than the 256"), std::string::npos) << huge.error;

  std::string limit;
  EXPECT_FALSE(matching_versions(index(), alternatives(40), &limit));
  EXPECT_NE(limit.find("alternatives"), std::string::npos);
  EXPECT_FALSE(matching_versions(index(), "^^3", &limit));
  EXPECT_EQ(limit, "");
}

TEST(Versions, MatchingVersionsListsNewestFirst) {
  auto found = matching_versions(index(), "~3.2 || 3.1");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, (std::vector<std::string>{"3.2.14", "3.2.1", "3.1.0"}));
}

TEST(Versions, ResolvedAnswer) {
  EXPECT_EQ(parse_resolved_answer(R"({"type":"npm","name":"@varlet/ui","version":"3.20.6","links":{}})").version,
            "3.20.6");
  auto none = parse_resolved_answer(R"({"type":"npm","name":"@varlet/ui","version":null,"links":{}})");
  EXPECT_FALSE(none.version);
  EXPECT_TRUE(none.error.empty());
  EXPECT_FALSE(parse_resolved_answer(R"({"version":"three"})").error.empty());
  EXPECT_FALSE(parse_resolved_answer("not json").error.empty());
}

TEST(Versions, LocalPackageFolder) {
  auto dir = std::filesystem::temp_directory_path() / ("varlet-versions-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  for (auto name : {"ui@3.20.6", "ui@3.0.0", "ui@3.21.0-alpha.1", "ui@garbage", "icons@3.20.6"})
    std::filesystem::create_directories(dir / "@varlet" / name);
  std::ofstream(dir / "@varlet" / "ui@9.9.9");  // a file, not a package folder

  auto idx = local_version_index(dir, "@varlet/ui");
  EXPECT_EQ(idx.versions, (std::vector<std::string>{"3.21.0-alpha.1", "3.20.6", "3.0.0"}));
  EXPECT_EQ(idx.tags.at("latest"), "3.20.6");
  EXPECT_EQ(resolve_version(idx, "^3").version, "3.20.6");

  auto round_trip = parse_version_index(version_index_json(idx, "@varlet/ui"));
  ASSERT_TRUE(round_trip.index) << round_trip.error;
  EXPECT_EQ(round_trip.index->versions, idx.versions);
  EXPECT_EQ(round_trip.index->tags, idx.tags);

  EXPECT_TRUE(local_version_index(dir / "missing", "@varlet/ui").versions.empty());
  std::filesystem::remove_all(dir);
}

TEST(Versions, RealDataFolderWhenPresent) {
  const char* data = std::getenv("VARLET_DATA_DIR");
  if (!data || !std::filesystem::exists(std::filesystem::path(data) / "npm" / "@varlet" / "ui@3.20.6"))
    GTEST_SKIP() << "VARLET_DATA_DIR has no unpacked @varlet/ui";
  auto idx = local_version_index(std::filesystem::path(data) / "npm", "@varlet/ui");
  EXPECT_EQ(idx.tags.at("latest"), idx.versions.front());
  EXPECT_EQ(resolve_version(idx, "3.0.0").version, "3.0.0");
}
