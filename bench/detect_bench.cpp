// Inference-path benchmark: for generated H.264 clips (10 s at 720p and
// 1080p, GOP 48; and a 2-minute 1080p clip) it prints the per-stage times of
// a full analysis (open, decode, faces, classify, total), the total without
// overlapping decoding, the sampled frames per second, the ratio total /
// decode-only time for the same sampled frames, and the peak RSS. Figures,
// not assertions.
//   detect_bench MODELS_DIR [frames=32] [runs=3] [sections|defaults|clips [CLIP...]|dump CLIP...|boxes CLIP...]
// DEEPTRACE_DEVICE, DEEPTRACE_DECODE_DEVICE and DEEPTRACE_TEMPORAL_WINDOWS
// set those, as for the worker.
// ("defaults-after", "dump-after": the same with the temporal and audio
// sections after the visual one, as the worker's --sections-after-visual)
// "clips": only the clip table (of the clips named after it, if any:
// "clips CLIP..."); "dump": each clip's report without its
// timings, one a line, "boxes": each sampled frame's face boxes (both to
// check that a change leaves outputs as they were).
// With "sections" it measures only the temporal and audio sections' cost;
// with "defaults" only the worker's default analysis of the speech clip,
// whose peak RSS is then the worker's.
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
#include "detect/face_detector.hpp"
#include "detect/audio/aasist_model.hpp"
#include "detect/malloc_arenas.hpp"
#include "detect/openmp_wait.hpp"
#include "media/audio.hpp"
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

// The 10 s 1080p clip with a voice on its sound track (espeak-ng, repeated),
// so that the audio section has speech to score.
fs::path make_clip_with_speech(const fs::path& dir) {
  fs::path out = dir / "bench-1080p-10s-speech.mp4";
  if (fs::exists(out)) return out;
  fs::path voice = dir / "bench-voice.wav";
  std::string say = "espeak-ng -w " + voice.string() +
                    " 'This is a short recording of a synthetic voice reading a sentence for the benchmark, "
                    "and it goes on for a few seconds so that every window holds speech.'";
  std::string cmd = say + " && ffmpeg -nostdin -v error -y -stream_loop -1 -i " + std::string(kMegamind) +
                    " -stream_loop -1 -i " + voice.string() +
                    " -t 10 -map 0:v -map 1:a -vf scale=-2:1080 -r 24 -g 48 -c:v libx264 -preset veryfast "
                    "-pix_fmt yuv420p -c:a aac -b:a 96k " + out.string();
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("making the speech clip failed: " + cmd);
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Where the models run and where video decodes: the worker's variables
// (DEEPTRACE_DEVICE, DEEPTRACE_DECODE_DEVICE; cpu unless set), so that the
// GPU build is measured with the same program (docs/speed.md, "The GPU
// build on an H200").
std::string env_or_cpu(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : "cpu";
}

const std::string& decode_device() {
  static const std::string device = env_or_cpu("DEEPTRACE_DECODE_DEVICE");
  return device;
}

deeptrace::detect::AnalyzerConfig bench_config(const fs::path& models_dir) {
  deeptrace::detect::AnalyzerConfig config;
  config.models_dir = models_dir;
  config.device = env_or_cpu("DEEPTRACE_DEVICE");
  config.decode_device = decode_device();
  // 0 where dlib's 68-point model is not installed (a GPU machine without
  // Debian's libdlib-data).
  if (const char* windows = std::getenv("DEEPTRACE_TEMPORAL_WINDOWS")) config.temporal_windows = std::atoi(windows);
  return config;
}

// exact: also decode the non-reference frames, to reach the exact first
// frame at or after each target (what sampling did before it skipped them).
double decode_only_ms(const fs::path& clip, int frames, bool exact) {
  auto start = Clock::now();
  deeptrace::media::sample_frames(clip, {frames, 2, exact, deeptrace::media::kDefaultMaxPixels, decode_device()},
                                  [](deeptrace::media::Frame&&) {});
  return ms_since(start);
}

// CPU time (user + system) of the whole process so far, all threads.
double cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
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

// The temporal and audio sections' cost: the same clip analysed with the
// visual section alone (as before issue 14), then with each section and
// both, beside the visual section (the default) or after it, in the same
// runs; the ratio is total over the visual-only total.
void bench_sections(const fs::path& models_dir, const fs::path& clip, int frames, int runs) {
  struct Setup {
    std::string label;
    int temporal_windows, audio_scored_windows;  // 0 scored: audio off
    bool beside = true;
  };
  deeptrace::detect::AnalyzerConfig defaults;
  int k = defaults.temporal_windows, scored = defaults.audio_scored_windows;
  std::vector<Setup> setups = {
      {"visual only", 0, 0},
      {"+ temporal K=1", 1, 0},
      {"+ temporal K=2", 2, 0},
      {"+ temporal K=4", 4, 0},
      {"+ audio, 1 window scored", 0, 1},
      {"+ audio, 3 windows scored", 0, 3},
      {"defaults (temporal K=" + std::to_string(k) + ", audio " + std::to_string(scored) + ")", k, scored},
      {"defaults, sections after the visual one", k, scored, false},
      {"temporal K=" + std::to_string(k) + ", audio 3 windows", k, 3}};
  deeptrace::JobOptions options;
  options.frames = frames;
  std::printf("\n10 s 1080p clip with speech, %d frames, median of %d runs, ms\n\n", frames, runs);
  std::printf("| setup | total | temporal | audio | total / visual only | cores busy (CPU time / total) "
              "| temporal windows scored | audio windows scored | temporal parts |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  double baseline = 0;
  for (const Setup& setup : setups) {
    deeptrace::detect::AnalyzerConfig config = bench_config(models_dir);
    config.temporal_windows = setup.temporal_windows;
    config.audio_windows = setup.audio_scored_windows > 0 ? defaults.audio_windows : 0;
    config.audio_scored_windows = std::max(1, setup.audio_scored_windows);
    config.sections_beside_visual = setup.beside;
    deeptrace::detect::Analyzer analyzer(config);
    analyzer.analyze(clip, options, {});  // warm-up: first-call allocations and JIT
    std::vector<double> total, temporal, audio, cores;
    std::map<std::string, std::vector<double>> temporal_parts;
    int temporal_scored = 0, audio_scored = 0;
    for (int i = 0; i < runs; ++i) {
      double cpu_before = cpu_ms();
      report::Report r = analyzer.analyze(clip, options, {}).get<report::Report>();
      cores.push_back((cpu_ms() - cpu_before) / r.timings_ms.at("total"));
      total.push_back(r.timings_ms.at("total"));
      temporal.push_back(r.timings_ms.count("temporal") ? r.timings_ms.at("temporal") : 0);
      for (const auto& [stage, ms] : r.timings_ms)
        if (stage.rfind("temporal_", 0) == 0) temporal_parts[stage.substr(9)].push_back(ms);
      audio.push_back(r.timings_ms.count("audio") ? r.timings_ms.at("audio") : 0);
      temporal_scored = r.evidence.temporal ? r.evidence.temporal->windows_analyzed : 0;
      audio_scored = r.evidence.audio ? r.evidence.audio->windows_scored : 0;
    }
    if (baseline == 0) baseline = median(total);
    std::string parts;
    for (const auto& [part, ms] : temporal_parts)
      parts += (parts.empty() ? "" : ", ") + part + " " + std::to_string(static_cast<int>(median(ms)));
    std::printf("| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %d | %d | %s |\n", setup.label.c_str(), median(total),
                median(temporal), median(audio), median(total) / baseline, median(cores), temporal_scored,
                audio_scored, parts.c_str());
  }
}

// The audio section's two parts on the speech clip: reading the windows
// (decoding, resampling, the speech check) and AASIST on each window.
void bench_audio_parts(const fs::path& models_dir, const fs::path& clip, int runs) {
  std::printf("\nAudio section parts on the same clip, median of %d runs, ms\n\n", runs);
  std::printf("| model | windows | read + speech check | inference | inference per window |\n|---|---|---|---|---|\n");
  deeptrace::detect::AnalyzerConfig defaults;
  for (const char* mode : {"aasist", "aasist_l"}) {
    deeptrace::detect::audio::AasistModel model({models_dir, defaults.torch_threads}, mode);
    std::vector<double> read, infer;
    std::vector<std::vector<float>> windows;
    for (int i = 0; i <= runs; ++i) {  // the first is a warm-up
      windows.clear();
      auto start = Clock::now();
      deeptrace::media::read_audio_windows(
          clip, {model.sample_rate(), model.window_samples(), defaults.audio_windows},
          [&](deeptrace::media::AudioWindow&& w) {
            if (deeptrace::media::detect_speech(w.samples, model.sample_rate()).speech) windows.push_back(std::move(w.samples));
          });
      double read_ms = ms_since(start);
      start = Clock::now();
      model.spoof_probabilities(windows);
      if (i == 0) continue;
      read.push_back(read_ms);
      infer.push_back(ms_since(start));
    }
    std::printf("| %s | %zu | %.0f | %.0f | %.0f |\n", mode, windows.size(), median(read), median(infer),
                windows.empty() ? 0.0 : median(infer) / static_cast<double>(windows.size()));
  }
}

// The worker's default analysis alone on the speech clip: its total and the
// process's peak RSS (in the full benchmark the peak is that of the largest
// setup measured).
void bench_defaults(const fs::path& models_dir, const fs::path& clip, int frames, int runs, bool beside) {
  deeptrace::detect::AnalyzerConfig config = bench_config(models_dir);
  config.sections_beside_visual = beside;
  deeptrace::detect::Analyzer analyzer(config);
  deeptrace::JobOptions options;
  options.frames = frames;
  std::vector<double> total;
  for (int i = 0; i <= runs; ++i) {
    double ms = analyzer.analyze(clip, options, {}).get<report::Report>().timings_ms.at("total");
    if (i > 0) total.push_back(ms);  // the first is a warm-up
  }
  std::printf("defaults%s on the 10 s 1080p clip with speech: total %.0f ms (median of %d), peak RSS %.0f MB\n",
              beside ? "" : ", sections after the visual one", median(total), runs, peak_rss_mb());
}

// The report of each clip (default analysis), without its timings, one JSON
// document a line: to check that a change leaves every output as it was.
Json without_timings(Json j) {
  if (j.is_object()) {
    Json out = Json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& key = it.key();
      if (key == "ms" || key == "timings_ms" || (key.size() > 3 && key.compare(key.size() - 3, 3, "_ms") == 0)) continue;
      out[key] = without_timings(it.value());
    }
    return out;
  }
  if (j.is_array()) {
    Json out = Json::array();
    for (auto& v : j) out.push_back(without_timings(v));
    return out;
  }
  return j;
}

void dump_reports(const fs::path& models_dir, int frames, const std::vector<std::string>& clips, bool beside) {
  deeptrace::detect::AnalyzerConfig config = bench_config(models_dir);
  config.sections_beside_visual = beside;
  deeptrace::detect::Analyzer analyzer(config);
  deeptrace::JobOptions options;
  options.frames = frames;
  for (const auto& clip : clips) std::printf("%s\n", without_timings(analyzer.analyze(clip, options, {})).dump().c_str());
}

// Each clip's sampled frames through the face detector in batches of 8 (as
// the analyzer cuts them) and of 7, 5, 3, 2 and 1 (partial batches), one
// line of boxes per frame: to check that a change leaves every box as it was.
void dump_boxes(const fs::path& models_dir, int frames, const std::vector<std::string>& clips) {
  auto detector = deeptrace::detect::make_face_detector("blazeface", {models_dir, 2});
  for (const auto& clip : clips) {
    std::vector<cv::Mat> pictures;
    deeptrace::media::sample_frames(clip, {frames, 2, false}, [&](deeptrace::media::Frame&& f) { pictures.push_back(f.bgr); });
    for (long warm_up : {8, 7, 5, 3, 2, 1})  // first calls of a batch size are slower
      detector->detect_batch({pictures.begin(), pictures.begin() + std::min(warm_up, static_cast<long>(pictures.size()))});
    for (int batch : {8, 7, 5, 3, 2, 1}) {
      auto start_time = Clock::now();
      for (size_t start = 0; start < pictures.size(); start += static_cast<size_t>(batch)) {
        std::vector<cv::Mat> part(pictures.begin() + static_cast<long>(start),
                                  pictures.begin() + static_cast<long>(std::min(pictures.size(), start + batch)));
        auto boxes = detector->detect_batch(part);
        for (size_t i = 0; i < boxes.size(); ++i) {
          std::printf("%s batch %d frame %zu:", fs::path(clip).filename().c_str(), batch, start + i);
          for (const auto& b : boxes[i]) std::printf(" %d,%d,%d,%d", b.x, b.y, b.width, b.height);
          std::printf("\n");
        }
      }
      std::fprintf(stderr, "%s: %zu frames in batches of %d: %.0f ms\n", fs::path(clip).filename().c_str(),
                   pictures.size(), batch, ms_since(start_time));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  deeptrace::detect::use_passive_openmp_wait(argv);  // as the worker does
  deeptrace::detect::limit_malloc_arenas();
  if (argc < 2) {
    std::fprintf(stderr, "usage: detect_bench MODELS_DIR [frames=32] [runs=3] [sections]\n");
    return 2;
  }
  int frames = argc > 2 ? std::atoi(argv[2]) : 32;
  int runs = argc > 3 ? std::atoi(argv[3]) : 3;
  std::string only = argc > 4 ? argv[4] : "";
  bool beside = true;  // "dump-after", "defaults-after": the sections after the visual one
  if (only == "dump-after" || only == "defaults-after") {
    only.resize(only.size() - std::string("-after").size());
    beside = false;
  }
  bool sections_only = only == "sections";
  if (only == "boxes") {  // detect_bench MODELS_DIR FRAMES RUNS boxes CLIP...
    dump_boxes(argv[1], frames, std::vector<std::string>(argv + 5, argv + argc));
    return 0;
  }
  if (only == "dump") {  // detect_bench MODELS_DIR FRAMES RUNS dump CLIP...
    dump_reports(argv[1], frames, std::vector<std::string>(argv + 5, argv + argc), beside);
    return 0;
  }
  fs::path dir = fs::temp_directory_path() / "deeptrace-bench-clips";
  fs::create_directories(dir);
  if (only == "defaults") {
    bench_defaults(argv[1], make_clip_with_speech(dir), frames, runs, beside);
    return 0;
  }
  if (sections_only) {
    bench_audio_parts(argv[1], make_clip_with_speech(dir), runs);
    bench_sections(argv[1], make_clip_with_speech(dir), frames, runs);
    std::printf("\npeak RSS of the process: %.0f MB\n", peak_rss_mb());
    return 0;
  }
  std::vector<Clip> clips;
  for (int i = 5; i < argc && only == "clips"; ++i) clips.push_back({fs::path(argv[i]).filename().string(), argv[i]});
  if (clips.empty())
    clips = {{"10 s 720p", make_clip(dir, 720, 10)},
             {"10 s 1080p", make_clip(dir, 1080, 10)},
             {"2 min 1080p", make_clip(dir, 1080, 120)}};
  deeptrace::detect::AnalyzerConfig config = bench_config(argv[1]);
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
  if (only == "clips") return 0;
  bench_audio_parts(argv[1], make_clip_with_speech(dir), runs);
  bench_sections(argv[1], make_clip_with_speech(dir), frames, runs);
  std::printf("\npeak RSS of the process: %.0f MB\n", peak_rss_mb());
  return 0;
}
