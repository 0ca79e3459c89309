#include "runtime/signals.hpp"

#include <pthread.h>
#include <signal.h>

namespace varlet::runtime {
namespace {
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGUSR1);  // used to wake the watcher on exit
  return set;
}
}  // namespace

StopSignal::StopSignal() {
  ::signal(SIGPIPE, SIG_IGN);
  // A cache file beyond the file size limit (ulimit -f) fails its write with EFBIG, which the disk
  // cache reports; the default action would kill the process.
  ::signal(SIGXFSZ, SIG_IGN);
  auto set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  watcher_ = std::thread([this, set] {
    int sig = 0;
    while (sigwait(&set, &sig) == 0) {
      if (sig == SIGUSR1) return;
      if (sig == SIGHUP) {
        std::lock_guard lock(reload_mutex_);
        if (reload_) {
          reload_();
          continue;
        }
      }
      trigger(sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP");
    }
  });
}

StopSignal::~StopSignal() {
  pthread_kill(watcher_.native_handle(), SIGUSR1);
  watcher_.join();
}

void StopSignal::trigger(std::string why) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  stopped_ = true;
  reason_ = std::move(why);
  cv_.notify_all();
}

void StopSignal::on_reload(std::function<void()> hook) {
  std::lock_guard lock(reload_mutex_);
  reload_ = std::move(hook);
}

std::string StopSignal::wait() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return stopped_; });
  return reason_;
}

}  // namespace varlet::runtime
