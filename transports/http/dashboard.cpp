#include "transports/http/dashboard.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace varlet::transports {

extern const std::string_view dashboard_html;  // generated from dashboard.html

std::string inline_hashes(std::string_view html, std::string_view tag) {
  auto open = "<" + std::string(tag) + ">", close = "</" + std::string(tag) + ">";
  std::string out;
  for (auto at = html.find(open); at != std::string_view::npos; at = html.find(open, at)) {
    auto begin = at + open.size();
    auto end = html.find(close, begin);
    if (end == std::string_view::npos) break;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!EVP_Digest(html.data() + begin, end - begin, digest, &length, EVP_sha256(), nullptr))
      throw std::runtime_error("SHA-256 failed");
    unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    auto size = EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
    out += " 'sha256-" + std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(size)) + "'";
    at = end;
  }
  return out;
}

Response dashboard_page() {
  static const std::string policy = "default-src 'none'; script-src" + inline_hashes(dashboard_html, "script") +
                                    "; style-src" + inline_hashes(dashboard_html, "style") +
                                    "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                                    "frame-ancestors 'none'";
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::string(dashboard_html);
  r.headers = {{"Content-Security-Policy", policy},
               {"X-Content-Type-Options", "nosniff"},
               {"Cache-Control", "no-store"},
               {"Referrer-Policy", "no-referrer"}};
  return r;
}

}  // namespace varlet::transports
