#include "runtime/platform.hpp"

#include <fstream>

#if defined(__linux__)
#include <unistd.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#include <mach/mach.h>
#include <malloc/malloc.h>
#endif

namespace varlet::platform {

std::optional<std::uint64_t> resident_bytes() {
#if defined(__linux__)
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size_pages = 0, resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return std::nullopt;
  auto page = sysconf(_SC_PAGESIZE);
  if (page <= 0) return std::nullopt;
  return resident_pages * static_cast<std::uint64_t>(page);
#elif defined(__APPLE__)
  mach_task_basic_info_data_t info{};
  mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
  if (task_info(mach_task_self(), MACH_TASK_BASIC_INFO, reinterpret_cast<task_info_t>(&info), &count) != KERN_SUCCESS)
    return std::nullopt;
  return static_cast<std::uint64_t>(info.resident_size);
#else
  return std::nullopt;
#endif
}

bool releases_free_memory() {
#if defined(__GLIBC__) || defined(__APPLE__)
  return true;
#else
  return false;
#endif
}

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#elif defined(__APPLE__)
  malloc_zone_pressure_relief(nullptr, 0);
#endif
}

void limit_malloc_arenas([[maybe_unused]] int arenas) {
#if defined(__GLIBC__)
  mallopt(M_ARENA_MAX, arenas);
#endif
}

std::filesystem::path executable_path(const std::string& argv0) {
  std::error_code ec;
#if defined(__linux__)
  auto exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (!ec) return exe;
#elif defined(__APPLE__)
  std::uint32_t size = 0;
  _NSGetExecutablePath(nullptr, &size);
  std::string buffer(size, '\0');
  if (_NSGetExecutablePath(buffer.data(), &size) == 0) {
    auto exe = std::filesystem::canonical(buffer.c_str(), ec);
    if (!ec) return exe;
  }
#endif
  return std::filesystem::absolute(argv0, ec);
}

}  // namespace varlet::platform
