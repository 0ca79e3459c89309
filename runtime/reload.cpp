#include "runtime/reload.hpp"

#include "runtime/logging.hpp"

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

namespace varlet::runtime {
namespace {

constexpr std::array<std::string_view, 4> reloadable = {"limits.requests-per-minute", "limits.burst", "limits.cold-cost",
                                                        "log.level"};

bool can_reload(std::string_view key) { return std::find(reloadable.begin(), reloadable.end(), key) != reloadable.end(); }

}  // namespace

ConfigReloader::ConfigReloader(const Config& running, std::function<void(const Config&)> apply)
    : arguments_(running.arguments()), running_(running.values()), apply_(std::move(apply)) {}

std::string ConfigReloader::reload() {
  Config fresh;
  if (auto error = fresh.load(arguments_)) {
    auto line = "reload: " + *error + "; the running configuration stays";
    spdlog::error("{}", line);
    return line;
  }
  if (auto error = set_log_level(fresh.log.level); !error.empty()) {
    auto line = "reload: " + error + "; the running configuration stays";
    spdlog::error("{}", line);
    return line;
  }
  apply_(fresh);
  std::vector<std::string> applied, waiting;
  for (const auto& [key, value] : fresh.values()) {
    auto& now = running_[key];
    if (now == value) continue;
    auto change = key + " " + now + " -> " + value;
    if (!can_reload(key)) {
      waiting.push_back(change);
      continue;
    }
    applied.push_back(change);
    now = value;
  }
  std::string line = "reload: " + (applied.empty() ? std::string("nothing to change while serving") : "applied " + fmt::format("{}", fmt::join(applied, ", "))) +
                     "; the API keys file is read again";
  if (!waiting.empty()) line += "; needs a restart: " + fmt::format("{}", fmt::join(waiting, ", "));
  spdlog::info("{}", line);
  return line;
}

}  // namespace varlet::runtime
