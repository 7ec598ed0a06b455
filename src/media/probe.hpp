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
// "audio/aac", "audio/ogg", "audio/flac"). The type is a hint: probing
// decides whether a file is video or audio (an MP4 holding only AAC is an
// audio job, "video/mp4" here). Throws Error(UNSUPPORTED_MEDIA) for anything
// else (GIF, PDF, text...), saying what the file looks like.
std::string sniff_media_type(const std::filesystem::path& file);

// Still images are analysed as a single frame.
bool is_image_type(const std::string& content_type);

struct ProbeLimits {
  double max_duration_s = 3600;
  std::int64_t max_pixels = kDefaultMaxPixels;
};

// Fills container, codec, duration_s, width, height, fps of `info` (keeps its
// sha256/size/filename/content_type; an image has duration 0 and fps 0).
// A file without a video stream but with an audio stream is audio only:
// codec is the audio codec's and width, height and fps are 0 (see
// is_audio_only). Throws Error(NO_VIDEO_STREAM) for a file with neither,
// Error(CORRUPT_MEDIA | MEDIA_TOO_LONG | RESOLUTION_TOO_HIGH).
void probe_media(const std::filesystem::path& file, const ProbeLimits& limits, MediaInfo& info);

// After probe_media: the file holds sound and no pictures (no width and
// height, not an image). Read from a job's stored MediaInfo as well, since
// width and height are stored with it.
bool is_audio_only(const MediaInfo& info);
// "image", "video" or "audio": the report's media.kind.
std::string media_kind(const MediaInfo& info);

}  // namespace deeptrace::media
