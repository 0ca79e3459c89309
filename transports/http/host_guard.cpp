#include "transports/http/host_guard.hpp"

#include <algorithm>
#include <cctype>

namespace varlet::transports {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}
}  // namespace

HostGuard::HostGuard(std::vector<std::string> hosts, std::vector<std::string> origins, std::uint16_t port) {
  auto p = std::to_string(port);
  if (hosts.empty()) hosts = {"localhost:" + p, "127.0.0.1:" + p, "[::1]:" + p};
  if (origins.empty()) {
    for (const auto& h : hosts) origins.push_back("http://" + h);
  }
  for (auto& h : hosts) hosts_.push_back(lower(h));
  for (auto& o : origins) origins_.push_back(lower(o));
}

bool HostGuard::listed(const std::vector<std::string>& list, std::string_view value) {
  auto v = lower(value);
  return std::any_of(list.begin(), list.end(), [&](const std::string& entry) { return entry == "*" || entry == v; });
}

bool HostGuard::allows(std::string_view host, std::string_view origin) const {
  if (host.empty() || !listed(hosts_, host)) return false;
  return origin.empty() || listed(origins_, origin);
}

}  // namespace varlet::transports
