// GET /api/v1/jobs/{id}/events: the response body is read incrementally
// with Beast's buffer_body parser, the documented way to consume a body of
// unknown length as it arrives.
#include <array>
#include <limits>

#include "cli/beast_io.hpp"

namespace deeptrace::cli {

using namespace io;

struct EventStream::Impl {
  std::unique_ptr<Connection> conn;
  http::response_parser<http::buffer_body> parser;
  std::array<char, 16 * 1024> scratch;
  ServerUrl url;
};

EventStream::EventStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventStream::EventStream(EventStream&&) noexcept = default;
EventStream::~EventStream() = default;

namespace {

// Reads whatever the next read yields into scratch; returns the byte count.
std::size_t read_chunk(EventStream::Impl& s) {
  auto& body = s.parser.get().body();
  body.data = s.scratch.data();
  body.size = s.scratch.size();
  beast::error_code ec;
  http::read_some(s.conn->stream, s.conn->buffer, s.parser, ec);
  if (ec == http::error::need_buffer) ec = {};
  if (ec) throw boost::system::system_error(ec);
  return s.scratch.size() - body.size;
}

// A refused stream (unknown job, bad key) carries a JSON error document.
void throw_error_body(EventStream::Impl& s) {
  std::string body;
  while (!s.parser.is_done()) {
    std::size_t n = read_chunk(s);
    body.append(s.scratch.data(), n);
    if (body.size() > kMaxResponseBytes) break;
  }
  decode_response(s.parser.get().result_int(), body);
  throw rejected("HTTP_" + std::to_string(s.parser.get().result_int()), "the event stream was refused");
}

}  // namespace

std::optional<std::string> EventStream::read_some() {
  return guard_network(impl_->url, [&]() -> std::optional<std::string> {
    while (!impl_->parser.is_done()) {
      std::size_t n = read_chunk(*impl_);
      if (n > 0) return std::string(impl_->scratch.data(), n);
    }
    return std::nullopt;
  });
}

EventStream ApiClient::events(std::string_view job_id) const {
  auto impl = std::make_unique<EventStream::Impl>();
  impl->url = url_;
  // A long job streams many full job documents; the stream has no size cap.
  impl->parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  guard_network(url_, [&] {
    impl->conn = connect(url_);
    http::request<http::empty_body> req{http::verb::get,
                                        url_.target("/api/v1/jobs/" + percent_encode(job_id) + "/events"), 11};
    set_common_fields(req, *this);
    req.set(http::field::accept, "text/event-stream");
    http::write(impl->conn->stream, req);
    http::read_header(impl->conn->stream, impl->conn->buffer, impl->parser);
    if (impl->parser.get().result() != http::status::ok) throw_error_body(*impl);
  });
  return EventStream(std::move(impl));
}

}  // namespace deeptrace::cli
