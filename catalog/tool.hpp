#pragma once
// A Varlet tool as pure code: its MCP description and a function from arguments and the data the
// dispatcher gathered (a concrete version, a locale, the built model) to a tool result.
#include "mcp/json.hpp"
#include "mcp/specs.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace varlet::catalog {

struct Model;

struct ToolInputs {
  std::string version;                  // the concrete version the call resolved to
  std::string locale;                   // "en-US" or "zh-CN"
  std::shared_ptr<const Model> model;   // set when the tool needs_model
  // Repository files fetched for this call (docs markdown, CHANGELOG.md), keyed by repository path
  // such as "packages/varlet-ui/src/button/docs/en-US.md"; nullopt: the upstream says it does not exist.
  std::map<std::string, std::optional<std::shared_ptr<const std::string>>> docs;
  // The list of versions and tags (jsDelivr's JSON shape), set when the tool needs_versions.
  std::shared_ptr<const std::string> versions;
  // The same version's model in the other locale, set when the tool needs_both_locales (and it
  // could be built), so a question in either language finds its answer.
  std::shared_ptr<const Model> other_locale_model;
  // Other versions the tool asked for through models_needed, by the spec it asked with.
  struct OtherVersion {
    std::string version;                 // the concrete version the spec resolved to
    std::shared_ptr<const Model> model;  // in the call's locale; null when it could not be had
    std::string error;                   // then why
  };
  std::map<std::string, OtherVersion> other_versions;
  // The versions of `versions` alone, newest first.
  std::vector<std::string> version_list;
};

struct ToolDefinition {
  mcp::ToolSpec spec;
  bool needs_model = true;
  bool needs_versions = false;
  // Without the version list the tool still answers (it is then left unset).
  bool versions_optional = false;
  bool needs_both_locales = false;
  // The repository files are a help, not a need: when they cannot be had, run goes on without
  // them (the answer then says so and is not cached).
  bool docs_optional = false;
  // Whether answers are kept in the rendered cache. Off for a tool whose arguments are large and
  // rarely repeat (check_template's code): its key would cost more than computing the answer.
  bool cache_answers = true;
  // The repository files the call needs, given its arguments and what was gathered so far. The
  // dispatcher fetches whatever is not yet in inputs.docs and asks again, until nothing new is
  // needed; then it calls run. Unset: the tool reads no repository files.
  std::function<std::vector<std::string>(const json::object& arguments, const ToolInputs& inputs)> docs_needed;
  // The argument that names the call's own version ("version"; diff_versions: "to").
  std::string version_argument = "version";
  // Models of other versions the call needs, as version specs ("3.0.0", "^3.2", "latest"), given
  // its arguments and what was gathered so far (after the version list, the model and the
  // repository files). The dispatcher resolves and loads whatever is not yet in
  // inputs.other_versions and asks again, for a few rounds, until nothing new is needed. An answer
  // that used a spec other than a concrete version is not cached. Unset: none.
  std::function<std::vector<std::string>(const json::object& arguments, const ToolInputs& inputs)> models_needed;
  // Returns {content, structuredContent?, isError?, _meta?}. Provenance goes in _meta.varlet
  // ({package, version, locale, artifacts}); the dispatcher adds how the version was resolved.
  std::function<json::object(const json::object& arguments, const ToolInputs& inputs)> run;
};

}  // namespace varlet::catalog
