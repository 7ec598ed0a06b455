#pragma once
#include "api/context.hpp"

namespace deeptrace::api {

// Routes one request whose headers have been read: 404/405, authentication,
// then the handler. Returns the response to write (ignored when the handler
// streamed its own). Throws deeptrace::Error for expected failures.
awaitable<Response> dispatch(ServerContext& ctx, Exchange& ex, std::string& route_label);

}  // namespace deeptrace::api
