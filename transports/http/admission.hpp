#pragma once
// Messages handed to the dispatchers and not yet answered, counted for the whole endpoint and per
// client address: a flood (notifications are answered 202 before they are handled) meets a limit
// before the dispatchers' mailboxes grow without bound, and one client's slow requests cannot take
// every slot from the others.
#include "transports/in_flight.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace varlet::transports {

class Admission {
public:
  struct Limits {
    std::size_t total = 1024;
    std::size_t per_client = 256;
  };
  enum class Refusal { none, client_full, full };

  // One admitted message; the slot is given back when the ticket goes.
  class Ticket {
  public:
    Ticket(Admission& owner, std::string client) : owner_(owner), client_(std::move(client)) {}
    ~Ticket() { owner_.release(client_); }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;

  private:
    Admission& owner_;
    std::string client_;
  };

  explicit Admission(Limits limits) : limits_(limits) {}

  // A ticket, or why there is none.
  std::unique_ptr<Ticket> admit(const std::string& client, Refusal& refusal);
  std::size_t count() const { return total_.count(); }
  // Waits until nothing is in flight, or the deadline passed.
  bool wait_idle(std::chrono::steady_clock::time_point deadline) { return total_.wait_idle(deadline); }

private:
  void release(const std::string& client);

  Limits limits_;
  InFlight total_;
  std::mutex mutex_;
  std::map<std::string, std::size_t, std::less<>> per_client_;
};

}  // namespace varlet::transports
