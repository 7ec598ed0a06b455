#pragma once
// Internal: the report's "media" section, from the upload's stored facts
// what the decoder saw, and the audio stream's facts (read from the file).
#include <filesystem>

#include "core/job.hpp"
#include "media/frames.hpp"

namespace deeptrace::detect {

Json media_facts(const std::filesystem::path& path, const MediaInfo& info, const media::SampleStats& stats);

}  // namespace deeptrace::detect
