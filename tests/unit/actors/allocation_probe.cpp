#include "allocation_probe.hpp"

#include <cstdlib>
#include <new>

namespace {

thread_local bool tracking = false;
thread_local std::size_t largest = 0;

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

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  if (tracking && size > largest) largest = size;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop
