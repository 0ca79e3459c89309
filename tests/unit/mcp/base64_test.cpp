#include "mcp/base64.hpp"

#include <gtest/gtest.h>

using namespace varlet::mcp;

TEST(Base64, UrlSafeRoundTripsAndHasOneEncodingPerValue) {
  for (std::string bytes : {std::string(), std::string("A"), std::string("AB"), std::string("ABC"),
                            std::string("\xff\x00\x10", 3)})
    EXPECT_EQ(unbase64url(base64url(bytes)), bytes);
  EXPECT_EQ(base64url("A"), "QQ");
  EXPECT_FALSE(unbase64url("QR")) << "stray bits after the last byte: a second spelling of \"A\"";
  EXPECT_FALSE(unbase64url("QQQQQ")) << "a lone last character holds no byte";
  EXPECT_FALSE(unbase64url("Q+")) << "not the URL-safe alphabet";
}

TEST(Base64, PaddedStandardDecodingIsStrict) {
  EXPECT_EQ(unbase64("SGVsbG8="), "Hello");
  EXPECT_FALSE(unbase64("SGVsbG8"));
  EXPECT_FALSE(unbase64("SGVs!!!bG8="));
}

TEST(Hex, TwoLowercaseDigitsPerByte) {
  EXPECT_EQ(lowercase_hex(""), "");
  EXPECT_EQ(lowercase_hex(std::string("\x00\x0f\xa5\xff", 4)), "000fa5ff");
}
