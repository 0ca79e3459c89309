#pragma once
// What this server asks of the operating system beyond POSIX and the C++ library, in one place.
// Linux (glibc) is what is built and tested; macOS answers through its own calls; anything else
// gets the portable fallback each function names.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace varlet::platform {

// The resident set size of this process; nothing where it cannot be read (the memory monitor
// then applies no pressure levels).
std::optional<std::uint64_t> resident_bytes();

// Whether release_free_memory() gives freed heap pages back to the system here (glibc, macOS).
bool releases_free_memory();

// Hands pages the allocator holds but nobody uses back to the system, so RSS shows what was freed.
// Elsewhere: nothing.
void release_free_memory();

// Caps the allocator's per-thread arenas (glibc); must run before other threads allocate.
// Elsewhere: nothing.
void limit_malloc_arenas(int arenas);

// The running executable; where that cannot be asked, `argv0` made absolute.
std::filesystem::path executable_path(const std::string& argv0);

}  // namespace varlet::platform
