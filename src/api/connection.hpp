#pragma once
// One client connection: the socket, its read buffer and a deadline timer.
// Timeouts cancel the pending operation (instead of closing the socket, as
// beast::tcp_stream would) so the server can still answer 408.
#include <memory>
#include <string>
#include <string_view>

#include "api/asio_types.hpp"

namespace deeptrace::api {

using BodyParser = http::request_parser<http::buffer_body>;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(tcp::socket socket);

  // false: the client closed the connection (or idled out) between requests.
  // Throws Error(HEADERS_TOO_LARGE | INVALID_REQUEST).
  awaitable<bool> read_header(BodyParser& parser, std::chrono::seconds idle);
  // Reads body bytes into `buffer`; returns how many (0 when the body is done).
  // Throws Error(INCOMPLETE_BODY | REQUEST_TIMEOUT | INVALID_REQUEST).
  awaitable<std::size_t> read_body_some(BodyParser& parser, char* buffer, std::size_t size,
                                        std::chrono::seconds idle);
  template <class Message>
  awaitable<void> write(Message& message) {
    co_await http::async_write(socket_, message, use_awaitable);
  }
  template <class Serializer>
  awaitable<void> write_header(Serializer& serializer) {
    co_await http::async_write_header(socket_, serializer, use_awaitable);
  }
  awaitable<void> write_raw(std::string_view data);
  // Half-closes, then discards what the client is still sending (bounded),
  // so an early error response is not lost to a TCP reset.
  awaitable<void> lingering_close();
  void close();

  bool usable() const { return socket_.is_open(); }
  tcp::socket::executor_type executor() { return socket_.get_executor(); }
  std::string peer() const;

 private:
  void arm(std::chrono::seconds timeout);
  void disarm();

  tcp::socket socket_;
  beast::flat_buffer buffer_;
  asio::steady_timer deadline_;
  unsigned generation_ = 0;
  bool timed_out_ = false;
};

}  // namespace deeptrace::api
