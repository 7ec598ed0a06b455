#pragma once
// Asio/Beast aliases shared by the server's translation units, plus a helper
// that runs blocking work (probing, hashing) on the worker pool so I/O
// threads never wait on it.
#include <exception>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace deeptrace::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
template <class T>
using awaitable = asio::awaitable<T>;
using asio::use_awaitable;

// Runs fn() on `pool` and resumes the calling coroutine on its own executor;
// exceptions thrown by fn() are rethrown in the caller.
template <class F>
awaitable<void> run_blocking(asio::thread_pool& pool, F fn) {
  std::exception_ptr error;
  co_await asio::async_initiate<decltype(use_awaitable), void()>(
      [&pool, &fn, &error](auto handler) {
        auto caller = asio::get_associated_executor(handler);
        asio::post(pool, [&fn, &error, caller, handler = std::move(handler)]() mutable {
          try {
            fn();
          } catch (...) {
            error = std::current_exception();
          }
          asio::post(caller, std::move(handler));
        });
      },
      use_awaitable);
  if (error) std::rethrow_exception(error);
}

}  // namespace deeptrace::api
