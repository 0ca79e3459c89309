#pragma once
// The largest single allocation some work made on this thread, seen through a replacement of the
// global operator new in this test binary (allocation_probe.cpp): decoders of untrusted bytes must
// not allocate what a header merely claims.
#include <cstddef>
#include <functional>

namespace varlet::testing {

std::size_t largest_allocation_of(const std::function<void()>& work);

}  // namespace varlet::testing
