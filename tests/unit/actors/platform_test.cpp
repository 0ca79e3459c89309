// The operating-system calls behind runtime/platform.hpp, on the system the tests run on. RSS and
// handing free pages back are tested where the memory monitor uses them (memory_monitor_test).
#include "runtime/platform.hpp"

#include <gtest/gtest.h>

using namespace varlet;

TEST(Platform, TheExecutableIsThisTestBinaryWhateverArgv0Says) {
  auto exe = platform::executable_path("no/such/program");
  EXPECT_TRUE(exe.is_absolute());
  EXPECT_EQ(exe.filename(), "unit_actors");
  EXPECT_TRUE(std::filesystem::is_regular_file(exe));
}

TEST(Platform, GlibcCanHandFreePagesBack) {
#if defined(__GLIBC__)
  EXPECT_TRUE(platform::releases_free_memory());
#else
  GTEST_SKIP() << "not glibc";
#endif
}
