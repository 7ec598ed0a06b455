#pragma once
// Incremental multipart/form-data parser (RFC 7578 / RFC 2046). Bytes are fed
// in arbitrary chunks as they arrive from the socket, so a boundary may be
// split across chunks; part bodies are passed through without buffering
// whole parts. Every malformed input throws Error(MALFORMED_MULTIPART).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace deeptrace::api {

struct PartHeaders {
  std::string name;                     // Content-Disposition name=
  std::optional<std::string> filename;  // Content-Disposition filename=
  std::string content_type;             // may be empty
};

class MultipartListener {
 public:
  virtual ~MultipartListener() = default;
  virtual void on_part_begin(const PartHeaders& headers) = 0;
  virtual void on_part_data(std::string_view data) = 0;
  virtual void on_part_end() = 0;
};

// Extracts the boundary parameter from a multipart/form-data Content-Type.
// Returns nullopt when the type is not multipart/form-data; throws
// MALFORMED_MULTIPART when it is but the boundary is missing or invalid.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Parses a Content-Disposition value: form-data; name="x"; filename="y".
PartHeaders parse_part_headers(std::string_view header_block);

class MultipartParser {
 public:
  static constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
  static constexpr std::size_t kMaxBoundaryPadding = 256;  // spaces or tabs after a boundary, before its CRLF

  MultipartParser(std::string boundary, MultipartListener& listener);

  void feed(std::string_view chunk);
  // Call at end of body; throws unless the closing delimiter was seen.
  void finish();
  bool done() const { return state_ == State::Epilogue; }

 private:
  enum class State { Preamble, AfterDelimiter, Headers, Body, Epilogue };

  bool step();  // processes buffer_; false when more input is needed
  bool step_preamble();
  bool step_after_delimiter();
  bool step_headers();
  bool step_body();

  std::string delimiter_;  // "\r\n--" + boundary
  MultipartListener& listener_;
  State state_ = State::Preamble;
  std::string buffer_;
};

}  // namespace deeptrace::api
