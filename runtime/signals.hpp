#pragma once
// Process-wide stop requests: SIGINT and SIGTERM, or the program itself (stdin closed).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace varlet::runtime {

class StopSignal {
public:
  // Blocks SIGINT, SIGTERM (and ignores SIGPIPE and SIGXFSZ) in this and every later thread; call first.
  StopSignal();
  ~StopSignal();
  void trigger(std::string why);
  // Waits for a stop request; returns its reason.
  std::string wait();

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::string reason_;
  bool stopped_ = false;
  std::thread watcher_;
};

}  // namespace varlet::runtime
