#pragma once
// Every error DeepTrace reports, defined once. A code is a stable public
// contract: clients match on it. Never rename or reuse one; add new ones.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deeptrace {

// X(name, http_status, retryable, default_message)
#define DEEPTRACE_ERROR_CODES(X)                                                              \
  X(UNAUTHORIZED, 401, false, "missing or invalid API key")                                   \
  X(FORBIDDEN, 403, false, "this key may not do that")                                        \
  X(ROUTE_NOT_FOUND, 404, false, "no such route")                                             \
  X(JOB_NOT_FOUND, 404, false, "no such job")                                                 \
  X(METHOD_NOT_ALLOWED, 405, false, "method not allowed on this route")                       \
  X(REQUEST_TIMEOUT, 408, false, "the request was not received in time")                      \
  X(JOB_NOT_CANCELLABLE, 409, false, "the job has already finished")                          \
  X(JOB_STILL_RUNNING, 409, false, "the job is queued or running; cancel it first")           \
  X(INVALID_REQUEST, 400, false, "the request is not valid")                                  \
  X(INVALID_CURSOR, 400, false, "the pagination cursor is not valid")                         \
  X(EMPTY_BODY, 400, false, "the request body is empty")                                      \
  X(INCOMPLETE_BODY, 400, false, "the body ended before Content-Length bytes arrived")        \
  X(MALFORMED_MULTIPART, 400, false, "the multipart body is malformed")                       \
  X(MISSING_FILE, 400, false, "the multipart body has no 'file' field")                       \
  X(MEDIA_TOO_LARGE, 413, false, "the upload exceeds the size limit")                         \
  X(UNSUPPORTED_MEDIA, 415, false, "the file is not a supported video format")                \
  X(NO_VIDEO_STREAM, 422, false, "the file has no video or audio stream")                     \
  X(CORRUPT_MEDIA, 422, false, "the media could not be decoded")                              \
  X(MEDIA_TOO_LONG, 422, false, "the video is longer than the allowed duration")              \
  X(STORE_UNAVAILABLE, 503, true, "the job store is unavailable, retry later")                \
  X(SHUTTING_DOWN, 503, true, "the server is shutting down")                                  \
  X(INTERNAL, 500, true, "internal error")                                                    \
  X(MEDIA_MISSING, 500, false, "the job's media is missing from the media store")            \
  X(MODEL_UNAVAILABLE, 500, false, "a requested detector's weights are not available")        \
  X(INFERENCE_FAILED, 500, true, "inference failed")                                          \
  X(WORKER_LOST, 500, false, "the job's worker stopped responding too many times")            \
  X(LEASE_LOST, 409, false, "the worker's lease on the job was taken over")                   \
  X(ARTIFACT_NOT_FOUND, 404, false, "the job has no artifact with that name")                 \
  X(NOT_ANCHORED, 404, false, "the job's report has not been anchored")                       \
  X(ANCHOR_BATCH_NOT_FOUND, 404, false, "no such anchor batch")                               \
  X(ANCHOR_CONFLICT, 409, false, "a job is already in another anchor batch")                  \
  X(ANCHOR_PROOF_INVALID, 400, false, "a digest or Merkle proof does not match the report") \
  X(RESOLUTION_TOO_HIGH, 422, false, "the picture has more pixels than the limit")            \
  X(INSUFFICIENT_STORAGE, 507, true, "the server is out of disk space, retry later")         \
  X(HEADERS_TOO_LARGE, 431, false, "the request headers are too large")                      \
  X(RANGE_NOT_SATISFIABLE, 416, false, "the requested byte range is past the end of the file") \
  X(KEY_NOT_FOUND, 404, false, "no such API key")                                             \
  X(WEBHOOK_NOT_FOUND, 404, false, "no such webhook endpoint")                                \
  X(SHARE_NOT_FOUND, 404, false, "no such share link, or it was revoked or has expired")     \
  X(RATE_LIMITED, 429, true, "too many uploads in the last minute, retry later")              \
  X(TOO_MANY_ACTIVE_JOBS, 429, true, "too many of your jobs are queued or running, retry later") \
  X(QUOTA_EXCEEDED, 429, true, "the daily upload quota is used up, retry later")              \
  X(USER_NOT_FOUND, 404, false, "no such user")                                              \
  X(USER_EXISTS, 409, false, "a user with this name exists already")

enum class ErrorCode {
#define DEEPTRACE_ENUM_ENTRY(name, status, retryable, message) name,
  DEEPTRACE_ERROR_CODES(DEEPTRACE_ENUM_ENTRY)
#undef DEEPTRACE_ENUM_ENTRY
};

std::string_view code_name(ErrorCode code);
int http_status(ErrorCode code);
bool default_retryable(ErrorCode code);
std::string_view default_message(ErrorCode code);
std::optional<ErrorCode> parse_error_code(std::string_view name);
const std::vector<ErrorCode>& all_error_codes();

// The exception every layer throws for an expected failure. Handlers turn it
// into {"error":{"code","message"}}; the worker turns it into a FAILED job.
class Error : public std::runtime_error {
 public:
  explicit Error(ErrorCode code);
  Error(ErrorCode code, const std::string& message);
  Error(ErrorCode code, const std::string& message, bool retryable);

  ErrorCode code() const noexcept { return code_; }
  bool retryable() const noexcept { return retryable_; }
  // When a retry can succeed, if known (a quota that frees up at a set time).
  std::optional<std::int64_t> retry_after_s() const noexcept { return retry_after_s_; }
  Error&& retry_after(std::int64_t seconds) && {
    retry_after_s_ = seconds;
    return std::move(*this);
  }

 private:
  ErrorCode code_;
  bool retryable_;
  std::optional<std::int64_t> retry_after_s_;
};

}  // namespace deeptrace
