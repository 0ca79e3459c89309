#include "runtime/metrics_command.hpp"

#include "actors/curl_library.hpp"
#include "actors/metrics_report.hpp"

#include <iostream>

namespace varlet::runtime {
namespace {

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

int run_metrics(const Config& config, bool as_json) {
  auto host = config.http.bind == "0.0.0.0" || config.http.bind == "::" ? std::string("127.0.0.1") : config.http.bind;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  auto url = "http://" + host + ":" + std::to_string(config.http.port) + "/admin/metrics";
  std::string error;
  const auto* lib = actors::load_curl(error);
  if (!lib) {
    std::cerr << "varlet-mcp: " << error << "\n";
    return 1;
  }
  std::string body;
  long status = 0;
  CURL* curl = lib->easy_init();
  curl_slist* headers = nullptr;
  if (!config.http.admin_token.empty())
    headers = lib->slist_append(headers, ("Authorization: Bearer " + config.http.admin_token).c_str());
  lib->easy_setopt(curl, CURLOPT_URL, url.c_str());
  lib->easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  lib->easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  lib->easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  lib->easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  auto rc = lib->easy_perform(curl);
  lib->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  lib->slist_free_all(headers);
  lib->easy_cleanup(curl);
  if (rc != CURLE_OK) {
    std::cerr << "varlet-mcp: no service answers at " << url << " (" << lib->easy_strerror(rc)
              << "). Start one with scripts/run or `varlet-mcp serve --http`, and give this command the same "
                 "--config-file and --http.port.\n";
    return 1;
  }
  if (status != 200) {
    std::cerr << "varlet-mcp: " << url << " answered " << status << ": " << body << "\n";
    return 1;
  }
  if (as_json) {
    std::cout << body << "\n";
    return 0;
  }
  boost::system::error_code ec;
  auto snapshot = json::parse(body, ec);
  if (ec) {
    std::cerr << "varlet-mcp: the metrics answer is not JSON\n";
    return 1;
  }
  std::cout << actors::render_metrics_table(snapshot) << "\n" << actors::render_diagnostics(actors::diagnose(snapshot));
  return 0;
}

}  // namespace varlet::runtime
