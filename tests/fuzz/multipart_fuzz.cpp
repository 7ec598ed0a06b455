// The streaming multipart/form-data parser (src/api/multipart.hpp) and the
// upload sink built on it, on arbitrary bodies cut into arbitrary chunks.
// Input: a Content-Type line, "\n", then the body. The chunk sizes come from
// a PRNG seeded by the input, so a delimiter lands across chunk edges.
// Checked: only Error(...) may be thrown; the listener sees begin/data/end in
// order; the parts are the same whether the body comes whole or in chunks
// (and both fail, or neither); the upload sink agrees with the parser.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/multipart.hpp"
#include "api/upload_sink.hpp"
#include "core/errors.hpp"
#include "fuzz_util.hpp"

namespace {

using deeptrace::fuzz::check;
constexpr const char* kDefaultBoundary = "fuzzBoundary";

struct Part {
  deeptrace::api::PartHeaders headers;
  std::string data;
  bool ended = false;
  bool operator==(const Part& o) const {
    return headers.name == o.headers.name && headers.filename == o.headers.filename &&
           headers.content_type == o.headers.content_type && data == o.data && ended == o.ended;
  }
};

class Recorder : public deeptrace::api::MultipartListener {
 public:
  std::vector<Part> parts;
  bool in_part = false;
  void on_part_begin(const deeptrace::api::PartHeaders& h) override {
    check(!in_part, "part begins inside a part");
    in_part = true;
    parts.push_back({h, "", false});
  }
  void on_part_data(std::string_view d) override {
    check(in_part, "part data outside a part");
    parts.back().data.append(d);
  }
  void on_part_end() override {
    check(in_part, "part ends outside a part");
    in_part = false;
    parts.back().ended = true;
  }
};

struct Outcome {
  std::vector<Part> parts;
  std::optional<deeptrace::ErrorCode> error;
};

// Feeds `body` in chunks of the given sizes (cycled); sizes empty: whole.
Outcome parse(const std::string& boundary, std::string_view body, const std::vector<std::size_t>& sizes) {
  Recorder recorder;
  Outcome out;
  try {
    deeptrace::api::MultipartParser parser(boundary, recorder);
    std::size_t at = 0;
    for (std::size_t i = 0; at < body.size(); ++i) {
      std::size_t n = sizes.empty() ? body.size() : sizes[i % sizes.size()];
      parser.feed(body.substr(at, n));
      at += n;
    }
    parser.finish();
    check(parser.done(), "finish() returned but the parser is not done");
    check(!recorder.in_part, "finished inside a part");
  } catch (const deeptrace::Error& e) {
    out.error = e.code();
  }
  out.parts = std::move(recorder.parts);
  return out;
}

std::vector<std::size_t> chunk_sizes(std::string_view data) {
  std::uint32_t state = 2166136261u;  // FNV-1a of the input seeds a tiny LCG
  for (unsigned char c : data) state = (state ^ c) * 16777619u;
  std::vector<std::size_t> sizes(16);
  for (auto& s : sizes) {
    state = state * 1664525u + 1013904223u;
    s = 1 + (state >> 16) % 97;
  }
  return sizes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t newline = input.find('\n');
  std::string_view content_type = newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
  std::string_view body = newline == std::string_view::npos ? input : input.substr(newline + 1);

  std::string boundary = kDefaultBoundary;
  try {
    if (auto b = deeptrace::api::multipart_boundary(content_type)) {
      check(!b->empty() && b->size() <= 70, "multipart_boundary accepted an invalid boundary");
      boundary = *b;
    }
  } catch (const deeptrace::Error&) {
  }

  Outcome whole = parse(boundary, body, {});
  Outcome chunked = parse(boundary, body, chunk_sizes(input));
  check(whole.error.has_value() == chunked.error.has_value(), "chunking changed whether the body parses");
  if (!whole.error) check(whole.parts == chunked.parts, "chunking changed the parts");

  // The upload sink: the `file` part to disk with a size cap, small fields kept.
  static const auto file = deeptrace::fuzz::scratch_file("multipart");
  try {
    deeptrace::api::UploadSink sink(file, 4096, boundary);
    for (std::size_t at = 0; at < body.size(); at += 61) sink.write(body.substr(at, 61));
    deeptrace::api::UploadedFile uploaded = sink.finish();
    check(!whole.error, "the upload sink accepted a body the parser refuses");
    check(uploaded.size >= 0 && uploaded.size <= 4096, "upload size outside the cap");
    check(uploaded.sha256.size() == 64, "upload hash is not 64 hex digits");
    for (const auto& [name, value] : uploaded.fields) {
      check(value.size() <= deeptrace::api::UploadSink::kMaxFieldBytes, "a kept field is over the field cap");
    }
  } catch (const deeptrace::Error&) {
  }
  return 0;
}
