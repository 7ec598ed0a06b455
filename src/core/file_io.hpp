#pragma once
// File writes that say why they failed. A full disk (ENOSPC, or EDQUOT for a
// full quota) is INSUFFICIENT_STORAGE: a stable code a client can retry on
// later. Any other failure is INTERNAL.
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "core/errors.hpp"

namespace deeptrace {

bool is_out_of_space(int error_number);
bool is_out_of_space(const std::error_code& ec);

// Error(INSUFFICIENT_STORAGE | INTERNAL) whose message is "<what>: <reason>".
Error io_error(const std::string& what, int error_number);
Error io_error(const std::string& what, const std::error_code& ec);

// A file written through POSIX calls rather than std::ofstream, which loses
// errno and so cannot tell a full disk from any other failure. Writes are
// buffered; close() flushes and reports a failure the filesystem noticed
// late. Every failure throws io_error(...).
class FileOutput {
 public:
  static constexpr std::size_t kBufferBytes = 64 * 1024;

  // Creates or truncates the file (mode 0644 before the umask). Messages name
  // it `label` (default: its path), e.g. to keep paths out of client errors.
  explicit FileOutput(const std::filesystem::path& path, std::string label = {});
  ~FileOutput();  // closes without reporting; call close() to learn of failures
  FileOutput(const FileOutput&) = delete;
  FileOutput& operator=(const FileOutput&) = delete;

  void write(std::string_view data);
  // Flushes the buffer and fsyncs: some filesystems report a full disk only here.
  void sync();
  void close();

 private:
  void flush();
  void write_all(std::string_view data);

  std::string label_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace deeptrace
