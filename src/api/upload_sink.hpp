#pragma once
// Where an upload's bytes go while they stream in: a temp file in the media
// store, hashed on the fly, with the size limit enforced per chunk. For
// multipart bodies the incremental parser routes the `file` part here and
// keeps the small option fields.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/multipart.hpp"
#include "core/file_io.hpp"
#include "core/sha256.hpp"

namespace deeptrace::api {

// Removes the temp file on every path unless release() was called (after
// MediaStore::put moved it).
class TempFile {
 public:
  explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void release() { released_ = true; }

 private:
  std::filesystem::path path_;
  bool released_ = false;
};

struct UploadedFile {
  std::string sha256;
  std::int64_t size = 0;
  std::optional<std::string> filename;  // raw, unsanitised
  std::map<std::string, std::string> fields;  // multipart option fields
};

class UploadSink : private MultipartListener {
 public:
  static constexpr std::size_t kMaxFieldBytes = 4096;
  static constexpr std::int64_t kMultipartOverhead = 1 << 20;  // headers + small fields

  // `boundary` set: multipart body; otherwise the whole body is the file.
  UploadSink(const std::filesystem::path& file, std::int64_t max_file_bytes,
             std::optional<std::string> boundary);

  // Throws Error(MEDIA_TOO_LARGE | MALFORMED_MULTIPART | INVALID_REQUEST |
  // INSUFFICIENT_STORAGE | INTERNAL).
  void write(std::string_view chunk);
  // Throws Error(EMPTY_BODY | MALFORMED_MULTIPART | MISSING_FILE |
  // INSUFFICIENT_STORAGE | INTERNAL).
  UploadedFile finish();

 private:
  enum class Target { File, Field, Ignore };

  void on_part_begin(const PartHeaders& headers) override;
  void on_part_data(std::string_view data) override;
  void on_part_end() override;
  void write_file(std::string_view data);

  FileOutput out_;
  Sha256 hash_;
  std::int64_t max_file_bytes_;
  std::int64_t body_bytes_ = 0;
  std::optional<MultipartParser> multipart_;
  Target target_ = Target::Ignore;
  std::string field_name_;
  bool saw_file_ = false;
  UploadedFile result_;
};

}  // namespace deeptrace::api
