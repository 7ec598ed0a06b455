#pragma once
// The route table: the one list of (method, path pattern) pairs the server
// answers. The OpenAPI document and the metrics labels are derived from it.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deeptrace::api {

enum class RouteId {
  CreateJob,
  ListJobs,
  GetJob,
  CancelJob,
  JobEvents,
  Me,
  OpenApi,
  Healthz,
  Readyz,
  Metrics,
  JobArtifact,
  Models,
  JobAnchor,
  PendingReports,
  CreateAnchorBatch,
  ListAnchorBatches,
  GetAnchorBatch,
  AnchorBatchSubmitted,
  AnchorBatchConfirmed,
};

struct Route {
  RouteId id;
  std::string_view method;   // "GET", "POST"
  std::string_view pattern;  // "/api/v1/jobs/{id}"; {name} matches one segment
  bool needs_auth;
  bool takes_json = false;  // the dispatcher parses the body into Exchange::body
};

const std::vector<Route>& route_table();

struct RouteMatch {
  enum class Kind { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed_methods;  // for 405's Allow header
};

// `path` is the target without the query string.
RouteMatch match_route(std::string_view method, std::string_view path);

// Splits "/a/b?x=1&y=2" into path and decoded query parameters.
struct Target {
  std::string path;
  std::map<std::string, std::string> query;
};
Target parse_target(std::string_view target);

}  // namespace deeptrace::api
