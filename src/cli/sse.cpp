#include "cli/sse.hpp"

namespace deeptrace::cli {

std::vector<SseEvent> SseParser::feed(std::string_view chunk) {
  std::vector<SseEvent> out;
  for (char c : chunk) {
    // A line ends at CRLF, LF or CR; a CRLF split across chunks is one end.
    bool skip = after_cr_ && c == '\n';
    after_cr_ = c == '\r';
    if (skip) continue;
    if (c == '\r' || c == '\n') {
      take_line(line_, out);
      line_.clear();
    } else {
      line_ += c;
    }
  }
  return out;
}

void SseParser::take_line(std::string_view line, std::vector<SseEvent>& out) {
  if (line.empty()) return dispatch(out);
  if (line.front() == ':') {
    ++comments_;
    return;
  }
  size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "event") {
    pending_.event = value.empty() ? "message" : std::string(value);
  } else if (field == "data") {
    if (has_data_) pending_.data += '\n';
    pending_.data += value;
    has_data_ = true;
  } else if (field == "id") {
    pending_.id = std::string(value);
  }
  // "retry" and unknown fields are ignored, as the specification says.
}

void SseParser::dispatch(std::vector<SseEvent>& out) {
  if (has_data_) out.push_back(std::move(pending_));
  pending_ = SseEvent{};
  has_data_ = false;
}

}  // namespace deeptrace::cli
