// count_allocs: an LD_PRELOAD library that counts a process's heap allocations, so perf/run can
// say how many a hot request makes (the count after a run minus the count before, per request).
//   LD_PRELOAD=libcount_allocs.so VARLET_ALLOC_COUNT_FILE=PATH varlet-mcp ...
// Every call of malloc, calloc, realloc and the aligned allocators is counted (operator new calls
// malloc); the total is written to PATH, as a decimal number, every 50 ms by a thread of its own.
// glibc's own entry points (__libc_malloc and friends) do the work, so nothing else changes.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
}

namespace {

std::atomic<unsigned long long> allocations{0};

void count() { allocations.fetch_add(1, std::memory_order_relaxed); }

// Writes the count to a temporary file and renames it over `path`, so a reader never sees half.
void report_every(const std::string& path) {
  auto temporary = path + ".tmp";
  for (;;) {
    if (auto* file = std::fopen(temporary.c_str(), "w")) {
      std::fprintf(file, "%llu\n", allocations.load(std::memory_order_relaxed));
      std::fclose(file);
      std::rename(temporary.c_str(), path.c_str());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

__attribute__((constructor)) void start_reporting() {
  const char* path = std::getenv("VARLET_ALLOC_COUNT_FILE");
  if (path && *path) std::thread(report_every, std::string(path)).detach();
}

}  // namespace

extern "C" {

void* malloc(std::size_t size) {
  count();
  return __libc_malloc(size);
}

void* calloc(std::size_t n, std::size_t size) {
  count();
  return __libc_calloc(n, size);
}

void* realloc(void* pointer, std::size_t size) {
  count();
  return __libc_realloc(pointer, size);
}

void* memalign(std::size_t alignment, std::size_t size) {
  count();
  return __libc_memalign(alignment, size);
}

void* aligned_alloc(std::size_t alignment, std::size_t size) {
  count();
  return __libc_memalign(alignment, size);
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return 22;  // EINVAL
  count();
  void* p = __libc_memalign(alignment, size);
  if (!p) return 12;  // ENOMEM
  *out = p;
  return 0;
}

}  // extern "C"
