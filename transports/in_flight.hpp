#pragma once
// Counts requests a transport handed out and not yet answered, so shutdown can wait for them.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace varlet::transports {

class InFlight {
public:
  void started() {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  void finished() {
    std::lock_guard lock(mutex_);
    --count_;
    idle_.notify_all();
  }
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  // True when fewer than `limit` are in flight before the deadline.
  bool wait_below(std::size_t limit, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return idle_.wait_until(lock, deadline, [&] { return count_ < limit; });
  }
  // True when nothing is in flight before the deadline.
  bool wait_idle(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return idle_.wait_until(lock, deadline, [this] { return count_ == 0; });
  }

private:
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::size_t count_ = 0;
};

}  // namespace varlet::transports
