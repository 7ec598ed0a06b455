// POST /api/v1/jobs with the file as a raw body, streamed from disk in
// chunks so memory stays flat whatever the file size. "Expect: 100-continue"
// lets the server refuse (bad key, oversize) before any byte is sent.
#include <fstream>
#include <vector>

#include "cli/beast_io.hpp"

namespace deeptrace::cli {
namespace {

using namespace io;

constexpr std::size_t kChunkBytes = 256 * 1024;

std::string upload_target(const ApiClient& client, const UploadRequest& request) {
  std::string path = "/api/v1/jobs";
  if (request.frames) path += "?frames=" + std::to_string(*request.frames);
  return client.url().target(path);
}

std::ifstream open_upload(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw usage_error("cannot read " + file.string());
  return in;
}

// Sends the body chunk by chunk through Beast's buffer_body serializer.
void send_body(Connection& conn, http::request<http::buffer_body>& req,
               http::request_serializer<http::buffer_body>& serializer, std::ifstream& in,
               std::int64_t total, const UploadProgressFn& on_progress) {
  std::vector<char> chunk(kChunkBytes);
  std::int64_t sent = 0;
  while (sent < total) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    std::streamsize n = in.gcount();
    if (n <= 0) throw usage_error("the file shrank while it was being uploaded");
    req.body().data = chunk.data();
    req.body().size = static_cast<std::size_t>(n);
    req.body().more = sent + n < total;
    beast::error_code ec;
    http::write(conn.stream, serializer, ec);
    if (ec && ec != http::error::need_buffer) throw boost::system::system_error(ec);
    sent += n;
    if (on_progress) on_progress(sent, total);
  }
}

}  // namespace

Json ApiClient::upload(const UploadRequest& request, const UploadProgressFn& on_progress) const {
  std::ifstream in = open_upload(request.file);
  auto total = static_cast<std::int64_t>(std::filesystem::file_size(request.file));
  return guard_network(url_, [&] {
    auto conn = connect(url_);
    http::request<http::buffer_body> req{http::verb::post, upload_target(*this, request), 11};
    set_common_fields(req, *this);
    // The server sniffs the real type; octet-stream spares a guess here.
    req.set(http::field::content_type, "application/octet-stream");
    req.set("X-Filename", percent_encode(request.file.filename().string()));
    req.set(http::field::expect, "100-continue");
    req.set(http::field::accept, "application/json");
    req.content_length(total);
    req.body().data = nullptr;
    req.body().more = true;
    http::request_serializer<http::buffer_body> serializer{req};
    http::write_header(conn->stream, serializer);

    auto first = read_response(*conn);
    if (first.result() != http::status::continue_) return decode_response(first.result_int(), first.body());
    if (on_progress) on_progress(0, total);
    send_body(*conn, req, serializer, in, total, on_progress);
    auto res = read_response(*conn);
    return decode_response(res.result_int(), res.body());
  });
}

}  // namespace deeptrace::cli
