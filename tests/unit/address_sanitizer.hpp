#pragma once
// VARLET_ADDRESS_SANITIZER is defined when AddressSanitizer instruments this build: GCC says so
// with __SANITIZE_ADDRESS__, clang 14 only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define VARLET_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VARLET_ADDRESS_SANITIZER 1
#endif
#endif
