#include "catalog/templates/script_check.hpp"

#include "catalog/templates/js_scan.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace varlet::catalog::templates {
namespace {

std::size_t identifier_end(std::string_view js, std::size_t at) {
  while (at < js.size() && is_identifier_char(js[at])) ++at;
  return at;
}

// Whether the identifier at `at` is a property of something else (`app.Snackbar`), not the API.
bool follows_dot(std::string_view js, std::size_t at) {
  while (at > 0 && std::isspace(static_cast<unsigned char>(js[at - 1]))) --at;
  return at > 0 && js[at - 1] == '.';
}

std::vector<std::string> member_names(const FunctionApi& api) {
  std::vector<std::string> names;
  for (const auto& m : api.members) names.push_back(m.name);
  return names;
}

class ScriptChecker {
 public:
  ScriptChecker(const Model& model, std::string_view js, std::size_t offset, Findings& findings)
      : js_(js), offset_(offset), findings_(findings) {
    for (const auto& c : model.components)
      if (c.function_api && !c.function_api->name.empty()) apis_.emplace(c.function_api->name, &*c.function_api);
  }

  void run() {
    for (std::size_t i = 0; i < js_.size();) {
      if (auto after = skip_string_or_comment(js_, i); after != i) {
        i = after;
      } else if (is_identifier_start(js_[i])) {
        auto end = identifier_end(js_, i);
        if (auto it = apis_.find(js_.substr(i, end - i)); it != apis_.end() && !follows_dot(js_, i))
          use(*it->second, end);
        i = end;
      } else {
        i += std::isdigit(static_cast<unsigned char>(js_[i])) ? identifier_end(js_, i) - i : 1;
      }
    }
  }

 private:
  void use(const FunctionApi& api, std::size_t after_name) {
    auto next = skip_blank(js_, after_name);
    if (next >= js_.size()) return;
    if (js_[next] == '(') {
      ++findings_.report().components;
      if (api.calls.empty()) {
        findings_.add(offset_ + after_name - api.name.size(),
                      {Severity::error, FindingKind::member, {}, api.name, {}, api.name,
                       "not a function; call a member: " + some_of(member_names(api)), {}});
        return;
      }
      options(api, next);
      return;
    }
    if (js_[next] != '.' || js_.compare(next, 3, "...") == 0) return;
    auto member_at = skip_blank(js_, next + 1);
    auto member_end = identifier_end(js_, member_at);
    if (member_end == member_at) return;
    ++findings_.report().components;
    ++findings_.report().attributes;
    auto member = js_.substr(member_at, member_end - member_at);
    const Method* found = nullptr;
    for (const auto& m : api.members)
      if (m.name == member) found = &m;
    if (!found) {
      auto suggestion = closest(member, member_names(api));
      findings_.add(offset_ + member_at,
                    {Severity::error, FindingKind::member, {}, api.name, std::string(member), std::string(member),
                     "no member \"" + std::string(member) + "\"", suggestion.name});
      return;
    }
    auto paren = skip_blank(js_, member_end);
    bool takes_options = !api.options_type.empty() && found->signature.find(api.options_type) != std::string::npos;
    if (paren < js_.size() && js_[paren] == '(' && takes_options) options(api, paren);
  }

  // The options of the first argument, when it is an object literal.
  void options(const FunctionApi& api, std::size_t paren) {
    auto arg = skip_blank(js_, paren + 1);
    if (api.options.empty() || arg >= js_.size() || js_[arg] != '{') return;
    auto end = skip_balanced(js_, arg);
    check_object_keys(js_.substr(arg, end - arg), offset_ + arg, option_names(api.options), api.name, {}, findings_);
  }

  std::string_view js_;
  std::size_t offset_;
  Findings& findings_;
  std::map<std::string, const FunctionApi*, std::less<>> apis_;
};

}  // namespace

void check_script(const Model& model, std::string_view script, std::size_t offset, Findings& findings) {
  ScriptChecker(model, script, offset, findings).run();
}

void check_object_keys(std::string_view value, std::size_t offset, const std::vector<std::string>& options,
                       const std::string& owner, const std::string& attribute, Findings& findings) {
  for (const auto& key : object_keys(value, 0)) {
    ++findings.report().attributes;
    if (std::find(options.begin(), options.end(), key.name) != options.end()) continue;
    auto suggestion = closest(key.name, options);
    findings.add(offset + key.offset, {Severity::error, FindingKind::option, {}, owner,
                                       attribute.empty() ? std::string(key.name) : attribute, std::string(key.name),
                                       "unknown option \"" + std::string(key.name) + "\"", suggestion.name});
  }
}

}  // namespace varlet::catalog::templates
