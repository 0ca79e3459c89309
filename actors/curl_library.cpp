#include "actors/curl_library.hpp"

#include <dlfcn.h>

namespace varlet::actors {
namespace {

constexpr const char* soname = "libcurl.so.4";

struct Loaded {
  CurlLibrary library{};
  std::string error;  // set when loading failed
};

template <class Function>
bool resolve(void* handle, const char* symbol, Function& out, std::string& error) {
  out = reinterpret_cast<Function>(dlsym(handle, symbol));
  if (!out && error.empty()) error = std::string(soname) + " has no " + symbol;
  return out != nullptr;
}

Loaded load() {
  Loaded loaded;
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    loaded.error = std::string("cannot load ") + soname + " (" + (why ? why : "unknown reason") +
                   "); install the libcurl4 package";
    return loaded;
  }
  auto& c = loaded.library;
  auto& e = loaded.error;
  decltype(&::curl_global_init) global_init = nullptr;
  bool all = resolve(handle, "curl_global_init", global_init, e) && resolve(handle, "curl_easy_init", c.easy_init, e) &&
             resolve(handle, "curl_easy_setopt", c.easy_setopt, e) &&
             resolve(handle, "curl_easy_getinfo", c.easy_getinfo, e) &&
             resolve(handle, "curl_easy_perform", c.easy_perform, e) &&
             resolve(handle, "curl_easy_cleanup", c.easy_cleanup, e) &&
             resolve(handle, "curl_easy_strerror", c.easy_strerror, e) &&
             resolve(handle, "curl_slist_append", c.slist_append, e) &&
             resolve(handle, "curl_slist_free_all", c.slist_free_all, e) &&
             resolve(handle, "curl_multi_init", c.multi_init, e) &&
             resolve(handle, "curl_multi_setopt", c.multi_setopt, e) &&
             resolve(handle, "curl_multi_add_handle", c.multi_add_handle, e) &&
             resolve(handle, "curl_multi_remove_handle", c.multi_remove_handle, e) &&
             resolve(handle, "curl_multi_perform", c.multi_perform, e) &&
             resolve(handle, "curl_multi_poll", c.multi_poll, e) &&
             resolve(handle, "curl_multi_wakeup", c.multi_wakeup, e) &&
             resolve(handle, "curl_multi_info_read", c.multi_info_read, e) &&
             resolve(handle, "curl_multi_cleanup", c.multi_cleanup, e) && resolve(handle, "curl_url", c.url, e) &&
             resolve(handle, "curl_url_set", c.url_set, e) && resolve(handle, "curl_url_get", c.url_get, e) &&
             resolve(handle, "curl_url_cleanup", c.url_cleanup, e) && resolve(handle, "curl_free", c.free, e);
  if (!all) return loaded;  // the handle stays open: a half-resolved library is never used
  if (auto rc = global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK)
    e = std::string(soname) + " failed to initialise (code " + std::to_string(rc) + ")";
  return loaded;
}

}  // namespace

const CurlLibrary* load_curl(std::string& error) {
  static const Loaded loaded = load();  // the library stays loaded for the life of the process
  error = loaded.error;
  return loaded.error.empty() ? &loaded.library : nullptr;
}

}  // namespace varlet::actors
