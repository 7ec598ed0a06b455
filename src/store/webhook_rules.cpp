// What every WebhookStore backend shares: the event and state names.
#include "store/webhook_store.hpp"

namespace deeptrace {

const std::vector<std::string>& subscribable_webhook_events() {
  static const std::vector<std::string> events{std::string(kJobCompletedEvent), std::string(kJobFailedEvent),
                                               std::string(kJobCancelledEvent)};
  return events;
}

// The names are part of the API (delivery JSON) and of the stored rows and
// documents: never rename one.
std::string_view delivery_state_name(DeliveryState state) {
  switch (state) {
    case DeliveryState::Pending:
      return "pending";
    case DeliveryState::Succeeded:
      return "succeeded";
    case DeliveryState::Failed:
      return "failed";
  }
  return "pending";
}

std::optional<DeliveryState> parse_delivery_state(std::string_view name) {
  for (auto state : {DeliveryState::Pending, DeliveryState::Succeeded, DeliveryState::Failed}) {
    if (delivery_state_name(state) == name) return state;
  }
  return std::nullopt;
}

}  // namespace deeptrace
