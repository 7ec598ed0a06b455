#include "media_matrix.hpp"

#include <fstream>
#include <stdexcept>

#include "test_clips.hpp"

namespace deeptrace::testing {
namespace fs = std::filesystem;
namespace {

// Bump when the cases change, so stale caches are not reused.
constexpr const char* kCacheName = "deeptrace-media-matrix-v2";
const fs::path kAstronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";
const std::string kX264 = " -c:v libx264 -preset ultrafast -pix_fmt yuv420p ";
const std::string kX265Main10 = " -c:v libx265 -preset ultrafast -x265-params log-level=error -pix_fmt yuv420p10le ";
const std::string kVp9 = " -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -pix_fmt yuv420p ";
constexpr std::int64_t kSmallCap = 4096LL * 4096;  // image cases run under this cap

// The astronaut (a real face), square at `side`, padded to width x height.
std::string face_on_canvas(int side, int width, int height) {
  return "scale=" + std::to_string(side) + ":" + std::to_string(side) + ",pad=" + std::to_string(width) + ":" +
         std::to_string(height) + ":(ow-iw)/2:(oh-ih)/2,format=yuv420p";
}

void face_clip(const fs::path& out, int side, int width, int height, int fps, double seconds,
               const std::string& codec = kX264) {
  ffmpeg("-loop 1 -framerate " + std::to_string(fps) + " -i " + quoted(kAstronaut) + " -t " + std::to_string(seconds) +
         " -vf '" + face_on_canvas(side, width, height) + "'" + codec + quoted(out));
}

void reference_rendering(const fs::path& clip) {
  ffmpeg("-i " + quoted(clip) + " -frames:v 1 -sws_flags bilinear " + quoted(reference_png(clip)));
}

void colour_image(const fs::path& out, int width, int height) {
  ffmpeg("-f lavfi -i color=c=gray:s=" + std::to_string(width) + "x" + std::to_string(height) + " -frames:v 1 " +
         quoted(out));
}

// A PNG of width x height zero pixels, deflated: a few hundred kilobytes
// that decode to gigabytes.
void decompression_bomb_png(const fs::path& out, int width, int height) {
  std::string script = "import struct,sys,zlib\n"
                       "w,h=" + std::to_string(width) + "," + std::to_string(height) + "\n"
                       "def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d))\n"
                       "z=zlib.compressobj(9); row=bytes(1+3*w)\n"
                       "data=b''.join(z.compress(row) for _ in range(h))+z.flush()\n"
                       "open(sys.argv[1],'wb').write(b'\\x89PNG\\r\\n\\x1a\\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',w,h,8,2,0,0,0))"
                       "+chunk(b'IDAT',data)+chunk(b'IEND',b''))\n";
  fs::path py = out;
  py.replace_extension(".py");
  std::ofstream(py) << script;
  if (std::system(("python3 " + quoted(py) + " " + quoted(out)).c_str()) != 0)
    throw std::runtime_error("test set-up failed: writing " + out.string());
}

// Screen recorders write a frame only when the screen changes: long gaps,
// then bursts, at a size no codec block divides (1366 x 768).
void screen_recording(const fs::path& out) {
  ffmpeg("-f lavfi -i testsrc2=duration=4:size=1366x768:rate=20 -vf \"settb=1/1000,"
         "setpts='if(lt(N,10),N*0.3,if(lt(N,40),3+(N-10)*0.01,3.3+(N-40)*0.05))/TB'\""
         " -fps_mode vfr -enc_time_base 1/1000 -video_track_timescale 1000" + kX264 + quoted(out));
}

// Two video streams (the larger is the one to analyse), two audio tracks
// and a subtitle track in one Matroska file.
void many_streams_mkv(const fs::path& dir, const fs::path& out) {
  fs::path srt = dir / "subtitles.srt";
  std::ofstream(srt) << "1\n00:00:00,000 --> 00:00:01,500\nHello\n\n2\n00:00:01,500 --> 00:00:02,000\nWorld\n";
  ffmpeg("-loop 1 -framerate 25 -i " + quoted(kAstronaut) + " -f lavfi -i testsrc=size=160x120:rate=25"
         " -f lavfi -i sine=frequency=440 -f lavfi -i sine=frequency=880 -i " + quoted(srt) +
         " -t 2 -map 0:v -map 1:v -map 2:a -map 3:a -map 4:s -filter:v:0 '" + face_on_canvas(480, 640, 480) + "'" + kX264 +
         "-c:a libopus -c:s srt " + quoted(out));
}

std::vector<MatrixCase> cases_in(const fs::path& dir) {
  auto at = [&](const char* name) { return dir / name; };
  using E = ErrorCode;
  return {
      {"portrait_1080x1920", at("portrait-1080x1920.mp4"), {}, 1080, 1920, 60, media::kDefaultMaxPixels, true},
      {"portrait_2160x3840", at("portrait-2160x3840.mp4"), {}, 2160, 3840, 10},
      {"landscape_4k", at("landscape-3840x2160.mp4"), {}, 3840, 2160, 10},
      {"landscape_4k_over_cap", at("landscape-3840x2160.mp4"), E::RESOLUTION_TOO_HIGH, 0, 0, 0, 1920LL * 1080},
      {"fps60_720p", at("fps60-1280x720.mp4"), {}, 1280, 720, 120},
      {"rotated_1080p", at("rotated-1080p.mp4"), {}, 1080, 1920, 20, media::kDefaultMaxPixels, true},
      {"hevc_main10", at("hevc-main10.mp4"), {}, 1280, 720, 25},
      {"hevc_hdr10_pq", at("hevc-hdr10-pq.mp4"), {}, 1280, 720, 25},
      {"vfr_screen_recording", at("screen-recording.mp4"), {}, 1366, 768, 80},
      {"one_frame_h264", at("one-frame.mp4"), {}, 512, 512, 1},
      {"one_frame_vp9", at("one-frame.webm"), {}, 512, 512, 1},
      {"two_frames_h264", at("two-frames.mp4"), {}, 512, 512, 2},
      {"ten_minutes_sparse", at("ten-minutes.mp4"), {}, 160, 120, 1200},
      {"tiny_16x16", at("tiny-16x16.mp4"), {}, 16, 16, 10},
      {"extreme_wide_4096x64", at("wide-4096x64.webm"), {}, 4096, 64, 10},
      {"extreme_tall_64x4096", at("tall-64x4096.mp4"), {}, 64, 4096, 10},
      {"mkv_many_streams", at("many-streams.mkv"), {}, 640, 480, 50},
      {"png_at_default_cap", at("8192x8192.png"), {}, 8192, 8192, 1},
      {"png_at_cap", at("4096x4096.png"), {}, 4096, 4096, 1, kSmallCap},
      {"jpeg_at_cap", at("4096x4096.jpg"), {}, 4096, 4096, 1, kSmallCap},
      {"webp_at_cap", at("4096x4096.webp"), {}, 4096, 4096, 1, kSmallCap},
      {"png_over_cap", at("4098x4096.png"), E::RESOLUTION_TOO_HIGH, 0, 0, 0, kSmallCap},
      {"jpeg_over_cap", at("4098x4096.jpg"), E::RESOLUTION_TOO_HIGH, 0, 0, 0, kSmallCap},
      {"webp_over_cap", at("4098x4096.webp"), E::RESOLUTION_TOO_HIGH, 0, 0, 0, kSmallCap},
      {"png_decompression_bomb", at("bomb-16000x16000.png"), E::RESOLUTION_TOO_HIGH, 0, 0, 0},
      {"m4a_audio_only", at("audio.m4a"), E::NO_VIDEO_STREAM, 0, 0, 0, media::kDefaultMaxPixels, false, true},
      {"wav_audio_only", at("audio.wav"), E::NO_VIDEO_STREAM, 0, 0, 0, media::kDefaultMaxPixels, false, true},
  };
}

void generate(const fs::path& dir) {
  auto at = [&](const char* name) { return dir / name; };
  face_clip(at("portrait-1080x1920.mp4"), 1080, 1080, 1920, 30, 2);
  reference_rendering(at("portrait-1080x1920.mp4"));
  face_clip(at("portrait-2160x3840.mp4"), 2160, 2160, 3840, 10, 1);
  face_clip(at("landscape-3840x2160.mp4"), 2160, 3840, 2160, 10, 1);
  face_clip(at("fps60-1280x720.mp4"), 720, 1280, 720, 60, 2);
  face_clip(at("landscape-1080p.mp4"), 1080, 1920, 1080, 10, 2);
  ffmpeg("-i " + quoted(at("landscape-1080p.mp4")) + " -c copy -metadata:s:v:0 rotate=90 " + quoted(at("rotated-1080p.mp4")));
  reference_rendering(at("rotated-1080p.mp4"));
  face_clip(at("hevc-main10.mp4"), 720, 1280, 720, 25, 1, kX265Main10);
  face_clip(at("hevc-hdr10-pq.mp4"), 720, 1280, 720, 25, 1,
            kX265Main10 + "-color_primaries bt2020 -color_trc smpte2084 -colorspace bt2020nc ");
  screen_recording(at("screen-recording.mp4"));
  ffmpeg("-i " + quoted(kAstronaut) + " -frames:v 1" + kX264 + quoted(at("one-frame.mp4")));
  ffmpeg("-i " + quoted(kAstronaut) + " -frames:v 1" + kVp9 + quoted(at("one-frame.webm")));
  face_clip(at("two-frames.mp4"), 512, 512, 512, 25, 0.08);
  ffmpeg("-f lavfi -i testsrc=duration=600:size=160x120:rate=2" + kX264 + quoted(at("ten-minutes.mp4")));
  ffmpeg("-f lavfi -i testsrc=duration=1:size=16x16:rate=10" + kX264 + quoted(at("tiny-16x16.mp4")));
  ffmpeg("-f lavfi -i testsrc=duration=1:size=4096x64:rate=10" + kVp9 + quoted(at("wide-4096x64.webm")));
  ffmpeg("-f lavfi -i testsrc=duration=1:size=64x4096:rate=10" + kX264 + quoted(at("tall-64x4096.mp4")));
  many_streams_mkv(dir, at("many-streams.mkv"));
  colour_image(at("8192x8192.png"), 8192, 8192);
  for (const char* ext : {"png", "jpg", "webp"}) {
    colour_image(dir / ("4096x4096." + std::string(ext)), 4096, 4096);
    colour_image(dir / ("4098x4096." + std::string(ext)), 4098, 4096);
  }
  decompression_bomb_png(at("bomb-16000x16000.png"), 16000, 16000);
  ffmpeg("-f lavfi -i sine=duration=1 -c:a aac " + quoted(at("audio.m4a")));
  ffmpeg("-f lavfi -i sine=duration=1 " + quoted(at("audio.wav")));
}

}  // namespace

std::vector<std::string> media_matrix_names() {
  std::vector<std::string> names;
  for (const auto& c : cases_in({})) names.push_back(c.name);
  return names;
}

const std::vector<MatrixCase>& media_matrix() {
  // A failed set-up is not retried by every test that asks.
  static std::string failure;
  if (!failure.empty()) throw std::runtime_error(failure);
  try {
    static const std::vector<MatrixCase> cases = cases_in(generated_once(kCacheName, generate));
    return cases;
  } catch (const std::exception& e) {
    failure = e.what();
    throw;
  }
}

const MatrixCase& matrix_case(const std::string& name) {
  for (const auto& c : media_matrix())
    if (c.name == name) return c;
  throw std::invalid_argument("no media matrix case " + name);
}

}  // namespace deeptrace::testing
