#pragma once
// The OpenAPI 3.1 document, built by walking a route table: each row's
// Operation gives the route's own parameters and responses; security, the
// 401/403 answers and a JSON request body follow from the row's Auth and
// Body. Also the small builders the rows' operations are written with.
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "api/router.hpp"

namespace deeptrace::api {

nlohmann::json openapi_document(std::span<const Route> table);

// docs/report.schema.json as it was when the server was built; the
// document's components.schemas.Report.
const nlohmann::json& report_schema();

namespace oas {

// Plain schemas the operations share.
inline const nlohmann::json kString = {{"type", "string"}};
inline const nlohmann::json kInteger = {{"type", "integer"}};

// {"$ref": "#/components/schemas/<name>"}
nlohmann::json ref(const std::string& schema);
// A response with a JSON body of `schema`.
nlohmann::json json_response(const std::string& description, const nlohmann::json& schema);
// A response with the Error shape; the description names its error codes.
nlohmann::json error_response(const std::string& description);
nlohmann::json job_response(const std::string& description);
// A JSON object whose fields are not (yet) described.
nlohmann::json object_response(const std::string& description);
// A required path parameter; `what` says what it identifies.
nlohmann::json path_parameter(const std::string& name, const std::string& what);
// The required {id} path parameter.
nlohmann::json id_parameter(const std::string& what);
nlohmann::json query_parameter(const std::string& name, const nlohmann::json& schema);

}  // namespace oas
}  // namespace deeptrace::api
