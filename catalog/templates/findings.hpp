#pragma once
// What the template and script checks share: collecting findings with their line and column, and
// the closest real name to one that is not.
#include "catalog/templates/check.hpp"
#include "catalog/templates/tokenizer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace varlet::catalog::templates {

class Findings {
 public:
  Findings(std::string_view code, CheckReport& report) : lines_(code), report_(report) {}
  // Adds a finding at `offset` of the code, or only counts it past max_diagnostics.
  void add(std::size_t offset, Diagnostic d);
  CheckReport& report() { return report_; }

 private:
  LineIndex lines_;
  CheckReport& report_;
};

struct Suggestion {
  std::string name;   // the closest candidate; empty when none is close
  bool typo = false;  // close enough that `typed` is surely a misspelling of it
};
Suggestion closest(std::string_view typed, const std::vector<std::string>& candidates);

// "a, b, c, ..." with at most `limit` names, for messages that list what exists.
std::string some_of(const std::vector<std::string>& names, std::size_t limit = 6);

// The option names of a function API or directive, without TypeScript's optional mark.
std::vector<std::string> option_names(const std::vector<Param>& options);

}  // namespace varlet::catalog::templates
