#include "catalog/templates/history.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>

namespace varlet::catalog::templates {
namespace {

// Releases 3.0.0 to 3.0.30 of a package whose var-x has the prop `p` from 3.0.17 on, and `q` up to 3.0.4.
struct Package {
  std::vector<std::string> releases;
  std::map<std::string, std::shared_ptr<Model>> models;
  std::map<std::string, const Model*> loaded;
  Package() {
    for (int i = 0; i <= 30; ++i) {
      auto version = "3.0." + std::to_string(i);
      releases.push_back(version);
      auto m = std::make_shared<Model>();
      m->version = version;
      Component c;
      c.tag = "var-x";
      if (i >= 17) c.props.push_back({.name = "p"});
      if (i <= 4) c.props.push_back({.name = "q"});
      m->components.push_back(c);
      models[version] = m;
    }
    releases.push_back("3.1.0-alpha.1");  // prereleases and other majors are not bisected
    releases.push_back("2.9.0");
  }
  ModelOf model_of() {
    return [this](const std::string& v) -> std::optional<const Model*> {
      auto it = loaded.find(v);
      if (it == loaded.end()) return std::nullopt;
      return it->second;
    };
  }
  // Steps until nothing more is needed, loading what each asks for; the notes and how many steps.
  std::pair<std::vector<std::string>, int> trace(const std::string& version, const CheckReport& report) {
    for (int steps = 1;; ++steps) {
      auto step = trace_history(version, releases, report, model_of());
      if (step.needed.empty() || steps > 20) return {step.notes, steps};
      for (auto& v : step.needed) loaded[v] = models[v].get();
    }
  }
};

CheckReport unknown_props(std::initializer_list<const char*> names) {
  CheckReport report;
  for (auto* n : names) report.diagnostics.push_back({.kind = FindingKind::prop, .component = "var-x", .name = n});
  return report;
}

TEST(History, BisectsToTheReleaseThatAddedAndTheOneThatRemoved) {
  Package package;
  auto [notes, steps] = package.trace("3.0.10", unknown_props({"p", "q", "never"}));
  EXPECT_EQ(notes, (std::vector<std::string>{"added in 3.0.17", "removed in 3.0.5", ""}));
  EXPECT_LE(steps, 7);  // the newest and the oldest, then about log2(31) halvings
  EXPECT_LE(package.loaded.size(), max_history_models);
  EXPECT_FALSE(package.loaded.count("3.1.0-alpha.1"));
}

TEST(History, AReleaseThatCannotBeReadCountsAsWithoutIt) {
  Package package;
  package.models["3.0.30"] = nullptr;  // the newest cannot be built: nothing is said of additions
  auto [notes, steps] = package.trace("3.0.10", unknown_props({"p"}));
  EXPECT_EQ(notes, std::vector<std::string>{""});
}

TEST(History, NothingIsAskedForValuesOrAVersionOutsideTheList) {
  Package package;
  CheckReport report;
  report.diagnostics.push_back({.kind = FindingKind::value, .component = "var-x", .name = "primry"});
  EXPECT_TRUE(trace_history("3.0.10", package.releases, report, package.model_of()).needed.empty());
  EXPECT_TRUE(trace_history("3.9.9", package.releases, unknown_props({"p"}), package.model_of()).needed.empty());
}

TEST(History, TheModelsLoadedForOneCheckAreBounded) {
  Package package;
  std::vector<std::string> names;
  for (int i = 0; i < 40; ++i) names.push_back("n" + std::to_string(i));
  CheckReport report;
  for (auto& n : names) report.diagnostics.push_back({.kind = FindingKind::prop, .component = "var-x", .name = n});
  for (int i = 0; i <= 30; ++i)  // every name is in a different release, so each bisects apart
    package.models["3.0." + std::to_string(i)]->components[0].props.push_back({.name = names[static_cast<std::size_t>(i)]});
  package.trace("3.0.0", report);
  EXPECT_LE(package.loaded.size(), max_history_models);
}

}  // namespace
}  // namespace varlet::catalog::templates
