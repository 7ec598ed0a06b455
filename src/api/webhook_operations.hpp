#pragma once
// OpenAPI operations of the webhook routes (docs/webhooks.md) (webhook_operations.cpp); their rows are in route_table.cpp.
#include <cstdint>

#include <nlohmann/json.hpp>

namespace deeptrace::api {

// How long a rotated secret keeps signing beside its successor unless the
// caller says otherwise, and the longest it may: the rotate route's
// documented bounds, which webhook_handlers.cpp enforces.
inline constexpr std::int64_t kDefaultKeepPreviousSecretS = 24 * 3600;
inline constexpr std::int64_t kMaxKeepPreviousSecretS = 7 * 24 * 3600;

nlohmann::json list_webhooks_operation();
nlohmann::json create_webhook_operation();
nlohmann::json get_webhook_operation();
nlohmann::json update_webhook_operation();
nlohmann::json delete_webhook_operation();
nlohmann::json rotate_webhook_secret_operation();
nlohmann::json test_webhook_operation();
nlohmann::json webhook_deliveries_operation();

}  // namespace deeptrace::api
