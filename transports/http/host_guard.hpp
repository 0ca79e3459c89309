#pragma once
// DNS-rebinding protection: only Host and Origin values on the allow-list pass.
#include <string>
#include <string_view>
#include <vector>

namespace varlet::transports {

class HostGuard {
public:
  // Empty lists mean the localhost names on `port`. A "*" entry allows anything.
  HostGuard(std::vector<std::string> hosts, std::vector<std::string> origins, std::uint16_t port);
  // True when the request may proceed; an absent Origin (not a browser) is fine, an absent Host is not.
  bool allows(std::string_view host, std::string_view origin) const;

private:
  static bool listed(const std::vector<std::string>& list, std::string_view value);
  std::vector<std::string> hosts_;
  std::vector<std::string> origins_;
};

}  // namespace varlet::transports
