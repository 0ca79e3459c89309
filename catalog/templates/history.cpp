#include "catalog/templates/history.hpp"

#include "catalog/docs/changelog.hpp"
#include "catalog/names.hpp"
#include "catalog/resolve.hpp"

#include <algorithm>
#include <set>

namespace varlet::catalog::templates {
namespace {

std::string major_of(const std::string& version) { return version.substr(0, version.find('.')); }

// Stable releases of `version`'s major, oldest first.
std::vector<std::string> line_of(const std::string& version, const std::vector<std::string>& releases) {
  std::set<std::string> unique;
  for (const auto& r : releases)
    if (r.find('-') == std::string::npos && major_of(r) == major_of(version) &&
        std::count(r.begin(), r.end(), '.') == 2)
      unique.insert(r);
  std::vector<std::string> out(unique.begin(), unique.end());
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return docs::compare_versions(a, b) < 0; });
  return out;
}

// Findings about a name that another release may have: a component, prop, event or slot.
bool traced(const Diagnostic& d) {
  return d.kind == FindingKind::component || d.kind == FindingKind::prop || d.kind == FindingKind::event ||
         d.kind == FindingKind::slot;
}

// Whether the thing a traced finding names exists, publicly, in a model.
bool present(const Model& model, const Diagnostic& d) {
  if (d.kind == FindingKind::component) return find_component(model, d.name).found != nullptr;
  const auto* c = model.component(d.component);
  if (!c) return false;
  auto name = kebab_case(d.name);
  if (d.kind == FindingKind::prop)
    return std::any_of(c->props.begin(), c->props.end(), [&](const Prop& p) { return is_public(p) && p.name == name; });
  if (d.kind == FindingKind::event)
    return std::any_of(c->events.begin(), c->events.end(),
                       [&](const Event& e) { return is_public(e) && (e.name == d.name || kebab_case(e.name) == name); });
  return std::any_of(c->slots.begin(), c->slots.end(), [&](const Slot& s) { return s.name == d.name; });
}

class Tracer {
 public:
  Tracer(const std::vector<std::string>& line, const ModelOf& model_of, std::size_t budget)
      : line_(line), model_of_(model_of), budget_(budget) {}

  // Whether the finding's subject is in release `at` of the line; nothing until its model is loaded.
  std::optional<bool> in(std::size_t at, const Diagnostic& d) {
    auto model = model_of_(line_[at]);
    if (!model) {
      if (std::find(needed_.begin(), needed_.end(), line_[at]) == needed_.end() && needed_.size() < budget_)
        needed_.push_back(line_[at]);
      return std::nullopt;
    }
    if (!*model) return false;  // a release that cannot be read counts as without it
    return present(**model, d);
  }

  // Between `absent` and `found` (indexes of the line, either order), the release next to `absent`
  // where the subject is found; nothing while a model is missing.
  std::optional<std::size_t> edge(std::size_t absent, std::size_t found, const Diagnostic& d) {
    while (absent + 1 != found && found + 1 != absent) {
      auto mid = (absent + found) / 2;
      auto here = in(mid, d);
      if (!here) return std::nullopt;
      (*here ? found : absent) = mid;
    }
    return found;
  }

  std::vector<std::string> needed() { return std::move(needed_); }

 private:
  const std::vector<std::string>& line_;
  const ModelOf& model_of_;
  std::size_t budget_;
  std::vector<std::string> needed_;
};

}  // namespace

HistoryStep trace_history(const std::string& version, const std::vector<std::string>& releases,
                          const CheckReport& report, const ModelOf& model_of) {
  HistoryStep step;
  step.notes.resize(report.diagnostics.size());
  auto line = line_of(version, releases);
  auto own = std::find(line.begin(), line.end(), version);
  if (line.size() < 2 || own == line.end()) return step;  // a prerelease, or a version the list lacks
  auto at = static_cast<std::size_t>(own - line.begin());
  std::size_t loaded = 0;
  for (const auto& r : line) loaded += r != version && model_of(r).has_value();
  Tracer tracer(line, model_of, loaded < max_history_models ? max_history_models - loaded : 0);
  std::size_t newest = line.size() - 1, oldest = 0;
  for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
    const auto& d = report.diagnostics[i];
    if (!traced(d)) continue;
    if (at != newest) {
      auto later = tracer.in(newest, d);
      if (!later) continue;
      if (*later) {
        if (auto added = tracer.edge(at, newest, d)) step.notes[i] = "added in " + line[*added];
        continue;
      }
    }
    if (at != oldest) {
      auto earlier = tracer.in(oldest, d);
      if (!earlier || !*earlier) continue;
      if (auto gone = tracer.edge(at, oldest, d)) step.notes[i] = "removed in " + line[*gone + 1];
    }
  }
  step.needed = tracer.needed();
  return step;
}

}  // namespace varlet::catalog::templates
