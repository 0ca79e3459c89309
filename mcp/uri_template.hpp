#pragma once
// RFC 6570 level-1 URI templates ({var} simple expansion): matching a URI and expanding values.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace varlet::mcp {

class UriTemplate {
public:
  explicit UriTemplate(std::string_view pattern);

  // The variables when `uri` matches, percent-decoded; nothing otherwise. A variable never spans '/'.
  std::optional<std::map<std::string, std::string>> match(std::string_view uri) const;
  std::string expand(const std::map<std::string, std::string>& values) const;
  const std::vector<std::string>& variables() const { return variables_; }
  const std::string& pattern() const { return pattern_; }

private:
  struct Part {
    bool is_variable;
    std::string text;  // literal text or variable name
  };
  std::string pattern_;
  std::vector<Part> parts_;
  std::vector<std::string> variables_;
};

std::string percent_encode(std::string_view s);
std::string percent_decode(std::string_view s);

}  // namespace varlet::mcp
