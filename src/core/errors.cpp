#include "core/errors.hpp"

#include <array>

namespace deeptrace {
namespace {

struct CodeInfo {
  std::string_view name;
  int status;
  bool retryable;
  std::string_view message;
};

constexpr std::array kCodes = {
#define DEEPTRACE_INFO_ENTRY(name, status, retryable, message) CodeInfo{#name, status, retryable, message},
    DEEPTRACE_ERROR_CODES(DEEPTRACE_INFO_ENTRY)
#undef DEEPTRACE_INFO_ENTRY
};

const CodeInfo& info(ErrorCode code) { return kCodes.at(static_cast<size_t>(code)); }

}  // namespace

std::string_view code_name(ErrorCode code) { return info(code).name; }
int http_status(ErrorCode code) { return info(code).status; }
bool default_retryable(ErrorCode code) { return info(code).retryable; }
std::string_view default_message(ErrorCode code) { return info(code).message; }

std::optional<ErrorCode> parse_error_code(std::string_view name) {
  for (size_t i = 0; i < kCodes.size(); ++i) {
    if (kCodes[i].name == name) return static_cast<ErrorCode>(i);
  }
  return std::nullopt;
}

const std::vector<ErrorCode>& all_error_codes() {
  static const std::vector<ErrorCode> codes = [] {
    std::vector<ErrorCode> out;
    for (size_t i = 0; i < kCodes.size(); ++i) out.push_back(static_cast<ErrorCode>(i));
    return out;
  }();
  return codes;
}

Error::Error(ErrorCode code) : Error(code, std::string(default_message(code))) {}
Error::Error(ErrorCode code, const std::string& message)
    : Error(code, message, default_retryable(code)) {}
Error::Error(ErrorCode code, const std::string& message, bool retryable)
    : std::runtime_error(message), code_(code), retryable_(retryable) {}

}  // namespace deeptrace
