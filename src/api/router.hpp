#pragma once
// The shape of a route-table row and the matching of a request against a
// table. The table itself (src/api/route_table.cpp) is the one list of what
// the server answers: the dispatcher, the OpenAPI document and the metrics
// labels are all derived from its rows.
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/asio_types.hpp"
#include "api/responses.hpp"
#include "api/target.hpp"

namespace deeptrace::api {

struct ServerContext;
struct Exchange;

// Who may call a route. Admin routes answer 403 FORBIDDEN to other keys.
enum class Auth { Public, User, Admin };

// What the dispatcher does with the request body before the handler runs.
enum class Body {
  None,          // read and drop a small one, so the connection stays usable
  Json,          // parse a JSON object into Exchange::body
  OptionalJson,  // the same, or no body at all (an empty object)
  UploadStream,  // untouched: the handler streams it itself
};

// The kinds of handler, one per way the dispatcher must run it. Each has a
// constructor and no default, so a row cannot leave its handler out.
using HandlerFn = Response (*)(ServerContext&, Exchange&);

// Short, non-blocking work: runs on the I/O thread.
struct OnIoThread {
  constexpr explicit OnIoThread(HandlerFn fn) : run(fn) {}
  HandlerFn run;
};

// Reads and writes several store documents: runs on the blocking pool.
struct OnBlockingPool {
  constexpr explicit OnBlockingPool(HandlerFn fn) : run(fn) {}
  HandlerFn run;
};

// A coroutine that awaits I/O itself and returns the response to write.
struct Coroutine {
  using Fn = awaitable<Response> (*)(ServerContext&, Exchange&);
  constexpr explicit Coroutine(Fn fn) : run(fn) {}
  Fn run;
};

// Writes its own response (Server-Sent Events) and sets Exchange::streamed.
struct Stream {
  using Fn = awaitable<void> (*)(ServerContext&, Exchange&);
  constexpr explicit Stream(Fn fn) : run(fn) {}
  Fn run;
};

using Handler = std::variant<OnIoThread, OnBlockingPool, Coroutine, Stream>;

// The route's OpenAPI operation object (summary, parameters, responses,
// requestBody). Security and the 401/403 responses are added from the
// row's Auth, so an operation states only what is particular to its route.
struct Operation {
  using Fn = nlohmann::json (*)();
  constexpr explicit Operation(Fn fn) : build(fn) {}
  Fn build;
};

// A row omitted from an aggregate initialiser is initialised from {}; with
// no default constructor that is a compile error, which is what makes a
// row without a handler or an operation impossible.
static_assert(!std::is_default_constructible_v<Handler>, "every route needs a handler");
static_assert(!std::is_default_constructible_v<Operation>, "every route needs an OpenAPI operation");

struct Route {
  std::string_view method;   // "GET", "POST"
  std::string_view pattern;  // "/api/v1/jobs/{id}"; {name} matches one segment
  Auth auth;
  Body body;
  Handler handler;
  Operation operation;
  bool refused_while_shutting_down = false;  // 503 SHUTTING_DOWN once a drain starts
};

// Every route the server answers (src/api/route_table.cpp).
std::span<const Route> route_table();

struct RouteMatch {
  enum class Kind { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed_methods;  // for 405's Allow header
};

// `path` is the target without the query string.
RouteMatch match_route(std::span<const Route> table, std::string_view method, std::string_view path);

}  // namespace deeptrace::api
