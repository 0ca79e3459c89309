#include "allocation_probe.hpp"
#include "../address_sanitizer.hpp"

#include <cstdlib>
#include <new>

namespace {

thread_local bool tracking = false;
thread_local std::size_t largest = 0;

void note(std::size_t size) {
  if (tracking && size > largest) largest = size;
}

}  // namespace

namespace varlet::testing {

std::size_t largest_allocation_of(const std::function<void()>& work) {
  largest = 0;
  tracking = true;
  work();
  tracking = false;
  return largest;
}

}  // namespace varlet::testing

#if defined(VARLET_ADDRESS_SANITIZER)
// AddressSanitizer owns operator new and delete; its allocator reports every allocation instead
// (declared here: GCC installs no sanitizer headers).
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, std::size_t),
                                                          void (*free_hook)(const volatile void*));

namespace {
void on_malloc(const volatile void*, std::size_t size) { note(size); }
void on_free(const volatile void*) {}
const int hooks_installed = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}  // namespace
#else
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  note(size);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop
#endif
