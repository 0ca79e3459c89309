#pragma once
// Base64 for opaque tokens the server hands out (cursors, request state) and for the values of
// 2026-07-28 headers (=?base64?...?=); lowercase hex for ids and digests.
#include <optional>
#include <string>
#include <string_view>

namespace varlet::mcp {

// URL-safe alphabet (- and _), no padding: tokens that travel in JSON and URLs as they are.
std::string base64url(std::string_view bytes);
// Nothing on a character outside the URL-safe alphabet.
std::optional<std::string> unbase64url(std::string_view text);

// Standard, padded Base64 (RFC 4648 §4); nothing on a bad length, character or padding.
std::optional<std::string> unbase64(std::string_view text);

// Two lowercase hex digits per byte.
std::string lowercase_hex(std::string_view bytes);

}  // namespace varlet::mcp
