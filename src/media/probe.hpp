#pragma once
// Upload validation: magic bytes first (cheap, rejects text and garbage),
// then a libavformat probe that also decodes one frame.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/job.hpp"
#include "media/limits.hpp"

namespace deeptrace::media {

// Returns a MIME type from the first bytes: a video container ("video/mp4",
// "video/x-matroska", "video/webm", "video/x-msvideo", "video/quicktime",
// "video/mp2t", ...) or a still image ("image/jpeg", "image/png",
// "image/webp") or an audio file ("audio/mp4", "audio/wav", "audio/mpeg",
// "audio/flac"), which probing refuses as NO_VIDEO_STREAM like audio in any
// other container. Throws Error(UNSUPPORTED_MEDIA) for anything else (GIF,
// PDF, text...), saying what the file looks like.
std::string sniff_media_type(const std::filesystem::path& file);

// Still images are analysed as a single frame.
bool is_image_type(const std::string& content_type);

struct ProbeLimits {
  double max_duration_s = 3600;
  std::int64_t max_pixels = kDefaultMaxPixels;
};

// Fills container, codec, duration_s, width, height, fps of `info` (keeps its
// sha256/size/filename/content_type; an image has duration 0 and fps 0).
// Throws Error(NO_VIDEO_STREAM | CORRUPT_MEDIA | MEDIA_TOO_LONG |
// RESOLUTION_TOO_HIGH).
void probe_media(const std::filesystem::path& file, const ProbeLimits& limits, MediaInfo& info);

}  // namespace deeptrace::media
