#include "runtime/metrics_command.hpp"

#include "actors/metrics_report.hpp"
#include "runtime/admin_client.hpp"

#include <iostream>

namespace varlet::runtime {

int run_metrics(const Config& config, bool as_json) {
  auto answer = ask_admin(config, "/admin/metrics");
  if (!answer.reached) {
    std::cerr << "varlet-mcp: no service answers at " << (answer.url.empty() ? "the admin listener" : answer.url)
              << " (" << answer.error << "). Start one with scripts/run or `varlet-mcp serve --http`, and give this "
                 "command the same --config-file and --admin.port.\n";
    return 1;
  }
  if (answer.status != 200) {
    std::cerr << "varlet-mcp: " << answer.url << " answered " << answer.status << ": " << answer.body << "\n";
    return 1;
  }
  if (as_json) {
    std::cout << answer.body << "\n";
    return 0;
  }
  boost::system::error_code ec;
  auto snapshot = json::parse(answer.body, ec);
  if (ec) {
    std::cerr << "varlet-mcp: the metrics answer is not JSON\n";
    return 1;
  }
  std::cout << actors::render_metrics_table(snapshot) << "\n" << actors::render_diagnostics(actors::diagnose(snapshot));
  return 0;
}

}  // namespace varlet::runtime
