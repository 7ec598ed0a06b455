#pragma once
// OpenAPI operations of the quota and user routes (user_operations.cpp); their
// rows are in route_table.cpp, their handlers in user_handlers.cpp.
#include <nlohmann/json.hpp>

namespace deeptrace::api {

nlohmann::json usage_operation();
nlohmann::json list_users_operation();
nlohmann::json create_user_operation();
nlohmann::json get_user_operation();
nlohmann::json update_user_operation();
nlohmann::json revoke_user_keys_operation();

}  // namespace deeptrace::api
