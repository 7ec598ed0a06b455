#pragma once
// OpenAPI operations of the routes a signed-in user manages their own access with:
// API keys, share links and browser sessions (account_operations.cpp); their rows are in route_table.cpp.
#include <nlohmann/json.hpp>

namespace deeptrace::api {

nlohmann::json list_keys_operation();
nlohmann::json create_key_operation();
nlohmann::json issue_user_key_operation();  // an admin's, for another user
nlohmann::json revoke_key_operation();
nlohmann::json create_share_operation();
nlohmann::json list_shares_operation();
nlohmann::json revoke_share_operation();
nlohmann::json shared_report_operation();
nlohmann::json shared_artifact_operation();
nlohmann::json create_session_operation();
nlohmann::json get_session_operation();
nlohmann::json delete_session_operation();

}  // namespace deeptrace::api
