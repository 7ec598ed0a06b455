#pragma once
// An incremental Server-Sent Events parser (WHATWG "event stream
// interpretation"): bytes arrive in arbitrary chunks, events come out whole.
#include <string>
#include <string_view>
#include <vector>

namespace deeptrace::cli {

struct SseEvent {
  std::string event = "message";
  std::string data;  // data lines joined with '\n'
  std::string id;
};

class SseParser {
 public:
  // Feeds the next chunk; returns the events it completed (possibly none).
  std::vector<SseEvent> feed(std::string_view chunk);
  // Comment lines (": keep-alive") seen so far.
  int comments() const { return comments_; }

 private:
  void take_line(std::string_view line, std::vector<SseEvent>& out);
  void dispatch(std::vector<SseEvent>& out);

  std::string line_;         // the incomplete line carried between chunks
  bool after_cr_ = false;    // the last chunk ended in '\r': skip a leading '\n'
  SseEvent pending_;
  bool has_data_ = false;
  int comments_ = 0;
};

}  // namespace deeptrace::cli
