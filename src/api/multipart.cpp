#include "api/multipart.hpp"

#include <algorithm>
#include <cctype>

#include "core/errors.hpp"

namespace deeptrace::api {
namespace {

[[noreturn]] void malformed(const std::string& why) {
  throw Error(ErrorCode::MALFORMED_MULTIPART, "malformed multipart body: " + why);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads `key=value` or `key="quoted \" value"` starting at `pos`; advances pos
// past the parameter and the following ';'.
std::pair<std::string, std::string> next_param(std::string_view s, size_t& pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == ';')) ++pos;
  size_t eq = s.find('=', pos);
  size_t semi = s.find(';', pos);
  if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
    std::string key = lower(trim(s.substr(pos, semi == std::string_view::npos ? s.npos : semi - pos)));
    pos = semi == std::string_view::npos ? s.size() : semi + 1;
    return {key, ""};
  }
  std::string key = lower(trim(s.substr(pos, eq - pos)));
  pos = eq + 1;
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  std::string value;
  if (pos < s.size() && s[pos] == '"') {
    ++pos;
    while (pos < s.size() && s[pos] != '"') {
      if (s[pos] == '\\' && pos + 1 < s.size()) ++pos;
      value += s[pos++];
    }
    if (pos >= s.size()) malformed("unterminated quoted string");
    ++pos;
  } else {
    size_t end = s.find(';', pos);
    value = std::string(trim(s.substr(pos, end == std::string_view::npos ? s.npos : end - pos)));
    pos = end == std::string_view::npos ? s.size() : end;
  }
  return {key, value};
}

void parse_disposition(std::string_view value, PartHeaders& headers) {
  size_t semi = value.find(';');
  if (lower(trim(value.substr(0, semi))) != "form-data") malformed("part is not form-data");
  bool has_name = false;
  size_t pos = semi == std::string_view::npos ? value.size() : semi + 1;
  while (pos < value.size()) {
    auto [key, val] = next_param(value, pos);
    if (key == "name") {
      headers.name = val;
      has_name = true;
    } else if (key == "filename") {
      headers.filename = val;
    }
  }
  if (!has_name) malformed("part has no name");
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  size_t semi = content_type.find(';');
  if (lower(trim(content_type.substr(0, semi))) != "multipart/form-data") return std::nullopt;
  size_t pos = semi == std::string_view::npos ? content_type.size() : semi + 1;
  while (pos < content_type.size()) {
    auto [key, val] = next_param(content_type, pos);
    if (key != "boundary") continue;
    if (val.empty() || val.size() > 70) malformed("boundary must be 1 to 70 characters");
    return val;
  }
  malformed("multipart Content-Type has no boundary");
}

PartHeaders parse_part_headers(std::string_view block) {
  PartHeaders headers;
  bool has_disposition = false;
  while (!block.empty()) {
    size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    if (line.empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) malformed("bad part header line");
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      parse_disposition(value, headers);
      has_disposition = true;
    } else if (name == "content-type") {
      headers.content_type = std::string(value);
    }
  }
  if (!has_disposition) malformed("part has no Content-Disposition");
  return headers;
}

MultipartParser::MultipartParser(std::string boundary, MultipartListener& listener)
    : delimiter_("\r\n--" + boundary), listener_(listener) {
  // The first delimiter may start the body without a preceding CRLF; seeding
  // the buffer with one lets a single search handle both cases.
  buffer_ = "\r\n";
}

void MultipartParser::feed(std::string_view chunk) {
  if (state_ == State::Epilogue) return;  // epilogue is ignored
  buffer_.append(chunk);
  while (step()) {
  }
}

void MultipartParser::finish() {
  if (state_ != State::Epilogue) malformed("body ended before the closing boundary");
}

bool MultipartParser::step() {
  switch (state_) {
    case State::Preamble: return step_preamble();
    case State::AfterDelimiter: return step_after_delimiter();
    case State::Headers: return step_headers();
    case State::Body: return step_body();
    case State::Epilogue: buffer_.clear(); return false;
  }
  return false;
}

bool MultipartParser::step_preamble() {
  size_t at = buffer_.find(delimiter_);
  if (at == std::string::npos) {
    // Keep only what could still be the start of the delimiter.
    if (buffer_.size() >= delimiter_.size()) buffer_.erase(0, buffer_.size() - delimiter_.size() + 1);
    return false;
  }
  buffer_.erase(0, at + delimiter_.size());
  state_ = State::AfterDelimiter;
  return true;
}

bool MultipartParser::step_after_delimiter() {
  // "--" closes the body; otherwise optional transport padding, then CRLF.
  if (buffer_.size() < 2) return false;
  if (buffer_.compare(0, 2, "--") == 0) {
    state_ = State::Epilogue;
    buffer_.clear();
    return false;
  }
  size_t i = 0;
  while (i < buffer_.size() && (buffer_[i] == ' ' || buffer_[i] == '\t')) ++i;
  // The same limit whether or not the CRLF has arrived yet, so that how the
  // body is split never changes the answer.
  if (i > kMaxBoundaryPadding) malformed("too much padding after boundary");
  if (i + 2 > buffer_.size()) return false;
  if (buffer_.compare(i, 2, "\r\n") != 0) malformed("boundary not followed by CRLF");
  buffer_.erase(0, i + 2);
  state_ = State::Headers;
  return true;
}

bool MultipartParser::step_headers() {
  size_t end = buffer_.find("\r\n\r\n");
  if (buffer_.compare(0, 2, "\r\n") == 0) end = 0;  // a part with no headers at all
  if (end == std::string::npos) {
    if (buffer_.size() > kMaxHeaderBytes) malformed("part headers too long");
    return false;
  }
  if (end == 0) malformed("part has no Content-Disposition");
  PartHeaders headers = parse_part_headers(std::string_view(buffer_).substr(0, end));
  buffer_.erase(0, end + 4);
  listener_.on_part_begin(headers);
  state_ = State::Body;
  return true;
}

bool MultipartParser::step_body() {
  size_t at = buffer_.find(delimiter_);
  if (at == std::string::npos) {
    // Everything except a possible delimiter prefix at the end is part data.
    size_t keep = std::min(buffer_.size(), delimiter_.size() - 1);
    size_t emit = buffer_.size() - keep;
    if (emit > 0) {
      listener_.on_part_data(std::string_view(buffer_).substr(0, emit));
      buffer_.erase(0, emit);
    }
    return false;
  }
  if (at > 0) listener_.on_part_data(std::string_view(buffer_).substr(0, at));
  listener_.on_part_end();
  buffer_.erase(0, at + delimiter_.size());
  state_ = State::AfterDelimiter;
  return true;
}

}  // namespace deeptrace::api
