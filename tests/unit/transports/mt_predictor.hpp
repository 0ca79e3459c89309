// What an attacker does with session ids from a Mersenne Twister (std::mt19937_64): 312 outputs
// give away its whole state, and with it every later output.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mt_attack {

inline std::uint64_t untemper(std::uint64_t y) {
  y ^= y >> 43;
  y ^= (y << 37) & 0xFFF7EEE000000000ULL;
  std::uint64_t x = y;
  for (int i = 0; i < 4; ++i) x = y ^ ((x << 17) & 0x71D67FFFEDA60000ULL);
  y = x;
  for (int i = 0; i < 3; ++i) x = y ^ ((x >> 29) & 0x5555555555555555ULL);
  return x;
}

inline std::uint64_t temper(std::uint64_t y) {
  y ^= (y >> 29) & 0x5555555555555555ULL;
  y ^= (y << 17) & 0x71D67FFFEDA60000ULL;
  y ^= (y << 37) & 0xFFF7EEE000000000ULL;
  return y ^ (y >> 43);
}

// The outputs that follow 312 consecutive ones (the recurrence x[k+312] = f(x[k], x[k+1], x[k+156])).
inline std::vector<std::uint64_t> next_outputs(const std::vector<std::uint64_t>& seen, std::size_t count) {
  std::vector<std::uint64_t> x;
  for (auto o : seen) x.push_back(untemper(o));
  std::vector<std::uint64_t> out;
  for (std::size_t k = x.size() - 312; out.size() < count; ++k) {
    auto y = (x[k] & 0xFFFFFFFF80000000ULL) | (x[k + 1] & 0x7FFFFFFFULL);
    x.push_back(x[k + 156] ^ (y >> 1) ^ ((y & 1) ? 0xB5026F5AA96619E9ULL : 0));
    out.push_back(temper(x.back()));
  }
  return out;
}

}  // namespace mt_attack
