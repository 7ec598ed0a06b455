#pragma once
#include <nlohmann/json.hpp>

namespace deeptrace::api {

// The OpenAPI 3.0 description of every route in route_table(). A unit test
// and a process test check that its paths and the served routes agree.
nlohmann::json openapi_document();

}  // namespace deeptrace::api
