#pragma once
// Test media generated with the ffmpeg CLI from Debian-shipped sources, once
// per machine, into a cache under the temporary directory (never committed).
#include <filesystem>
#include <functional>
#include <string>

#include "core/errors.hpp"
#include "error_code_of.hpp"

namespace deeptrace::testing {

struct TestClips {
  std::filesystem::path dir;
  std::filesystem::path megamind_avi;       // Debian's original, 720x528, ~11 s
  std::filesystem::path megamind_mp4;       // H.264, moov at the end
  std::filesystem::path megamind_mkv;       // stream copy into Matroska
  std::filesystem::path megamind_ts;        // stream copy into MPEG-TS
  // Stream copy into Matroska 2 s earlier, negative times kept (-itsoffset -2
  // -avoid_negative_ts disabled): the first 48 frames carry no time, and
  // libavformat cannot seek in it.
  std::filesystem::path untimed_start_mkv;
  std::filesystem::path astronaut_mp4;      // a real face, looped 3 s
  std::filesystem::path testsrc_mp4;        // no face anywhere, 3 s
  std::filesystem::path late_face_mp4;      // 6 s, 512x512: black until 3.5 s, then the astronaut
  std::filesystem::path truncated_mp4;      // faststart mp4 cut in half: decodes partly
  std::filesystem::path truncated_nomoov;   // mp4 cut before its moov: unreadable
  std::filesystem::path text_as_mp4;        // text file named .mp4
  std::filesystem::path jpeg;               // an image
  std::filesystem::path webp;               // the same image as WebP
  std::filesystem::path animated_png;       // APNG: 16 frames of testsrc, 320x240
  std::filesystem::path audio_only_mp4;     // AAC only
  std::filesystem::path zeroed_frames_mp4;  // valid headers, media data zeroed
  std::filesystem::path damaged_mp4;        // megamind.mp4 with one byte in 20,000 flipped in its middle third
  std::filesystem::path astronaut_png;
  // Pixel formats, orientation, sizes and timing beyond plain yuv420p. The
  // still-picture clips are lossless loops of one picture, so every frame
  // equals `<clip>.ref.png`, the ffmpeg CLI's own (autorotated) BGR rendering.
  std::filesystem::path h264_10bit_mp4;     // High 10, yuv420p10le, 320x256
  std::filesystem::path hevc_10bit_mp4;     // Main 10, yuv420p10le
  std::filesystem::path hevc_full_range_mp4;  // yuv420p flagged full range
  std::filesystem::path hevc_hlg_mp4;         // Main 10 flagged HLG (BT.2020), as phones record HDR
  std::filesystem::path yuv444p_mp4;        // High 4:4:4
  std::filesystem::path yuvj422p_mp4;       // High 4:2:2, full (JPEG) range
  std::filesystem::path bt709_mp4;          // yuv420p with the HD colour matrix
  std::filesystem::path vp9_full_range_webm;  // yuv420p, range flagged full in the stream only
  std::filesystem::path rotated_90_mp4;     // display matrix: 90 degrees
  std::filesystem::path rotated_270_mp4;    // display matrix: 270 degrees
  std::filesystem::path odd_size_webm;      // VP9 yuv420p, 321x241
  // Non-square pixels: stored 240x256, sample aspect ratio 4:3, displayed
  // 320x256 (the reference is the ffmpeg CLI's rendering at that size).
  std::filesystem::path anamorphic_mp4;
  std::filesystem::path absurd_aspect_mp4;  // the same stored picture, sample aspect ratio 100:1
  // Interlaced H.264 (top field first), 320x256: every top field is the
  // astronaut (yuv444p_mp4's picture), every bottom field its negative.
  std::filesystem::path interlaced_mp4;
  // The same pictures in HEVC, 25 frames a second: coded field by field
  // (each field a picture of 320x128), and coded as frames, their fields
  // woven, which only the container (its field order) calls interlaced.
  std::filesystem::path hevc_fields_mp4;
  std::filesystem::path hevc_interlaced_mp4;
  std::filesystem::path vfr_mp4;            // 25 frames 0.1 s apart, then 50 frames 0.02 s apart
  // High 4:4:4 with CABAC and 8x8 transforms, 4 s, 320x256, a keyframe every
  // second, its x264 SEI relabelled "core 148": FFmpeg reads such a stream
  // the way x264 before build 151 wrote it, but only once it has seen that
  // SEI (in the first frame). Decoded from the start it is garbage (the
  // stream was written by a newer x264); what matters is that a frame reached
  // by a seek is the same garbage.
  std::filesystem::path old_x264_444_mp4;
};

// The ffmpeg CLI's rendering of a still-picture clip (see above).
std::filesystem::path reference_png(const std::filesystem::path& clip);

const TestClips& test_clips();

// Runs the ffmpeg CLI quietly with `args`; throws if it fails.
void ffmpeg(const std::string& args);
// Overwrites every byte after the first "mdat" box with noise: the MP4
// container still reads, no packet of it decodes.
void garble_media_data(const std::filesystem::path& file);
// `p` in single quotes, for a shell command line.
std::string quoted(const std::filesystem::path& p);
// A directory under the temporary directory named `cache_name`, filled by
// `generate` the first time any test process asks for it.
std::filesystem::path generated_once(const std::string& cache_name,
                                     const std::function<void(const std::filesystem::path&)>& generate);


}  // namespace deeptrace::testing
