#include "api/connection.hpp"

#include "core/errors.hpp"

namespace deeptrace::api {

Connection::Connection(tcp::socket socket)
    : socket_(std::move(socket)), deadline_(socket_.get_executor()) {}

void Connection::arm(std::chrono::seconds timeout) {
  timed_out_ = false;
  unsigned generation = ++generation_;
  deadline_.expires_after(timeout);
  deadline_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    if (ec || generation != self->generation_) return;
    self->timed_out_ = true;
    beast::error_code ignored;
    self->socket_.cancel(ignored);
  });
}

void Connection::disarm() {
  ++generation_;
  deadline_.cancel();
}

awaitable<bool> Connection::read_header(BodyParser& parser, std::chrono::seconds idle) {
  beast::error_code ec;
  arm(idle);
  co_await http::async_read_header(socket_, buffer_, parser, asio::redirect_error(use_awaitable, ec));
  disarm();
  if (!ec) co_return true;
  if (ec == http::error::end_of_stream || ec == asio::error::eof || timed_out_ ||
      ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
    co_return false;
  }
  if (ec == http::error::header_limit) {
    throw Error(ErrorCode::HEADERS_TOO_LARGE, "the request line and headers exceed the server's limit");
  }
  throw Error(ErrorCode::INVALID_REQUEST, "bad HTTP request: " + ec.message());
}

awaitable<std::size_t> Connection::read_body_some(BodyParser& parser, char* buffer, std::size_t size,
                                                  std::chrono::seconds idle) {
  if (parser.is_done()) co_return 0;
  auto& body = parser.get().body();
  body.data = buffer;
  body.size = size;
  beast::error_code ec;
  arm(idle);
  co_await http::async_read_some(socket_, buffer_, parser, asio::redirect_error(use_awaitable, ec));
  disarm();
  if (ec == http::error::need_buffer) ec = {};
  if (timed_out_) throw Error(ErrorCode::REQUEST_TIMEOUT);
  if (ec == http::error::partial_message || ec == http::error::end_of_stream || ec == asio::error::eof ||
      ec == asio::error::connection_reset) {
    throw Error(ErrorCode::INCOMPLETE_BODY);
  }
  if (ec) throw Error(ErrorCode::INVALID_REQUEST, "bad request body: " + ec.message());
  co_return size - body.size;
}

awaitable<void> Connection::write_raw(std::string_view data) {
  co_await asio::async_write(socket_, asio::buffer(data.data(), data.size()), use_awaitable);
}

awaitable<void> Connection::lingering_close() {
  constexpr std::size_t kMaxDiscard = 256u << 20;
  beast::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  std::size_t discarded = 0;
  std::array<char, 64 * 1024> scratch;
  arm(std::chrono::seconds(5));
  while (!ec && discarded < kMaxDiscard) {
    discarded += co_await socket_.async_read_some(asio::buffer(scratch), asio::redirect_error(use_awaitable, ec));
  }
  disarm();
  close();
}

void Connection::close() {
  beast::error_code ec;
  deadline_.cancel();
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

std::string Connection::peer() const {
  beast::error_code ec;
  auto endpoint = socket_.remote_endpoint(ec);
  return ec ? std::string("unknown") : endpoint.address().to_string();
}

}  // namespace deeptrace::api
