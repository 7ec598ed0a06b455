#pragma once
// HEIF-family still pictures: HEIC (what phones write) and AVIF. FFmpeg 5.1
// and OpenCV 4.6 read neither as stored by cameras (items, no movie box), so
// Debian's libheif decodes them. The primary image is the picture; its
// transformations (rotation, mirroring, crop) are applied, as a viewer shows it.
#include <filesystem>
#include <string>
#include <string_view>

#include <opencv2/core.hpp>

namespace deeptrace::media {

// image/heic, image/heif, image/avif: the types sniff_media_type gives them.
bool is_heif_type(std::string_view content_type);
// The file's magic bytes say HEIC or AVIF (sniff_media_type). FFmpeg cannot
// open such a file: the frame sampler and the audio probe ask first.
bool is_heif_file(const std::filesystem::path& file);
// The codec of such a picture's type, as the report names codecs: hevc, av1.
std::string heif_codec(std::string_view content_type);

struct HeifPicture {
  int width = 0, height = 0;  // as displayed
  int bit_depth = 8;
};

// The primary image's size from the file's boxes, nothing decoded.
// Throws Error(CORRUPT_MEDIA) for a file libheif cannot read,
// Error(RESOLUTION_TOO_HIGH) above max_pixels.
HeifPicture probe_heif(const std::filesystem::path& file, std::int64_t max_pixels);

// The primary image decoded to 8-bit BGR, checked against max_pixels first.
cv::Mat decode_heif_bgr(const std::filesystem::path& file, std::int64_t max_pixels);

}  // namespace deeptrace::media
