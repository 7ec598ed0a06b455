#pragma once
// Upload validation: magic bytes first (cheap, rejects text/audio/garbage),
// then a libavformat probe that also decodes one frame.
#include <filesystem>
#include <string>

#include "core/job.hpp"

namespace deeptrace::media {

// Returns a MIME type from the first bytes: a video container ("video/mp4",
// "video/x-matroska", "video/webm", "video/x-msvideo", "video/quicktime",
// "video/mp2t", ...) or a still image ("image/jpeg", "image/png",
// "image/webp"). Throws Error(UNSUPPORTED_MEDIA) for anything else (GIF, PDF,
// audio, text...), saying what the file looks like.
std::string sniff_media_type(const std::filesystem::path& file);

// Still images are analysed as a single frame.
bool is_image_type(const std::string& content_type);

struct ProbeLimits {
  double max_duration_s = 3600;
};

// Fills container, codec, duration_s, width, height, fps of `info` (keeps its
// sha256/size/filename/content_type; an image has duration 0 and fps 0).
// Throws Error(NO_VIDEO_STREAM | CORRUPT_MEDIA | MEDIA_TOO_LONG).
void probe_media(const std::filesystem::path& file, const ProbeLimits& limits, MediaInfo& info);

}  // namespace deeptrace::media
