#include "transports/http/media_type.hpp"

#include <gtest/gtest.h>

using varlet::transports::accepts;
using varlet::transports::media_type_is;

TEST(MediaType, ContentTypeIgnoresCaseParametersAndSpaces) {
  EXPECT_TRUE(media_type_is("application/json", "application/json"));
  EXPECT_TRUE(media_type_is("Application/JSON", "application/json"));
  EXPECT_TRUE(media_type_is("application/json; charset=utf-8", "application/json"));
  EXPECT_TRUE(media_type_is("  application/json ;charset=UTF-8", "application/json"));
}

TEST(MediaType, ContentTypeIsNoPrefixMatch) {
  EXPECT_FALSE(media_type_is("", "application/json"));
  EXPECT_FALSE(media_type_is("text/plain", "application/json"));
  EXPECT_FALSE(media_type_is("application/json-patch+json", "application/json"));
  EXPECT_FALSE(media_type_is("application/jsonp", "application/json"));
}

TEST(MediaType, AcceptListsEachEntryOnItsOwn) {
  EXPECT_TRUE(accepts("application/json, text/event-stream", "application/json"));
  EXPECT_TRUE(accepts("application/json, text/event-stream", "text/event-stream"));
  EXPECT_TRUE(accepts("text/event-stream;q=0.9,APPLICATION/JSON", "application/json"));
  EXPECT_FALSE(accepts("application/json-seq, text/event-stream", "application/json"));
  EXPECT_FALSE(accepts("*/*", "application/json"));
  EXPECT_FALSE(accepts("", "text/event-stream"));
  EXPECT_FALSE(accepts("application/json,", "text/event-stream"));
}
