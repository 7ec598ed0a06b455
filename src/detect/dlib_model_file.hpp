#pragma once
// Internal to deeptrace_landmarks: reading a dlib model file (the landmark
// predictor, the face identity's shape predictor and network) with one
// refusal for every way it can fail. Include only where dlib is.
#include <filesystem>
#include <string>
#include <system_error>

#include <dlib/serialize.h>

#include "core/errors.hpp"

namespace deeptrace::detect {

// Throws Error(MODEL_UNAVAILABLE) naming `what` and the file.
[[noreturn]] inline void dlib_model_unavailable(const std::string& what, const std::filesystem::path& file,
                                                const std::string& why) {
  throw Error(ErrorCode::MODEL_UNAVAILABLE, what + " " + file.string() + ": " + why);
}

// Deserialises `file` into `model`; a missing file is refused with
// `where_from` (how it gets installed), an unreadable one with dlib's reason.
template <typename Model>
void read_dlib_model(const std::string& what, const std::filesystem::path& file, const std::string& where_from,
                     Model& model) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) dlib_model_unavailable(what, file, "missing (" + where_from + ")");
  try {
    dlib::deserialize(file.string()) >> model;
  } catch (const std::exception& e) {
    dlib_model_unavailable(what, file, std::string("unreadable: ") + e.what());
  }
}

}  // namespace deeptrace::detect
