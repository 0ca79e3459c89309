#pragma once
// libcurl, loaded when the first network transfer needs it. Linked in, it would cost every start
// about 20 ms of dynamic loading and 8 MB of resident memory for the TLS, Kerberos, LDAP and SSH
// libraries it depends on, which a server answering from its local package folder never uses.
#include <curl/curl.h>

#include <string>

namespace varlet::actors {

// The entry points the project calls, resolved from libcurl.so.4.
struct CurlLibrary {
  decltype(&::curl_easy_init) easy_init;
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_multi_init) multi_init;
  CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...);
  decltype(&::curl_multi_add_handle) multi_add_handle;
  decltype(&::curl_multi_remove_handle) multi_remove_handle;
  decltype(&::curl_multi_perform) multi_perform;
  decltype(&::curl_multi_poll) multi_poll;
  decltype(&::curl_multi_wakeup) multi_wakeup;
  decltype(&::curl_multi_info_read) multi_info_read;
  decltype(&::curl_multi_cleanup) multi_cleanup;
  decltype(&::curl_url) url;
  decltype(&::curl_url_set) url_set;
  decltype(&::curl_url_get) url_get;
  decltype(&::curl_url_cleanup) url_cleanup;
  decltype(&::curl_free) free;
};

// Loads and globally initialises libcurl on the first call (thread-safe); later calls return the
// same library. Null when it cannot be loaded, with the reason in `error`.
const CurlLibrary* load_curl(std::string& error);

}  // namespace varlet::actors
