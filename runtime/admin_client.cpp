#include "runtime/admin_client.hpp"

#include "actors/curl_library.hpp"

namespace varlet::runtime {
namespace {

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

AdminAnswer ask_admin(const Config& config, const std::string& path, const std::string& body, long timeout_seconds) {
  AdminAnswer answer;
  if (config.admin.bind.empty()) {
    answer.error = "the configuration has no admin listener ([admin] bind is empty)";
    return answer;
  }
  auto host = config.admin.bind == "0.0.0.0" || config.admin.bind == "::" ? std::string("127.0.0.1") : config.admin.bind;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  answer.url = "http://" + host + ":" + std::to_string(config.admin.port) + path;
  const auto* lib = actors::load_curl(answer.error);
  if (!lib) return answer;
  CURL* curl = lib->easy_init();
  curl_slist* headers = nullptr;
  if (!config.admin.token.empty())
    headers = lib->slist_append(headers, ("Authorization: Bearer " + config.admin.token).c_str());
  if (!body.empty()) {
    headers = lib->slist_append(headers, "Content-Type: application/json");
    lib->easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  }
  lib->easy_setopt(curl, CURLOPT_URL, answer.url.c_str());
  lib->easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  lib->easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  lib->easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  lib->easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
  auto rc = lib->easy_perform(curl);
  lib->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  lib->slist_free_all(headers);
  lib->easy_cleanup(curl);
  answer.reached = rc == CURLE_OK;
  if (!answer.reached) answer.error = lib->easy_strerror(rc);
  return answer;
}

}  // namespace varlet::runtime
