#include "test_clips.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

namespace deeptrace::testing {
namespace fs = std::filesystem;
namespace {

const fs::path kMegamind = "/usr/share/doc/opencv-doc/examples/data/Megamind.avi";
const fs::path kAstronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";
const std::string kX264 = " -c:v libx264 -preset ultrafast -pix_fmt yuv420p ";

std::string q(const fs::path& p) { return quoted(p); }

std::vector<char> read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_all(const fs::path& file, const char* data, size_t size) {
  std::ofstream(file, std::ios::binary).write(data, static_cast<std::streamsize>(size));
}

void write_half(const fs::path& from, const fs::path& to) {
  auto bytes = read_all(from);
  write_all(to, bytes.data(), bytes.size() / 2);
}

// Zeroes the payload of the top-level 'mdat' box: headers stay valid, but no
// frame can decode.
void zero_media_data(const fs::path& from, const fs::path& to) {
  auto bytes = read_all(from);
  for (size_t at = 0; at + 8 <= bytes.size();) {
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i])); };
    uint32_t size = b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
    if (std::memcmp(&bytes[at + 4], "mdat", 4) == 0) std::fill(bytes.begin() + at + 8, bytes.end(), 0);
    if (size < 8) break;
    at += size;
  }
  write_all(to, bytes.data(), bytes.size());
}

// Flips one byte in 20,000 of the middle third of the 'mdat' box's payload
// (the media data; megamind.mp4 keeps its index at the end): every frame
// still decodes, those in the middle with blocks the decoder had to guess.
void damage_middle_third(const fs::path& from, const fs::path& to) {
  auto bytes = read_all(from);
  const std::string mdat = "mdat";
  auto at = std::search(bytes.begin(), bytes.end(), mdat.begin(), mdat.end());
  if (at == bytes.end()) throw std::runtime_error("test set-up failed: no mdat in " + from.string());
  size_t payload = static_cast<size_t>(at - bytes.begin()) + 4, third = (bytes.size() - payload) / 3;
  for (size_t i = payload + third; i < payload + 2 * third; i += 20000) bytes[i] = static_cast<char>(~bytes[i]);
  write_all(to, bytes.data(), bytes.size());
}

// Bump when the set of clips changes, so stale caches are not reused.
constexpr const char* kCacheName = "deeptrace-test-clips-v17";

TestClips clips_in(const fs::path& dir) {
  TestClips c;
  c.dir = dir;
  c.megamind_avi = kMegamind;
  c.astronaut_png = kAstronaut;
  c.megamind_mp4 = c.dir / "megamind.mp4";
  c.megamind_mkv = c.dir / "megamind.mkv";
  c.megamind_ts = c.dir / "megamind.ts";
  c.untimed_start_mkv = c.dir / "untimed-start.mkv";
  c.truncated_mp4 = c.dir / "truncated.mp4";
  c.truncated_nomoov = c.dir / "truncated-nomoov.mp4";
  c.zeroed_frames_mp4 = c.dir / "zeroed.mp4";
  c.damaged_mp4 = c.dir / "damaged.mp4";
  c.astronaut_mp4 = c.dir / "astronaut.mp4";
  c.testsrc_mp4 = c.dir / "testsrc.mp4";
  c.late_face_mp4 = c.dir / "late-face.mp4";
  c.jpeg = c.dir / "astronaut.jpg";
  c.webp = c.dir / "astronaut.webp";
  c.animated_png = c.dir / "animated.png";
  c.audio_only_mp4 = c.dir / "audio.mp4";
  c.text_as_mp4 = c.dir / "notes.mp4";
  c.h264_10bit_mp4 = c.dir / "h264-10bit.mp4";
  c.hevc_10bit_mp4 = c.dir / "hevc-10bit.mp4";
  c.hevc_full_range_mp4 = c.dir / "hevc-full-range.mp4";
  c.hevc_hlg_mp4 = c.dir / "hevc-hlg.mp4";
  c.yuv444p_mp4 = c.dir / "yuv444p.mp4";
  c.yuvj422p_mp4 = c.dir / "yuvj422p.mp4";
  c.bt709_mp4 = c.dir / "bt709.mp4";
  c.vp9_full_range_webm = c.dir / "vp9-full-range.webm";
  c.rotated_90_mp4 = c.dir / "rotated-90.mp4";
  c.rotated_270_mp4 = c.dir / "rotated-270.mp4";
  c.odd_size_webm = c.dir / "odd-size.webm";
  c.anamorphic_mp4 = c.dir / "anamorphic.mp4";
  c.absurd_aspect_mp4 = c.dir / "absurd-aspect.mp4";
  c.interlaced_mp4 = c.dir / "interlaced.mp4";
  c.hevc_fields_mp4 = c.dir / "hevc-fields.mp4";
  c.hevc_interlaced_mp4 = c.dir / "hevc-interlaced.mp4";
  c.vfr_mp4 = c.dir / "vfr.mp4";
  c.old_x264_444_mp4 = c.dir / "old-x264-444.mp4";
  return c;
}

// A lossless 2 s loop of the astronaut at `size`, and its reference rendering.
// Square pixels: the scale filter would otherwise keep the square picture's
// shape by giving the pixels an aspect ratio.
void still_picture_clip(const fs::path& clip, const std::string& size, const std::string& codec) {
  ffmpeg("-loop 1 -framerate 25 -i " + q(kAstronaut) + " -t 2 -vf scale=" + size + ",setsar=1 " + codec + " " + q(clip));
  ffmpeg("-i " + q(clip) + " -frames:v 1 -sws_flags bilinear " + q(reference_png(clip)));
}

void rotated_clip(const fs::path& from, const fs::path& clip, int degrees) {
  // The mov muxer turns the legacy rotate tag into a display matrix.
  ffmpeg("-i " + q(from) + " -c copy -metadata:s:v:0 rotate=" + std::to_string(degrees) + " " + q(clip));
  ffmpeg("-i " + q(clip) + " -frames:v 1 -sws_flags bilinear " + q(reference_png(clip)));
}

// x264's SEI in `clip` names `build` instead of the encoder's (3 digits, so
// that no byte moves).
void relabel_x264_build(const fs::path& clip, const std::string& build) {
  auto bytes = read_all(clip);
  const std::string tag = "x264 - core ";
  auto at = std::search(bytes.begin(), bytes.end(), tag.begin(), tag.end());
  if (at == bytes.end() || bytes.end() - at < static_cast<long>(tag.size() + 3))
    throw std::runtime_error("test set-up failed: no x264 SEI in " + clip.string());
  std::copy(build.begin(), build.end(), at + static_cast<long>(tag.size()));
  write_all(clip, bytes.data(), bytes.size());
}

void generate_format_clips(const TestClips& c) {
  const std::string x264 = "-c:v libx264 -preset ultrafast -qp 0 -pix_fmt ";
  const std::string x265 = "-c:v libx265 -preset ultrafast -x265-params lossless=1:log-level=error -pix_fmt ";
  still_picture_clip(c.h264_10bit_mp4, "320:256", x264 + "yuv420p10le");
  still_picture_clip(c.hevc_10bit_mp4, "320:256", x265 + "yuv420p10le");
  still_picture_clip(c.hevc_full_range_mp4, "320:256", x265 + "yuv420p -color_range pc");
  still_picture_clip(c.hevc_hlg_mp4, "320:256",
                     "-color_primaries bt2020 -color_trc arib-std-b67 -colorspace bt2020nc " + x265 + "yuv420p10le");
  still_picture_clip(c.yuv444p_mp4, "320:256", x264 + "yuv444p");
  still_picture_clip(c.yuvj422p_mp4, "320:256", x264 + "yuvj422p");
  const std::string vp9 = "-c:v libvpx-vp9 -lossless 1 -deadline realtime -cpu-used 8 -pix_fmt yuv420p";
  still_picture_clip(c.odd_size_webm, "321:241", vp9);
  still_picture_clip(c.bt709_mp4, "320:256:out_color_matrix=bt709", "-colorspace bt709 " + x264 + "yuv420p");
  still_picture_clip(c.vp9_full_range_webm, "320:256:out_range=pc", "-color_range pc " + vp9);
  ffmpeg("-loop 1 -framerate 25 -i " + q(kAstronaut) + " -t 2 -vf scale=240:256,setsar=4/3 " + x264 + "yuv444p " +
         q(c.anamorphic_mp4));
  ffmpeg("-i " + q(c.anamorphic_mp4) + " -frames:v 1 -vf scale=iw*sar:ih -sws_flags bilinear " +
         q(reference_png(c.anamorphic_mp4)));
  ffmpeg("-loop 1 -framerate 25 -i " + q(kAstronaut) + " -t 1 -vf scale=240:256,setsar=100 " + x264 + "yuv444p " +
         q(c.absurd_aspect_mp4));
  // 50 pictures a second, every other one negated, woven into 25 frames:
  // in H.264; in HEVC coded field by field (x265's interlace: each field a
  // picture of 128 rows, the top ones from the plain pictures, the bottom
  // ones from the negatives); and in HEVC coded as woven frames, which only
  // the container calls interlaced.
  const std::string woven = "-loop 1 -framerate 50 -i " + q(kAstronaut) +
                            " -t 2 -vf \"scale=320:256,setsar=1,negate=enable='mod(n\\,2)',tinterlace=mode=interleave_top";
  ffmpeg(woven + "\" -c:v libx264 -preset ultrafast -qp 0 -flags +ildct+ilme -x264opts tff=1 -pix_fmt yuv420p " +
         q(c.interlaced_mp4));
  ffmpeg(woven + ",separatefields\" " + x265 + "yuv420p -x265-params lossless=1:log-level=error:interlace=tff " +
         q(c.hevc_fields_mp4));
  ffmpeg(woven + "\" " + x265 + "yuv420p " + q(c.hevc_interlaced_mp4));
  ffmpeg("-loop 1 -framerate 25 -i " + q(kAstronaut) + " -t 4 -vf scale=320:256,setsar=1,noise=alls=20:allf=t "
         "-c:v libx264 -preset veryfast -g 25 -sc_threshold 0 -pix_fmt yuv444p " + q(c.old_x264_444_mp4));
  relabel_x264_build(c.old_x264_444_mp4, "148");
  rotated_clip(c.yuv444p_mp4, c.rotated_90_mp4, 90);
  rotated_clip(c.yuv444p_mp4, c.rotated_270_mp4, 270);
  ffmpeg("-f lavfi -i testsrc=duration=3:size=320x240:rate=25 -vf \"settb=1/1000,setpts='if(lt(N,25),N*0.1,2.5+(N-25)*0.02)/TB'\""
         " -fps_mode vfr -enc_time_base 1/1000 -video_track_timescale 1000"
         " -c:v libx264 -preset veryfast -g 12 -pix_fmt yuv420p " + q(c.vfr_mp4));
}

void generate_clips(const TestClips& c) {
  ffmpeg("-i " + q(kMegamind) + kX264 + "-an " + q(c.megamind_mp4));
  ffmpeg("-i " + q(c.megamind_mp4) + " -c copy " + q(c.megamind_mkv));
  ffmpeg("-i " + q(c.megamind_mp4) + " -c copy " + q(c.megamind_ts));
  ffmpeg("-itsoffset -2 -i " + q(c.megamind_mp4) + " -c copy -avoid_negative_ts disabled " + q(c.untimed_start_mkv));
  fs::path faststart = c.dir / "megamind-faststart.mp4";
  ffmpeg("-i " + q(c.megamind_mp4) + " -c copy -movflags +faststart " + q(faststart));
  write_half(faststart, c.truncated_mp4);
  write_half(c.megamind_mp4, c.truncated_nomoov);
  zero_media_data(faststart, c.zeroed_frames_mp4);
  damage_middle_third(c.megamind_mp4, c.damaged_mp4);
  ffmpeg("-loop 1 -framerate 25 -i " + q(kAstronaut) + " -t 3" + kX264 + q(c.astronaut_mp4));
  ffmpeg("-f lavfi -i testsrc=duration=3:size=320x240:rate=25" + kX264 + q(c.testsrc_mp4));
  ffmpeg("-f lavfi -i color=black:size=512x512:rate=25:duration=3.5 -loop 1 -framerate 25 -t 2.5 -i " + q(kAstronaut) +
         " -filter_complex \"[0]format=yuv420p,setsar=1[dark];[1]format=yuv420p,setsar=1[face];"
         "[dark][face]concat=n=2:v=1[v]\" -map [v]" + kX264 + q(c.late_face_mp4));
  ffmpeg("-i " + q(kAstronaut) + " " + q(c.jpeg));
  ffmpeg("-i " + q(kAstronaut) + " " + q(c.webp));
  ffmpeg("-f lavfi -i testsrc=duration=2:size=320x240:rate=8 -plays 0 -f apng " + q(c.animated_png));
  ffmpeg("-f lavfi -i sine=duration=1 -c:a aac " + q(c.audio_only_mp4));
  std::ofstream(c.text_as_mp4) << "This is a text file, not a video.\nSecond line.\n";
  generate_format_clips(c);
}

}  // namespace

void ffmpeg(const std::string& args) {
  std::string command = "ffmpeg -nostdin -v error -y " + args;
  if (std::system(command.c_str()) != 0) throw std::runtime_error("test set-up failed: " + command);
}

std::string quoted(const fs::path& p) {
  std::string out = "'";
  out += p.string();
  return out += "'";
}

// gtest_discover_tests runs every test in its own process: the media are
// generated once into a private directory, then renamed into a shared cache
// directory (rename is atomic, so a concurrent process either wins the race
// or uses the winner's complete set).
fs::path generated_once(const std::string& cache_name, const std::function<void(const fs::path&)>& generate) {
  fs::path cache = fs::temp_directory_path() / cache_name;
  if (fs::exists(cache / "complete")) return cache;
  std::string tmpl = (fs::temp_directory_path() / "deeptrace-media-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  fs::path fresh = tmpl;
  generate(fresh);
  std::ofstream(fresh / "complete") << "ok\n";
  std::error_code lost_race;
  fs::rename(fresh, cache, lost_race);
  if (!lost_race) return cache;
  if (!fs::exists(cache / "complete")) return fresh;  // a broken cache: use our own set
  fs::remove_all(fresh, lost_race);
  return cache;
}

namespace {

TestClips make_clips() {
  return clips_in(generated_once(kCacheName, [](const fs::path& dir) { generate_clips(clips_in(dir)); }));
}

}  // namespace

fs::path reference_png(const fs::path& clip) {
  fs::path png = clip;
  return png.replace_extension(".ref.png");
}

const TestClips& test_clips() {
  static const TestClips clips = make_clips();
  return clips;
}

void garble_media_data(const std::filesystem::path& file) {
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(io)), {});
  size_t mdat = data.find("mdat");
  if (mdat == std::string::npos) throw std::runtime_error("test set-up failed: no mdat in " + file.string());
  std::mt19937 random(14);
  for (size_t i = mdat + 4; i < data.size(); ++i) data[i] = static_cast<char>(random() & 0xFF);
  io.seekp(0);
  io.write(data.data(), static_cast<std::streamsize>(data.size()));
}

}  // namespace deeptrace::testing
