#pragma once
// The media matrix: real-world shapes and edge cases, generated with the
// ffmpeg CLI once per machine (never committed). Every case states what the
// service must do with it: analyse it (with the picture size it displays at)
// or refuse it with a stable error code. Nothing may crash.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "media/limits.hpp"

namespace deeptrace::testing {

struct MatrixCase {
  std::string name;
  std::filesystem::path file;
  std::optional<ErrorCode> refused;  // set: the code the file must be refused with
  int display_width = 0;             // when accepted: the size frames come out at
  int display_height = 0;
  int frames = 0;                    // when accepted: how many frames the video has (1 for images)
  std::int64_t max_pixels = media::kDefaultMaxPixels;  // the cap the case runs under
  bool is_reference_rendered = false;  // <file>.ref.png holds ffmpeg's rendering of frame 0
  // Sound without pictures: probing accepts it as audio, sampling frames
  // refuses it with `refused` (NO_VIDEO_STREAM), the analyzer reads its
  // sound alone.
  bool audio_only = false;
};

// The cases' names, without generating any media (for test registration).
std::vector<std::string> media_matrix_names();
// Every case, its media generated on first use.
const std::vector<MatrixCase>& media_matrix();
// The case called `name`; throws if there is none.
const MatrixCase& matrix_case(const std::string& name);

}  // namespace deeptrace::testing
