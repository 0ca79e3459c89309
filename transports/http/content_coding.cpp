#include "transports/http/content_coding.hpp"

#include "mcp/compression/codings.hpp"
#include "transports/http/connection.hpp"
#include "transports/http/field_value.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>

namespace varlet::transports {
namespace {

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths; nothing when malformed.
std::optional<int> qvalue(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int value = text[0] == '1' ? 1000 : 0;
  if (text.size() == 1) return value;
  if (text[1] != '.' || text.size() > 5) return std::nullopt;
  int scale = 100;
  for (char c : text.substr(2)) {
    if (c < '0' || c > '9' || (value == 1000 && c != '0')) return std::nullopt;
    value += (c - '0') * scale;
    scale /= 10;
  }
  return value;
}

// The q of one element ("gzip;q=0.5", "br"): 1000 without one, nothing when malformed.
std::optional<int> weight(std::string_view params) {
  int q = 1000;
  while (!params.empty()) {
    auto semicolon = params.find(';');
    auto param = trim_ows(params.substr(0, semicolon));
    params = semicolon == std::string_view::npos ? std::string_view{} : params.substr(semicolon + 1);
    auto eq = param.find('=');
    if (eq == std::string_view::npos || !boost::beast::iequals(trim_ows(param.substr(0, eq)), "q")) continue;
    auto value = qvalue(trim_ows(param.substr(eq + 1)));
    if (!value) return std::nullopt;
    q = *value;
  }
  return q;
}

}  // namespace

AcceptEncoding parse_accept_encoding(std::optional<std::string_view> field) {
  if (!field) return {};
  std::optional<int> gzip, br, identity, any;
  std::string_view rest = *field;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto element = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto semicolon = element.find(';');
    auto coding = trim_ows(element.substr(0, semicolon));
    auto q = weight(semicolon == std::string_view::npos ? std::string_view{} : element.substr(semicolon + 1));
    if (coding.empty() || !q) continue;
    using boost::beast::iequals;
    auto* slot = iequals(coding, "gzip") || iequals(coding, "x-gzip") ? &gzip
                 : iequals(coding, "br")                              ? &br
                 : iequals(coding, "identity")                        ? &identity
                 : coding == "*"                                      ? &any
                                                                      : nullptr;
    if (slot && !*slot) *slot = q;
  }
  // "*" stands for every coding not named, identity included; identity is acceptable unless excluded.
  return {gzip.value_or(any.value_or(0)), br.value_or(any.value_or(0)), identity.value_or(any.value_or(1000))};
}

Coding choose_coding(const AcceptEncoding& accepted, bool spliced) {
  int best = std::max({accepted.gzip, accepted.br, accepted.identity});
  if (best == 0) return Coding::identity;
  if (spliced && accepted.gzip == best) return Coding::gzip;
  if (accepted.br == best) return Coding::br;
  if (accepted.gzip == best) return Coding::gzip;
  return Coding::identity;
}

bool stream_in_gzip(const AcceptEncoding& accepted) {
  return accepted.gzip > 0 && accepted.gzip >= accepted.identity;
}

void encode_body(Response& response, const AcceptEncoding& accepted, std::size_t min_bytes) {
  if (min_bytes == 0 || response.body.size() < min_bytes || response.status == 202 || response.status == 204) return;
  for (const auto& [name, value] : response.headers)
    if (boost::beast::iequals(name, "Content-Encoding")) return;
  response.headers.emplace_back("Vary", "Accept-Encoding");
  auto coding = choose_coding(accepted, static_cast<bool>(response.reuse));
  std::optional<std::string> encoded;
  if (coding == Coding::gzip && response.reuse) encoded = compression::gzip_spliced(response.body, response.reuse);
  if (coding == Coding::gzip && !encoded) encoded = compression::gzip(response.body);
  if (coding == Coding::br) encoded = compression::brotli(response.body);
  if (!encoded || encoded->size() >= response.body.size()) return;
  response.body = std::move(*encoded);
  response.headers.emplace_back("Content-Encoding", coding == Coding::gzip ? "gzip" : "br");
}

}  // namespace varlet::transports
