#include "mcp/state_seal.hpp"

#include <gtest/gtest.h>

using namespace varlet::mcp;
using namespace std::chrono_literals;

TEST(StateSeal, OpensOnlyWhatItSealedForTheSameRequestBeforeItExpires) {
  StateSeal seal;
  auto now = StateSeal::Clock::now();
  auto token = seal.seal("tools/call\ntool", "round-1: {\"a\":1}", now + 10min);
  EXPECT_EQ(seal.open("tools/call\ntool", token, now), "round-1: {\"a\":1}");
  EXPECT_FALSE(seal.open("tools/call\nother", token, now)) << "sealed for another request";
  EXPECT_FALSE(seal.open("tools/call\ntool", token, now + 11min)) << "expired";
  EXPECT_FALSE(StateSeal().open("tools/call\ntool", token, now)) << "another process's key";
  for (std::size_t i = 0; i < token.size(); ++i) {
    auto altered = token;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(seal.open("tools/call\ntool", altered, now)) << "byte " << i << " altered";
  }
  // The expiry is under the MAC: moving it later does not help.
  auto first = token.find('.'), second = token.find('.', first + 1);
  auto later = token.substr(0, first + 1) + "99999999999999" + token.substr(second);
  EXPECT_FALSE(seal.open("tools/call\ntool", later, now));
  for (auto garbage : {"", ".", "..", "a.b.c", "a.1.", ".1.a", "\xff\xfe.1.x"})
    EXPECT_FALSE(seal.open("tools/call\ntool", garbage, now)) << garbage;
}
