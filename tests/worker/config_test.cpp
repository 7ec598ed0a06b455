#include "worker/config.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <cstdlib>

#include "scoped_env.hpp"

namespace deeptrace::worker {
namespace {

TEST(worker_config, SharedFlagsHaveTheApiDefaults) {
  AppConfig c = parse_config(std::vector<std::string>{});
  EXPECT_EQ(c.state_dir, flags::kDefaultStateDir);
  EXPECT_EQ(c.store_url, "");
  EXPECT_EQ(c.analyzer.models_dir, flags::kDefaultModelsDir);
  EXPECT_EQ(c.log_level, log::Level::Info);
  EXPECT_EQ(c.analyzer.max_pixels, media::kDefaultMaxPixels);
  AppConfig d = parse_config({"--state", "/tmp/s", "--store", "sqlite:/tmp/s/x.db", "--models", "/tmp/m",
                              "--log-level", "debug", "--max-pixels", "4096"});
  EXPECT_EQ(d.state_dir, "/tmp/s");
  EXPECT_EQ(d.store_url, "sqlite:/tmp/s/x.db");
  EXPECT_EQ(d.analyzer.models_dir, "/tmp/m");
  EXPECT_EQ(d.log_level, log::Level::Debug);
  EXPECT_EQ(d.analyzer.max_pixels, 4096);
  EXPECT_THROW(parse_config({"--log-level", "loud"}), CLI::ValidationError);
  EXPECT_THROW(parse_config({"--max-pixels", "0"}), CLI::ValidationError);
}

TEST(worker_config, EvidenceSectionFlags) {
  AppConfig c = parse_config(std::vector<std::string>{});
  detect::AnalyzerConfig defaults;
  EXPECT_EQ(c.analyzer.temporal_windows, defaults.temporal_windows);
  EXPECT_EQ(c.analyzer.temporal_weights, defaults.temporal_weights);
  EXPECT_EQ(c.analyzer.audio_model, defaults.audio_model);
  EXPECT_EQ(c.analyzer.audio_windows, defaults.audio_windows);
  EXPECT_EQ(c.analyzer.audio_scored_windows, defaults.audio_scored_windows);
  AppConfig d = parse_config({"--temporal-windows", "0", "--temporal-weights", "dfo", "--audio-model", "aasist_l",
                              "--audio-windows", "3", "--audio-scored-windows", "2"});
  EXPECT_EQ(d.analyzer.audio_scored_windows, 2);
  EXPECT_EQ(d.analyzer.temporal_windows, 0);
  EXPECT_EQ(d.analyzer.temporal_weights, "dfo");
  EXPECT_EQ(d.analyzer.audio_model, "aasist_l");
  EXPECT_EQ(d.analyzer.audio_windows, 3);
  ScopedEnv env("DEEPTRACE_AUDIO_MODEL", "aasist_l");
  EXPECT_EQ(parse_config(std::vector<std::string>{}).analyzer.audio_model, "aasist_l");
  EXPECT_THROW(parse_config({"--temporal-weights", "celebdf"}), CLI::ValidationError);
  EXPECT_THROW(parse_config({"--audio-model", "rawnet"}), CLI::ValidationError);
  EXPECT_THROW(parse_config({"--temporal-windows", "-1"}), CLI::ValidationError);
  EXPECT_THROW(parse_config({"--audio-scored-windows", "0"}), CLI::ValidationError);
}

// Issue 16: the device the visual models run on, chosen by config.
TEST(worker_config, DeviceIsCpuByDefaultAndCheckedForSyntax) {
  EXPECT_EQ(parse_config(std::vector<std::string>{}).analyzer.device, "cpu");
  EXPECT_EQ(parse_config({"--device", "cuda"}).analyzer.device, "cuda");
  EXPECT_EQ(parse_config({"--device", "cuda:1"}).analyzer.device, "cuda:1");
  ScopedEnv env("DEEPTRACE_DEVICE", "cuda:0");
  EXPECT_EQ(parse_config(std::vector<std::string>{}).analyzer.device, "cuda:0");
  for (const char* bad : {"gpu", "cuda:", "CPU", "cuda:x", "mps"})
    EXPECT_THROW(parse_config({"--device", bad}), CLI::ValidationError) << bad;
}

// Issue 16: where video decodes (FFmpeg's NVDEC), chosen apart from --device.
TEST(worker_config, DecodeDeviceIsCpuByDefaultAndCheckedForSyntax) {
  AppConfig defaults = parse_config(std::vector<std::string>{});
  EXPECT_EQ(defaults.analyzer.decode_device, "cpu");
  EXPECT_EQ(parse_config({"--decode-device", "cuda"}).analyzer.decode_device, "cuda");
  AppConfig both = parse_config({"--decode-device", "cuda:1", "--device", "cpu"});
  EXPECT_EQ(both.analyzer.decode_device, "cuda:1");
  EXPECT_EQ(both.analyzer.device, "cpu") << "the two devices are chosen apart";
  {
    ScopedEnv env("DEEPTRACE_DECODE_DEVICE", "cuda:0");
    EXPECT_EQ(parse_config(std::vector<std::string>{}).analyzer.decode_device, "cuda:0");
    EXPECT_EQ(parse_config(std::vector<std::string>{}).analyzer.device, "cpu");
  }
  for (const char* bad : {"gpu", "cuda:", "CPU", "cuda:x", "nvdec", "vaapi", ""})
    EXPECT_THROW(parse_config({"--decode-device", bad}), CLI::ValidationError) << bad;
}

// Issue 16: the temporal and audio sections beside the visual one (the
// shortest analysis) or after it (the smallest peak memory).
TEST(worker_config, SectionsRunBesideTheVisualOneUnlessAskedToWait) {
  EXPECT_TRUE(parse_config(std::vector<std::string>{}).analyzer.sections_beside_visual);
  EXPECT_FALSE(parse_config({"--sections-after-visual"}).analyzer.sections_beside_visual);
  {
    ScopedEnv env("DEEPTRACE_SECTIONS_AFTER_VISUAL", "true");
    EXPECT_FALSE(parse_config(std::vector<std::string>{}).analyzer.sections_beside_visual);
  }
  {
    ScopedEnv env("DEEPTRACE_SECTIONS_AFTER_VISUAL", "false");
    EXPECT_TRUE(parse_config(std::vector<std::string>{}).analyzer.sections_beside_visual);
  }
  EXPECT_THROW(parse_config({"--sections-after-visual=maybe"}), CLI::ParseError);
}

TEST(worker_config, InferenceThreadsNewNames) {
  AppConfig c = parse_config(std::vector<std::string>{});
  EXPECT_EQ(c.analyzer.torch_threads, 2);
  EXPECT_TRUE(c.deprecated_env.empty());
  EXPECT_EQ(parse_config({"--inference-threads", "3"}).analyzer.torch_threads, 3);
  EXPECT_EQ(parse_config({"--threads", "5"}).analyzer.torch_threads, 5);  // the old flag spelling
  ScopedEnv env("DEEPTRACE_INFERENCE_THREADS", "6");
  AppConfig e = parse_config(std::vector<std::string>{});
  EXPECT_EQ(e.analyzer.torch_threads, 6);
  EXPECT_TRUE(e.deprecated_env.empty());
  EXPECT_THROW(parse_config({"--inference-threads", "0"}), CLI::ValidationError);
}

TEST(worker_config, InferenceThreadsOldEnvNameWorksWithWarning) {
  ScopedEnv old("DEEPTRACE_THREADS", "7");
  AppConfig c = parse_config(std::vector<std::string>{});
  EXPECT_EQ(c.analyzer.torch_threads, 7);
  ASSERT_EQ(c.deprecated_env.size(), 1u);
  EXPECT_EQ(c.deprecated_env[0].old_name, "DEEPTRACE_THREADS");
  EXPECT_EQ(c.deprecated_env[0].new_name, "DEEPTRACE_INFERENCE_THREADS");
  EXPECT_TRUE(c.deprecated_env[0].used);
  {
    ScopedEnv zero("DEEPTRACE_THREADS", "0");  // the old name is held to the same range
    EXPECT_THROW(parse_config(std::vector<std::string>{}), std::invalid_argument);
  }
}

TEST(worker_config, InferenceThreadsNewEnvNameWinsOverOld) {
  ScopedEnv old("DEEPTRACE_THREADS", "7");
  ScopedEnv env("DEEPTRACE_INFERENCE_THREADS", "4");
  AppConfig c = parse_config(std::vector<std::string>{});
  EXPECT_EQ(c.analyzer.torch_threads, 4);
  ASSERT_EQ(c.deprecated_env.size(), 1u);
  EXPECT_FALSE(c.deprecated_env[0].used);
  EXPECT_EQ(parse_config({"--inference-threads", "9"}).analyzer.torch_threads, 9);
}

TEST(worker_config, WorkerTimings) {
  AppConfig c = parse_config({"--lease-s", "3", "--poll-max-ms", "50", "--worker-id", "w1"});
  EXPECT_EQ(c.worker.lease, std::chrono::milliseconds(3000));
  EXPECT_EQ(c.worker.poll_max, std::chrono::milliseconds(50));
  EXPECT_EQ(c.worker.worker_id, "w1");
  EXPECT_FALSE(parse_config(std::vector<std::string>{}).worker.worker_id.empty());
  // No names: the analyzer runs the ensemble file's set.
  EXPECT_TRUE(parse_config({"--detectors", ""}).analyzer.default_detectors.empty());
  EXPECT_EQ(parse_config({"--detectors", "a,,b"}).analyzer.default_detectors, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace deeptrace::worker
