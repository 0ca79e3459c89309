#pragma once
// Content codings of HTTP answers (RFC 9110 8.4, 12.5.3): what a request's Accept-Encoding allows,
// and the coding an answer goes out in.
#include <cstddef>
#include <optional>
#include <string_view>

namespace varlet::transports {

struct Response;

enum class Coding { identity, gzip, br };

// The field's verdict on each coding the server has, as q-values in thousandths (0: not acceptable).
struct AcceptEncoding {
  int gzip = 0;
  int br = 0;
  int identity = 1000;
};

// `field`: the Accept-Encoding value, nothing when the request has none. A request without one gets
// identity: RFC 9110 would allow any coding, but such a client (curl without --compressed) expects
// plain bytes. Unknown codings and elements with a malformed q are ignored; of a coding named twice
// the first element counts. x-gzip is gzip.
AcceptEncoding parse_accept_encoding(std::optional<std::string_view> field);

// The highest q wins; on a tie br, then gzip, then identity. But gzip wins a tie with br for a body
// that is mostly a cached result's kept gzip form (`spliced`): brotli would compress per response
// what costs nothing in gzip. When nothing is acceptable, identity all the same: RFC 9110 prefers
// that to a 406.
Coding choose_coding(const AcceptEncoding& accepted, bool spliced);

// An SSE stream is gzip or identity: brotli's streaming encoder holds far more memory per stream.
bool stream_in_gzip(const AcceptEncoding& accepted);

// Compresses the body in the chosen coding when it has at least `min_bytes` (0: never) and its
// status has content that varies (not 202 or 204), and when that makes it smaller; every answer so
// considered says Vary: Accept-Encoding. The body's cached stretches are spliced in (gzip).
void encode_body(Response& response, const AcceptEncoding& accepted, std::size_t min_bytes);

}  // namespace varlet::transports
