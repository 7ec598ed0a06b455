// What every WebhookStore backend shares: the event and state names, how a
// patch changes an endpoint, and which secrets sign.
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

bool apply_webhook_patch(Webhook& hook, const WebhookPatch& patch, TimeMs now) {
  if (patch.url) hook.url = *patch.url;
  if (patch.events) hook.events = *patch.events;
  if (patch.description) hook.description = *patch.description;
  if (patch.secret) {
    const bool keep_previous = patch.previous_secret_until && *patch.previous_secret_until > now;
    hook.previous_secret = keep_previous ? hook.secret : "";
    hook.previous_secret_until = keep_previous ? patch.previous_secret_until : std::nullopt;
    hook.secret = *patch.secret;
  }
  const bool toggled = patch.enabled && *patch.enabled != hook.enabled;
  if (toggled) {
    hook.enabled = *patch.enabled;
    hook.disabled_reason = hook.enabled ? "" : "disabled by its owner";
    hook.consecutive_failures = 0;
  }
  hook.updated_at = now;
  return toggled;
}

std::vector<std::string> signing_secrets(const Webhook& hook, TimeMs now) {
  std::vector<std::string> secrets{hook.secret};
  if (!hook.previous_secret.empty() && hook.previous_secret_until && now < *hook.previous_secret_until)
    secrets.push_back(hook.previous_secret);
  return secrets;
}

}  // namespace deeptrace
