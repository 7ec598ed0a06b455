#pragma once
// Upload validation: magic bytes first (cheap, rejects text/images/garbage),
// then a libavformat probe that also decodes one frame.
#include <filesystem>
#include <string>

#include "core/job.hpp"

namespace deeptrace::media {

// Returns a MIME type ("video/mp4", "video/x-matroska", "video/webm",
// "video/x-msvideo", "video/quicktime", "video/mp2t", ...) from the first
// bytes. Throws Error(UNSUPPORTED_MEDIA) for anything else, including images
// (not supported yet) and text.
std::string sniff_video_type(const std::filesystem::path& file);

struct ProbeLimits {
  double max_duration_s = 3600;
};

// Fills container, codec, duration_s, width, height, fps of `info` (keeps its
// sha256/size/filename). Throws Error(NO_VIDEO_STREAM | CORRUPT_MEDIA |
// MEDIA_TOO_LONG).
void probe_video(const std::filesystem::path& file, const ProbeLimits& limits, MediaInfo& info);

}  // namespace deeptrace::media
