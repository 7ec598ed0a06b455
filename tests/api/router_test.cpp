#include "api/router.hpp"

#include <gtest/gtest.h>

#include <set>

#include "api/openapi.hpp"

namespace deeptrace::api {
namespace {

std::string_view pattern_of(std::string_view method, std::string_view path) {
  RouteMatch match = match_route(route_table(), method, path);
  return match.kind == RouteMatch::Kind::Found ? match.route->pattern : "";
}

TEST(Router, MatchesStaticAndParameterisedRoutes) {
  EXPECT_EQ(pattern_of("GET", "/api/v1/jobs"), "/api/v1/jobs");
  auto create = match_route(route_table(), "POST", "/api/v1/jobs");
  ASSERT_EQ(create.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(create.route->body, Body::UploadStream);
  EXPECT_TRUE(create.route->refused_while_shutting_down);
  auto get = match_route(route_table(), "GET", "/api/v1/jobs/abc123");
  ASSERT_EQ(get.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(get.route->pattern, "/api/v1/jobs/{id}");
  EXPECT_EQ(get.params.at("id"), "abc123");
  auto events = match_route(route_table(), "GET", "/api/v1/jobs/j1/events");
  ASSERT_EQ(events.kind, RouteMatch::Kind::Found);
  EXPECT_TRUE(std::holds_alternative<Stream>(events.route->handler));
  EXPECT_EQ(events.params.at("id"), "j1");
  auto artifact = match_route(route_table(), "GET", "/api/v1/jobs/j1/artifacts/track%2D0.jpg");
  ASSERT_EQ(artifact.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(artifact.params.at("name"), "track-0.jpg");
}

TEST(Router, DistinguishesNotFoundFromWrongMethod) {
  EXPECT_EQ(match_route(route_table(), "GET", "/api/v1/nothing").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(match_route(route_table(), "GET", "/api/v1/jobs/").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(match_route(route_table(), "GET", "/api/v1/jobs/a/b/c").kind, RouteMatch::Kind::NotFound);
  auto wrong = match_route(route_table(), "DELETE", "/api/v1/jobs");
  EXPECT_EQ(wrong.kind, RouteMatch::Kind::MethodNotAllowed);
  EXPECT_EQ(std::set<std::string>(wrong.allowed_methods.begin(), wrong.allowed_methods.end()),
            (std::set<std::string>{"GET", "POST"}));
  EXPECT_EQ(match_route(route_table(), "GET", "/api/v1/jobs/x/cancel").kind, RouteMatch::Kind::MethodNotAllowed);
}

TEST(Router, ParsesTargetQuery) {
  Target t = parse_target("/api/v1/jobs?limit=5&cursor=a%2Bb&flag");
  EXPECT_EQ(t.path, "/api/v1/jobs");
  EXPECT_EQ(t.query.at("limit"), "5");
  EXPECT_EQ(t.query.at("cursor"), "a+b");
  EXPECT_EQ(t.query.at("flag"), "");
}

// The rows' own invariants: one row per (method, pattern), the admin area is
// admin-only, and only the anchor routes leave the I/O threads.
TEST(RouteTable, RowsAreUniqueAndConsistent) {
  std::set<std::string> seen;
  for (const Route& route : route_table()) {
    std::string key = std::string(route.method) + " " + std::string(route.pattern);
    EXPECT_TRUE(seen.insert(key).second) << "duplicate row " << key;
    bool admin_area = route.pattern.starts_with("/api/v1/admin/");
    EXPECT_EQ(admin_area, route.auth == Auth::Admin) << key;
    // Shared reports take their link's token instead of a key.
    bool api_area = route.pattern.starts_with("/api/v1/") && route.pattern != "/api/v1/openapi.json" &&
                    !route.pattern.starts_with("/api/v1/shared/");
    EXPECT_EQ(api_area, route.auth != Auth::Public) << key;
    if (route.method == "GET") { EXPECT_EQ(route.body, Body::None) << key; }
  }
}

TEST(RouteTable, EveryRowHasADocumentedOperation) {
  for (const Route& route : route_table()) {
    nlohmann::json op = route.operation.build();
    std::string key = std::string(route.method) + " " + std::string(route.pattern);
    ASSERT_TRUE(op.is_object()) << key;
    EXPECT_FALSE(op.value("summary", "").empty()) << key;
    ASSERT_TRUE(op.contains("responses")) << key;
    EXPECT_FALSE(op["responses"].empty()) << key;
    bool has_success = false;
    for (auto& [status, _] : op["responses"].items()) has_success |= status.starts_with("2");
    EXPECT_TRUE(has_success) << key << ": no 2xx response";
  }
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApi, DocumentsExactlyTheRouteTable) {
  nlohmann::json doc = openapi_document(route_table());
  std::set<std::string> documented, served;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) documented.insert(method + " " + path);
  }
  for (const Route& r : route_table()) served.insert(lower(r.method) + " " + std::string(r.pattern));
  EXPECT_EQ(documented, served);
  EXPECT_EQ(doc["openapi"], "3.1.0");
}

// Security and the 401/403 answers follow from each row's Auth, and a JSON
// body (required or not) from Body::Json or Body::OptionalJson, so no
// operation can forget them.
TEST(OpenApi, AuthAndBodyComeFromTheRow) {
  nlohmann::json doc = openapi_document(route_table());
  for (const Route& r : route_table()) {
    const nlohmann::json& op = doc["paths"][std::string(r.pattern)][lower(r.method)];
    std::string key = std::string(r.method) + " " + std::string(r.pattern);
    EXPECT_EQ(op.contains("security"), r.auth != Auth::Public) << key;
    EXPECT_EQ(op["responses"].contains("401"), r.auth != Auth::Public) << key;
    EXPECT_EQ(op["responses"].contains("403"), r.auth == Auth::Admin) << key;
    if (r.body == Body::Json || r.body == Body::OptionalJson) {
      EXPECT_TRUE(op["requestBody"]["content"].contains("application/json")) << key;
      EXPECT_EQ(op["requestBody"]["required"], r.body == Body::Json) << key;
    }
    if (r.body == Body::None) { EXPECT_FALSE(op.contains("requestBody")) << key; }
  }
}

// Collects every "$ref" that points into components.schemas.
void collect_refs(const nlohmann::json& node, std::set<std::string>& refs) {
  if (node.is_object()) {
    if (auto it = node.find("$ref"); it != node.end() && it->is_string()) refs.insert(it->get<std::string>());
    for (const auto& [_, child] : node.items()) collect_refs(child, refs);
  } else if (node.is_array()) {
    for (const auto& child : node) collect_refs(child, refs);
  }
}

TEST(OpenApi, EveryComponentReferenceResolves) {
  nlohmann::json doc = openapi_document(route_table());
  std::set<std::string> refs;
  collect_refs(doc["paths"], refs);
  collect_refs(doc["components"]["schemas"]["Job"], refs);
  EXPECT_TRUE(refs.contains("#/components/schemas/Report"));
  const std::string prefix = "#/components/schemas/";
  for (const std::string& ref : refs) {
    ASSERT_TRUE(ref.starts_with(prefix)) << ref;
    EXPECT_TRUE(doc["components"]["schemas"].contains(ref.substr(prefix.size()))) << ref;
  }
}

TEST(OpenApi, JobSchemaIsTyped) {
  nlohmann::json job = openapi_document(route_table())["components"]["schemas"]["Job"];
  EXPECT_EQ(job["properties"]["status"]["enum"],
            (nlohmann::json{"PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"}));
  EXPECT_EQ(job["properties"]["progress"]["required"], (nlohmann::json{"done", "stage", "total"}));
  EXPECT_TRUE(job["properties"]["media"]["properties"].contains("sha256"));
  EXPECT_EQ(job["properties"]["result"]["oneOf"][0]["$ref"], "#/components/schemas/Report");
  EXPECT_EQ(job["properties"]["result"]["oneOf"][1]["type"], "null");
}

TEST(OpenApi, ReportSchemaIsTheEmbeddedContract) {
  const nlohmann::json& report = report_schema();
  EXPECT_EQ(report["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_TRUE(report.contains("$id"));
  EXPECT_TRUE(report.contains("$defs"));
  EXPECT_EQ(openapi_document(route_table())["components"]["schemas"]["Report"], report);
}

}  // namespace
}  // namespace deeptrace::api
