#include "messages/directory.hpp"

#include <gtest/gtest.h>

using namespace varlet;

TEST(Directory, AGroupWithoutMembersOwnsNoKey) {
  // While the server stops, the directory is emptied before the actors are: a catalog build still
  // running then asked for a shard of an empty group, a division by zero UBSan stopped on.
  msg::Pools pools;
  EXPECT_EQ(pools.shard_for(msg::ResourceKind::package_file, "@varlet/ui@3.20.6/package.json"), nullptr);
}
