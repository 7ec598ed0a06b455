#include "api/router.hpp"

#include <gtest/gtest.h>

#include <set>

#include "api/openapi.hpp"

namespace deeptrace::api {
namespace {

TEST(Router, MatchesStaticAndParameterisedRoutes) {
  auto list = match_route("GET", "/api/v1/jobs");
  ASSERT_EQ(list.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(list.route->id, RouteId::ListJobs);
  auto create = match_route("POST", "/api/v1/jobs");
  ASSERT_EQ(create.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(create.route->id, RouteId::CreateJob);
  auto get = match_route("GET", "/api/v1/jobs/abc123");
  ASSERT_EQ(get.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(get.route->id, RouteId::GetJob);
  EXPECT_EQ(get.params.at("id"), "abc123");
  auto events = match_route("GET", "/api/v1/jobs/j1/events");
  ASSERT_EQ(events.kind, RouteMatch::Kind::Found);
  EXPECT_EQ(events.route->id, RouteId::JobEvents);
  EXPECT_EQ(events.params.at("id"), "j1");
}

TEST(Router, DistinguishesNotFoundFromWrongMethod) {
  EXPECT_EQ(match_route("GET", "/api/v1/nothing").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(match_route("GET", "/api/v1/jobs/").kind, RouteMatch::Kind::NotFound);
  EXPECT_EQ(match_route("GET", "/api/v1/jobs/a/b/c").kind, RouteMatch::Kind::NotFound);
  auto wrong = match_route("DELETE", "/api/v1/jobs");
  EXPECT_EQ(wrong.kind, RouteMatch::Kind::MethodNotAllowed);
  EXPECT_EQ(std::set<std::string>(wrong.allowed_methods.begin(), wrong.allowed_methods.end()),
            (std::set<std::string>{"GET", "POST"}));
  EXPECT_EQ(match_route("GET", "/api/v1/jobs/x/cancel").kind, RouteMatch::Kind::MethodNotAllowed);
}

TEST(Router, ParsesTargetQuery) {
  Target t = parse_target("/api/v1/jobs?limit=5&cursor=a%2Bb&flag");
  EXPECT_EQ(t.path, "/api/v1/jobs");
  EXPECT_EQ(t.query.at("limit"), "5");
  EXPECT_EQ(t.query.at("cursor"), "a+b");
  EXPECT_EQ(t.query.at("flag"), "");
}

TEST(OpenApi, DocumentsExactlyTheRouteTable) {
  nlohmann::json doc = openapi_document();
  std::set<std::string> documented, served;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      documented.insert(method + " " + path);
      EXPECT_TRUE(op.contains("responses")) << path;
    }
  }
  for (const Route& r : route_table()) {
    std::string m(r.method);
    for (char& c : m) c = static_cast<char>(std::tolower(c));
    served.insert(m + " " + std::string(r.pattern));
  }
  EXPECT_EQ(documented, served);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
}

}  // namespace
}  // namespace deeptrace::api
