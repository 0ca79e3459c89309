// check_template over tests/fixtures/templates: templates written from the real API of 3.20.6,
// each stating its findings in comments (`<!-- expect: 3:15 prop sise -->`, or `expect: none`).
// Every planted error must be found at its place, and nothing else may be.
#include "catalog/templates/check.hpp"
#include "../catalog/package.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace varlet::catalog::templates {
namespace {

namespace fs = std::filesystem;

fs::path fixtures_dir() {
  const char* dir = std::getenv("VARLET_FIXTURES");
  return fs::path(dir ? dir : "tests/fixtures") / "templates";
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "3:15 prop sise", the way a fixture states a finding.
std::string key_of(const Diagnostic& d) {
  return std::to_string(d.at.line) + ":" + std::to_string(d.at.column) + " " + std::string(to_string(d.kind)) + " " +
         d.name;
}

struct Fixture {
  std::string name;
  std::string code;
  std::multiset<std::string> expected;
  bool states_expectation = false;
};

std::vector<Fixture> fixtures() {
  std::vector<Fixture> out;
  static const std::regex expect(R"(expect:\s*(none|\d+:\d+\s+\w+\s+\S+?)\s*-->)");
  for (const auto& entry : fs::directory_iterator(fixtures_dir())) {
    if (entry.path().extension() != ".vue") continue;
    Fixture f{entry.path().filename().string(), read(entry.path()), {}, false};
    for (std::sregex_iterator it(f.code.begin(), f.code.end(), expect), end; it != end; ++it) {
      f.states_expectation = true;
      if ((*it)[1] != "none") f.expected.insert(std::regex_replace(std::string((*it)[1]), std::regex(R"(\s+)"), " "));
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.name < b.name; });
  return out;
}

TEST(TemplateFixtures, EveryPlantedFindingIsFoundAndNothingElse) {
  auto model = testing::built_model("3.20.6", "en-US");
  auto all = fixtures();
  std::size_t valid = 0, planted = 0;
  for (const auto& f : all) {
    SCOPED_TRACE(f.name);
    EXPECT_TRUE(f.states_expectation) << "a fixture states its findings, or `expect: none`";
    auto report = check_template(*model, f.code);
    std::multiset<std::string> found;
    for (const auto& d : report.diagnostics) found.insert(key_of(d));
    for (const auto& e : f.expected)
      EXPECT_TRUE(found.count(e)) << "not found: " << e;
    for (const auto& d : report.diagnostics)
      EXPECT_TRUE(f.expected.count(key_of(d))) << "unexpected: " << key_of(d) << " " << to_string(d.severity) << " "
                                               << d.component << ": " << d.message << " (" << d.suggestion << ")";
    EXPECT_GT(report.components + report.attributes, 0u) << "the fixture checks something";
    (f.expected.empty() ? valid : planted) += 1;
  }
  EXPECT_GE(all.size(), 40u);
  EXPECT_GE(valid, 15u);
  EXPECT_GE(planted, 20u);
}

}  // namespace
}  // namespace varlet::catalog::templates
