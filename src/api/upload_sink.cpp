#include "api/upload_sink.hpp"

#include <set>

#include "core/errors.hpp"

namespace deeptrace::api {
namespace {
const std::set<std::string> kOptionFields = {"frames", "detectors", "priority"};
}

TempFile::~TempFile() {
  if (released_) return;
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

UploadSink::UploadSink(const std::filesystem::path& file, std::int64_t max_file_bytes,
                       std::optional<std::string> boundary)
    : out_(file, "the upload temp file"), max_file_bytes_(max_file_bytes) {
  if (boundary) {
    multipart_.emplace(*boundary, static_cast<MultipartListener&>(*this));
  } else {
    target_ = Target::File;
    saw_file_ = true;
  }
}

void UploadSink::write(std::string_view chunk) {
  body_bytes_ += static_cast<std::int64_t>(chunk.size());
  if (!multipart_) {
    write_file(chunk);
    return;
  }
  if (body_bytes_ > max_file_bytes_ + kMultipartOverhead) throw Error(ErrorCode::MEDIA_TOO_LARGE);
  multipart_->feed(chunk);
}

void UploadSink::write_file(std::string_view data) {
  result_.size += static_cast<std::int64_t>(data.size());
  if (result_.size > max_file_bytes_) {
    throw Error(ErrorCode::MEDIA_TOO_LARGE,
                "the upload exceeds the limit of " + std::to_string(max_file_bytes_) + " bytes");
  }
  hash_.update(data);
  out_.write(data);
}

void UploadSink::on_part_begin(const PartHeaders& headers) {
  if (headers.name == "file") {
    if (saw_file_) throw Error(ErrorCode::MALFORMED_MULTIPART, "more than one 'file' part");
    saw_file_ = true;
    target_ = Target::File;
    result_.filename = headers.filename;
  } else if (kOptionFields.count(headers.name)) {
    target_ = Target::Field;
    field_name_ = headers.name;
    result_.fields[field_name_].clear();
  } else {
    target_ = Target::Ignore;  // unknown fields are tolerated, not stored
  }
}

void UploadSink::on_part_data(std::string_view data) {
  if (target_ == Target::File) {
    write_file(data);
  } else if (target_ == Target::Field) {
    std::string& value = result_.fields[field_name_];
    if (value.size() + data.size() > kMaxFieldBytes) {
      throw Error(ErrorCode::INVALID_REQUEST, "form field '" + field_name_ + "' is too long");
    }
    value.append(data);
  }
}

void UploadSink::on_part_end() { target_ = Target::Ignore; }

UploadedFile UploadSink::finish() {
  if (body_bytes_ == 0) throw Error(ErrorCode::EMPTY_BODY);
  if (multipart_) multipart_->finish();
  if (!saw_file_) throw Error(ErrorCode::MISSING_FILE);
  if (result_.size == 0) throw Error(ErrorCode::EMPTY_BODY, "the uploaded file is empty");
  out_.close();
  result_.sha256 = hash_.hex_digest();
  return result_;
}

}  // namespace deeptrace::api
