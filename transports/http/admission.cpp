#include "transports/http/admission.hpp"

namespace varlet::transports {

std::unique_ptr<Admission::Ticket> Admission::admit(const std::string& client, Refusal& refusal) {
  refusal = Refusal::none;
  if (total_.count() >= limits_.total) {
    refusal = Refusal::full;
    return nullptr;
  }
  {
    std::lock_guard lock(mutex_);
    auto& held = per_client_[client];
    if (held >= limits_.per_client) {
      refusal = Refusal::client_full;
      return nullptr;
    }
    ++held;
  }
  total_.started();
  return std::make_unique<Ticket>(*this, client);
}

void Admission::release(const std::string& client) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = per_client_.find(client); it != per_client_.end() && --it->second == 0) per_client_.erase(it);
  }
  total_.finished();
}

}  // namespace varlet::transports
