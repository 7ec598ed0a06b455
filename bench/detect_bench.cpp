// Inference-path benchmark: for generated H.264 clips (10 s at 720p and
// 1080p, GOP 48; and a 2-minute 1080p clip) it prints the per-stage times of
// a full analysis (open, decode, faces, classify, total), the total without
// overlapping decoding, the sampled frames per second, the ratio total /
// decode-only time for the same sampled frames, and the peak RSS. Figures,
// not assertions.
//   detect_bench MODELS_DIR [frames=32] [runs=3]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "detect/analyzer.hpp"
#include "detect/openmp_wait.hpp"
#include "media/frames.hpp"
#include "report/report.hpp"

namespace {

namespace fs = std::filesystem;
using deeptrace::Json;
namespace report = deeptrace::report;
using Clock = std::chrono::steady_clock;

const char* kMegamind = "/usr/share/doc/opencv-doc/examples/data/Megamind.avi";

struct Clip {
  std::string label;
  fs::path path;
};

// Megamind.avi (720x528, 11 s) looped and scaled; x264 with a 2 s GOP as
// typical for uploaded footage.
fs::path make_clip(const fs::path& dir, int height, int seconds) {
  fs::path out = dir / ("bench-" + std::to_string(height) + "p-" + std::to_string(seconds) + "s.mp4");
  if (fs::exists(out)) return out;
  std::string cmd = "ffmpeg -nostdin -v error -y -stream_loop -1 -i " + std::string(kMegamind) + " -t " +
                    std::to_string(seconds) + " -vf scale=-2:" + std::to_string(height) +
                    " -r 24 -g 48 -c:v libx264 -preset veryfast -pix_fmt yuv420p -an " + out.string();
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + cmd);
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// exact: also decode the non-reference frames, to reach the exact first
// frame at or after each target (what sampling did before it skipped them).
double decode_only_ms(const fs::path& clip, int frames, bool exact) {
  auto start = Clock::now();
  deeptrace::media::sample_frames(clip, {frames, 2, exact}, [](deeptrace::media::Frame&&) {});
  return ms_since(start);
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// `in_turn` decodes on the calling thread between inference steps: the
// same work without the overlap, measured in the same runs for comparison.
void bench_clip(deeptrace::detect::Analyzer& analyzer, deeptrace::detect::Analyzer& in_turn, const Clip& clip,
                int frames, int runs) {
  std::vector<double> decode, exact, open, dec, faces, classify, total, total_in_turn;
  std::map<std::string, std::vector<double>> per_detector;
  int crops = 0;
  deeptrace::JobOptions options;
  options.frames = frames;
  for (int i = 0; i < runs; ++i) {
    decode.push_back(decode_only_ms(clip.path, frames, false));
    exact.push_back(decode_only_ms(clip.path, frames, true));
    total_in_turn.push_back(in_turn.analyze(clip.path, options, {}).get<report::Report>().timings_ms.at("total"));
    // Read through the typed report (docs/report.schema.json), as every reader does.
    report::Report report = analyzer.analyze(clip.path, options, {}).get<report::Report>();
    const std::map<std::string, double>& t = report.timings_ms;
    crops = report.evidence.visual.faces_classified;
    for (const auto& d : report.evidence.visual.detectors) per_detector[d.name].push_back(d.ms);
    open.push_back(t.at("open"));
    dec.push_back(t.at("decode"));
    faces.push_back(t.at("faces"));
    classify.push_back(t.at("classify"));
    total.push_back(t.at("total"));
  }
  double total_ms = median(total);
  double decode_ms = median(decode);
  std::string detector_ms;
  for (const auto& [name, ms] : per_detector) detector_ms += (detector_ms.empty() ? "" : ", ") + name + " " +
                                                             std::to_string(static_cast<int>(median(ms)));
  std::printf("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.2f | %.2f | %d: %s |\n",
              clip.label.c_str(), median(open), median(dec), median(faces), median(classify), total_ms,
              median(total_in_turn), decode_ms, median(exact), frames * 1000.0 / total_ms, total_ms / decode_ms,
              median(total_in_turn) / decode_ms, crops, detector_ms.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  deeptrace::detect::use_passive_openmp_wait(argv);  // as the worker does
  if (argc < 2) {
    std::fprintf(stderr, "usage: detect_bench MODELS_DIR [frames=32] [runs=3]\n");
    return 2;
  }
  int frames = argc > 2 ? std::atoi(argv[2]) : 32;
  int runs = argc > 3 ? std::atoi(argv[3]) : 3;
  fs::path dir = fs::temp_directory_path() / "deeptrace-bench-clips";
  fs::create_directories(dir);
  std::vector<Clip> clips = {{"10 s 720p", make_clip(dir, 720, 10)},
                             {"10 s 1080p", make_clip(dir, 1080, 10)},
                             {"2 min 1080p", make_clip(dir, 1080, 120)}};
  deeptrace::detect::AnalyzerConfig config;
  config.models_dir = argv[1];
  deeptrace::detect::Analyzer analyzer(config);
  config.overlap_decoding = false;
  deeptrace::detect::Analyzer in_turn(config);
  std::printf("%d sampled frames, 4 MesoNet detectors, BlazeFace, median of %d runs, times in ms\n\n", frames, runs);
  std::printf("Stage columns are busy times: decoding overlaps the rest, so they add up to more than the total.\n\n");
  std::printf("| clip | open | decode | faces | classify | total | total, decoding in turn | decode-only "
              "| decode-only, exact frames | frames/s | total / decode-only | in turn / decode-only "
              "| crops: ms per detector |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const Clip& clip : clips) bench_clip(analyzer, in_turn, clip, frames, runs);
  std::printf("\npeak RSS of the process: %.0f MB\n", peak_rss_mb());
  return 0;
}
