#pragma once
// Process-wide stop requests: SIGINT and SIGTERM, or the program itself (stdin closed); and SIGHUP,
// which reloads the configuration where a reload hook is set and stops the process elsewhere.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace varlet::runtime {

class StopSignal {
public:
  // Blocks SIGINT, SIGTERM and SIGHUP (and ignores SIGPIPE and SIGXFSZ) in this and every later
  // thread; call first.
  StopSignal();
  ~StopSignal();
  void trigger(std::string why);
  // Runs `hook` on the signal thread for each SIGHUP from now on; nullptr: none, and once this
  // returns, no hook runs any more.
  void on_reload(std::function<void()> hook);
  // Waits for a stop request; returns its reason.
  std::string wait();

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::string reason_;
  bool stopped_ = false;
  std::mutex reload_mutex_;  // held while the hook runs
  std::function<void()> reload_;
  std::thread watcher_;
};

}  // namespace varlet::runtime
