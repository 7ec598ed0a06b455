#pragma once
// One delivery attempt: a signed POST to a webhook URL, connecting only to
// addresses the WebhookAddressPolicy permits, following no redirects, with
// one deadline for the whole exchange. Blocking (it runs its own event loop),
// for the dispatcher's sender threads.
#include <chrono>
#include <optional>
#include <string>

#include "api/webhook_url.hpp"

namespace deeptrace::api {

struct WebhookMessage {
  std::string id;  // webhook-id
  std::int64_t timestamp_s = 0;
  std::string signature;  // webhook-signature
  std::string body;
};

struct SendOutcome {
  bool delivered = false;  // a 2xx answer
  std::optional<int> status;
  std::string error;  // why not delivered, for the delivery log
};

SendOutcome send_webhook(const WebhookUrl& url, const WebhookAddressPolicy& policy, const WebhookMessage& message,
                         std::chrono::milliseconds timeout);

}  // namespace deeptrace::api
