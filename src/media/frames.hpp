#pragma once
// Evenly spaced frame sampling with FFmpeg's libraries.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "media/limits.hpp"

namespace deeptrace::media {

struct Frame {
  int index = 0;      // 0..count-1 in sampling order
  double t = 0;       // real presentation time, seconds
  cv::Mat bgr;        // 8-bit BGR
  // Decoded only in part (detail::decoded_only_in_part): the decoder filled
  // damaged blocks from their neighbours, which can look like manipulation.
  bool damaged = false;
};

struct SampleOptions {
  int count = 32;
  int decoder_threads = 2;
  // Each target time takes the frame on screen then: the last one at or
  // before it. Off: sparse targets take the last reference frame at or
  // before them, so non-reference frames are never decoded. On: the exact
  // frame.
  bool exact_frames = false;
  // Larger pictures fail with RESOLUTION_TOO_HIGH before they are decoded.
  std::int64_t max_pixels = kDefaultMaxPixels;
  // Where video decodes: "cpu", or "cuda" / "cuda:N" for FFmpeg's NVDEC
  // (see hardware_decoding_available). Frames come out as on the CPU.
  std::string decode_device = "cpu";
};

// Why `decode_device` ("cpu", "cuda", "cuda:N") cannot decode video on this
// build and machine, starting with "hardware decoding is unavailable"; none
// when it can ("cpu" always can). For CUDA it creates the device (FFmpeg
// loads the NVIDIA driver's libcuda and libnvcuvid then), which later
// decoders share. A worker asks once at start-up.
std::optional<std::string> hardware_decoding_available(const std::string& decode_device);

// What the decoder saw; for the report's media facts and timings.
struct SampleStats {
  double open_ms = 0;          // container + codec opening
  bool still_image = false;    // a JPEG/PNG/WebP: one frame, whatever count asked
  std::string pixel_format;    // e.g. yuv420p, yuv420p10le
  int rotation = 0;            // degrees clockwise applied to display upright
  // Width of a stored pixel over its height, 1 for square pixels; the
  // frames are stretched to square ones (VideoDecoder::sample_aspect_ratio).
  double sample_aspect_ratio = 1;
  // A frame delivered was interlaced (its two fields woven, as decoded;
  // frame windows read the top field alone).
  bool interlaced = false;
  // The video is coded field by field (HEVC): each picture decoded is one
  // field, stretched to the frame's height (frame windows keep the top
  // fields alone). `interlaced` is set too.
  bool fields_coded_apart = false;
  // "PQ" (HDR10) or "HLG" where the stream says its pictures use a high
  // dynamic range transfer; empty for standard range. Pictures are
  // converted with their matrix but not tone-mapped.
  std::string hdr_transfer;
  // Frames delivered that decoded only in part: the decoder met errors and
  // filled the damaged blocks from their neighbours (FFmpeg's
  // decode_error_flags), as in a file with bytes damaged in transfer.
  int damaged_frames = 0;
  std::int64_t bit_rate = 0;   // container bit rate, 0 when unknown
  double duration_s = 0;
  // Set when the file is cut short (an upload that stopped, a truncated
  // download): its frames ended well before duration_s, by more than two
  // frames and more than 5% of it (a clip's last frame lies one frame before
  // its end). The time of the last frame decoded.
  std::optional<double> cut_short_at_s;
};

// Calls on_frame for each sampled frame, in time order, as soon as it is
// decoded (so callers can overlap inference with decoding). Returns the
// number of frames delivered. Throws Error(CORRUPT_MEDIA) if the file cannot
// be opened or no frame decodes, Error(RESOLUTION_TOO_HIGH) for pictures over
// options.max_pixels.
int sample_frames(const std::filesystem::path& file, const SampleOptions& options,
                  const std::function<void(Frame&&)>& on_frame, SampleStats* stats = nullptr);

}  // namespace deeptrace::media
