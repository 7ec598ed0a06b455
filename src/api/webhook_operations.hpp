#pragma once
// OpenAPI operations of the webhook routes (docs/webhooks.md) (webhook_operations.cpp); their rows are in route_table.cpp.
#include <nlohmann/json.hpp>

namespace deeptrace::api {

nlohmann::json list_webhooks_operation();
nlohmann::json create_webhook_operation();
nlohmann::json get_webhook_operation();
nlohmann::json update_webhook_operation();
nlohmann::json delete_webhook_operation();
nlohmann::json rotate_webhook_secret_operation();
nlohmann::json test_webhook_operation();
nlohmann::json webhook_deliveries_operation();

}  // namespace deeptrace::api
