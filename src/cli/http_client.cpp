#include "cli/beast_io.hpp"

namespace deeptrace::cli {

namespace io {

std::unique_ptr<Connection> connect(const ServerUrl& url) {
  auto conn = std::make_unique<Connection>();
  tcp::resolver resolver(conn->io);
  conn->stream.connect(resolver.resolve(url.host, url.port));
  conn->stream.socket().set_option(tcp::no_delay(true));
  return conn;
}

void set_common_fields(http::fields& fields, const ApiClient& client) {
  fields.set(http::field::host, client.url().host_header());
  fields.set(http::field::user_agent, "deeptrace-cli/" DEEPTRACE_VERSION);
  fields.set(http::field::authorization, "Bearer " + client.key());
}

http::response<http::string_body> read_response(Connection& conn) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  http::read(conn.stream, conn.buffer, parser);
  return parser.release();
}

}  // namespace io

Json decode_response(int status, std::string_view body) {
  Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (status == 204) return nullptr;  // No Content (a delete)
  if (status >= 200 && status < 300) {
    if (doc.is_discarded()) throw rejected("", "the server sent a response that is not JSON (HTTP " + std::to_string(status) + ")");
    return doc;
  }
  if (!doc.is_discarded() && doc.contains("error") && doc["error"].is_object()) {
    const Json& error = doc["error"];
    throw rejected(error.value("code", "UNKNOWN"), error.value("message", ""));
  }
  throw rejected("HTTP_" + std::to_string(status), "the server answered HTTP " + std::to_string(status) +
                                                       " without an error document");
}

Json ApiClient::send(std::string_view method, std::string_view path, const Json* body) const {
  return io::guard_network(url_, [&] {
    auto conn = io::connect(url_);
    io::http::request<io::http::string_body> req{io::http::string_to_verb(method), url_.target(path), 11};
    io::set_common_fields(req, *this);
    req.set(io::http::field::accept, "application/json");
    if (body) {
      req.set(io::http::field::content_type, "application/json");
      req.body() = body->dump();
    }
    req.prepare_payload();
    io::http::write(conn->stream, req);
    auto res = io::read_response(*conn);
    return decode_response(res.result_int(), res.body());
  });
}

Json ApiClient::get(std::string_view path) const { return send("GET", path); }

Json ApiClient::post(std::string_view path) const { return send("POST", path); }

Json ApiClient::post(std::string_view path, const Json& body) const { return send("POST", path, &body); }

Json ApiClient::patch(std::string_view path, const Json& body) const { return send("PATCH", path, &body); }

Json ApiClient::remove(std::string_view path) const { return send("DELETE", path); }

}  // namespace deeptrace::cli
