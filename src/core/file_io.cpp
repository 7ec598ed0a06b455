#include "core/file_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace deeptrace {

bool is_out_of_space(int error_number) { return error_number == ENOSPC || error_number == EDQUOT; }

bool is_out_of_space(const std::error_code& ec) {
  return ec.category() == std::generic_category() || ec.category() == std::system_category()
             ? is_out_of_space(ec.value())
             : false;
}

Error io_error(const std::string& what, int error_number) {
  return io_error(what, std::error_code(error_number, std::generic_category()));
}

Error io_error(const std::string& what, const std::error_code& ec) {
  ErrorCode code = is_out_of_space(ec) ? ErrorCode::INSUFFICIENT_STORAGE : ErrorCode::INTERNAL;
  return Error(code, what + ": " + ec.message());
}

FileOutput::FileOutput(const std::filesystem::path& path, std::string label)
    : label_(label.empty() ? path.string() : std::move(label)) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw io_error("cannot open " + label_, errno);
  buffer_.reserve(kBufferBytes);
}

FileOutput::~FileOutput() {
  if (fd_ >= 0) ::close(fd_);
}

void FileOutput::write(std::string_view data) {
  if (buffer_.size() + data.size() > kBufferBytes) flush();
  if (data.size() >= kBufferBytes) {
    write_all(data);  // large pieces skip the copy
  } else {
    buffer_.append(data);
  }
}

void FileOutput::flush() {
  if (buffer_.empty()) return;
  write_all(buffer_);
  buffer_.clear();
}

void FileOutput::write_all(std::string_view data) {
  if (fd_ < 0) throw Error(ErrorCode::INTERNAL, "writing " + label_ + " after it was closed");
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw io_error("writing " + label_ + " failed", errno);
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void FileOutput::sync() {
  flush();
  if (::fsync(fd_) != 0) throw io_error("syncing " + label_ + " failed", errno);
}

void FileOutput::close() {
  if (fd_ < 0) return;
  flush();
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0 && errno != EINTR) throw io_error("closing " + label_ + " failed", errno);
}

}  // namespace deeptrace
