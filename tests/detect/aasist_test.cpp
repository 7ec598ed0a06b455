// AASIST and AASIST-L as converted by tools/convert_aasist.py: the golden
// logits of ../shared/models/README.md, and the audio section built from real
// signals (a human voice from alsa-utils, a synthetic voice from espeak-ng, a
// tone and noise), decoded here with ffmpeg into memory.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "detect/audio/aasist_model.hpp"
#include "detect/audio/audio_evidence.hpp"
#include "report_schema_check.hpp"

namespace deeptrace::detect::audio {
namespace {

namespace fs = std::filesystem;
using report::SectionStatus;
using report::Verdict;

constexpr int kRate = 16000;
constexpr int kWindow = 64600;
const fs::path kHumanVoice = "/usr/share/sounds/alsa/Front_Center.wav";  // alsa-utils: "front center", 1.4 s

DetectorContext context() { return DetectorContext{DEEPTRACE_MODELS_DIR, 2}; }

// The README's golden inputs, in float32 and in the order of operations of
// the reference (PyTorch on float32 tensors): the chirp's phase reaches about
// 50,000 rad, where float64 arithmetic rounds differently enough to move
// AASIST's chirp logits by 0.004.
std::vector<float> sine440() {
  std::vector<float> x(kWindow);
  const float two_pi_440 = static_cast<float>(2 * M_PI * 440);
  for (int i = 0; i < kWindow; ++i) x[i] = 0.1f * std::sin(two_pi_440 * static_cast<float>(i) / 16000.0f);
  return x;
}

std::vector<float> chirp() {
  std::vector<float> x(kWindow);
  const float two_pi = static_cast<float>(2 * M_PI);
  for (int i = 0; i < kWindow; ++i) {
    float n = static_cast<float>(i);
    float frequency = 200.0f + 1800.0f * n / static_cast<float>(kWindow);
    x[i] = 0.05f * std::sin(two_pi * frequency * n / 16000.0f);
  }
  return x;
}

std::vector<float> white_noise(int samples) {
  std::mt19937 random(14);
  std::normal_distribution<float> normal(0.0f, 0.1f);
  std::vector<float> x(samples);
  for (float& v : x) v = normal(random);
  return x;
}

// Any audio file as mono 16 kHz float, through ffmpeg into memory.
std::vector<float> decode_16k_mono(const fs::path& file) {
  std::string command = "ffmpeg -v error -i '" + file.string() + "' -f f32le -ac 1 -ar 16000 -";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {};
  std::vector<float> samples;
  float block[4096];
  size_t read = 0;
  while ((read = std::fread(block, sizeof(float), 4096, pipe)) > 0) samples.insert(samples.end(), block, block + read);
  ::pclose(pipe);
  return samples;
}

// An espeak-ng sentence (a synthetic voice, about 4 s), as mono 16 kHz float.
std::vector<float> espeak_sentence() {
  fs::path wav = fs::temp_directory_path() / ("deeptrace-espeak-" + std::to_string(::getpid()) + ".wav");
  std::string command = "espeak-ng -w '" + wav.string() +
                        "' 'The quarterly report is ready; please check the figures before the meeting tomorrow.'";
  if (std::system(command.c_str()) != 0) return {};
  std::vector<float> samples = decode_16k_mono(wav);
  fs::remove(wav);
  return samples;
}

struct Golden {
  const char* model;
  const char* input;
  float spoof, bona_fide;
};
// ../shared/models/README.md, "Golden values".
const Golden kGolden[] = {
    {"aasist", "sine440", 0.7177f, -1.6102f},
    {"aasist", "chirp", 5.2398f, -6.4932f},
    {"aasist_l", "sine440", 4.6039f, -4.1957f},
    {"aasist_l", "chirp", 6.6589f, -5.9445f},
};

class AasistGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(AasistGolden, ReproducesTheReadmeLogits) {
  AasistModel model(context(), GetParam());
  // Both inputs in one batch: the batch dimension must not mix windows.
  auto logits = model.logits({sine440(), chirp()});
  ASSERT_EQ(logits.size(), 2u);
  for (const Golden& golden : kGolden) {
    if (GetParam() != golden.model) continue;
    const auto& row = logits[std::string(golden.input) == "sine440" ? 0 : 1];
    std::printf("golden %-8s %-7s logits %.4f %.4f (expected %.4f %.4f) P(spoof) %.4f\n", golden.model,
                golden.input, row[0], row[1], golden.spoof, golden.bona_fide, spoof_probability(row));
    EXPECT_NEAR(row[0], golden.spoof, 1e-3) << golden.input;
    EXPECT_NEAR(row[1], golden.bona_fide, 1e-3) << golden.input;
  }
}

INSTANTIATE_TEST_SUITE_P(Models, AasistGolden, ::testing::Values("aasist", "aasist_l"),
                         [](const auto& info) { return info.param; });

TEST(AasistModel, RecordsItsCatalogueEntry) {
  AasistModel model(context(), "aasist_l");
  EXPECT_EQ(model.name(), "aasist_l");
  EXPECT_EQ(model.weights_sha256(), "814331d088032bb4c3fa61cc014789eadeed464209dd094ab3a2dd6ffbdce27a");
  EXPECT_EQ(model.sample_rate(), kRate);
  EXPECT_EQ(model.window_samples(), kWindow);
  EXPECT_FALSE(model.version().empty());
  EXPECT_NE(model.card().value("paper", "").find("AASIST"), std::string::npos);
  EXPECT_FALSE(model.card().value("known_limits", Json::array()).empty());
}

TEST(AasistModel, UnknownModeIsAnInvalidRequest) {
  try {
    AasistModel model(context(), "wav2vec");
    FAIL() << "an unknown mode must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::INVALID_REQUEST);
  }
}

TEST(AasistModel, MissingModelsAreUnavailable) {
  fs::path empty = fs::temp_directory_path() / ("deeptrace-no-models-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  try {
    AasistModel model(DetectorContext{empty, 1}, "aasist");
    FAIL() << "no catalogue, no model";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::MODEL_UNAVAILABLE);
  }
  fs::remove_all(empty);
}

TEST(AasistModel, ATamperedFileIsUnavailable) {
  fs::path dir = fs::temp_directory_path() / ("deeptrace-tampered-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(fs::path(DEEPTRACE_MODELS_DIR) / "audio_detectors.json", dir / "audio_detectors.json");
  std::ofstream(dir / "aasist.pt") << "not the converted model";
  try {
    AasistModel model(DetectorContext{dir, 1}, "aasist");
    FAIL() << "a file that does not match its sha256 must not load";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::MODEL_UNAVAILABLE);
  }
  fs::remove_all(dir);
}

TEST(FillWindow, RepeatsAShortWindowFromItsStart) {
  EXPECT_EQ(fill_window({1, 2, 3}, 7), (std::vector<float>{1, 2, 3, 1, 2, 3, 1}));
  EXPECT_EQ(fill_window({1, 2, 3, 4}, 2), (std::vector<float>{1, 2}));
  EXPECT_EQ(fill_window({}, 3), (std::vector<float>{0, 0, 0}));
}

TEST(SpoofProbability, IsSoftmaxIndexZeroWithoutOverflow) {
  EXPECT_NEAR(spoof_probability({0.7177f, -1.6102f}), 0.9112, 1e-4);
  EXPECT_NEAR(spoof_probability({0.0f, 0.0f}), 0.5, 1e-12);
  EXPECT_NEAR(spoof_probability({-1000.0f, 1000.0f}), 0.0, 1e-12);
  EXPECT_NEAR(spoof_probability({1000.0f, -1000.0f}), 1.0, 1e-12);
}

// Real voices: a human one (alsa-utils) reads as bona fide, espeak-ng's
// formant synthesis as spoof, with both models. The README measured 0.39 /
// 0.24 and 1.00 / 1.00.
class AasistVoices : public ::testing::TestWithParam<std::string> {};

TEST_P(AasistVoices, HumanVoiceBelowSyntheticVoice) {
  std::vector<float> human = decode_16k_mono(kHumanVoice), synthetic = espeak_sentence();
  ASSERT_GT(human.size(), 16000u) << "alsa-utils' Front_Center.wav, decoded with ffmpeg";
  ASSERT_GT(synthetic.size(), 32000u) << "espeak-ng, decoded with ffmpeg";
  AasistModel model(context(), GetParam());
  auto p = model.spoof_probabilities({human, std::vector<float>(synthetic.begin(), synthetic.begin() +
                                                                   std::min<size_t>(synthetic.size(), kWindow))});
  std::printf("%s P(spoof): alsa Front_Center.wav %.4f, espeak-ng sentence %.4f\n", GetParam().c_str(), p[0], p[1]);
  EXPECT_LT(p[0], 0.5);
  EXPECT_GT(p[1], 0.9);
}

INSTANTIATE_TEST_SUITE_P(Models, AasistVoices, ::testing::Values("aasist", "aasist_l"),
                         [](const auto& info) { return info.param; });

// The section builder on windows made here (the decoder's own tests cover
// media::read_audio_windows and media::detect_speech).
class AudioSection : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { model_ = new AasistModel(context(), "aasist"); }
  static void TearDownTestSuite() {
    delete model_;
    model_ = nullptr;
  }
  static AasistModel* model_;
  AudioOptions options_;
};
AasistModel* AudioSection::model_ = nullptr;

TEST_F(AudioSection, ScoresOnlySpeechWindowsAndAveragesThem) {
  std::vector<float> two_seconds_of_tone = sine440();
  two_seconds_of_tone.resize(32000);
  std::vector<SpeechWindow> windows = {
      {0.0, decode_16k_mono(kHumanVoice), true},
      {4.0375, two_seconds_of_tone, false},
      {8.075, white_noise(kWindow), false},
      {12.1125, espeak_sentence(), true},
  };
  windows[3].samples.resize(std::min<size_t>(windows[3].samples.size(), kWindow));
  report::AudioEvidence section = build_audio_evidence(windows, *model_, options_);

  ASSERT_EQ(section.status, SectionStatus::Ok);
  EXPECT_FALSE(section.reason);
  EXPECT_EQ(section.sample_rate, kRate);
  EXPECT_NEAR(section.window_s, 4.0375, 1e-9);
  EXPECT_EQ(section.windows_analyzed, 4);
  EXPECT_EQ(section.speech_windows, 2);
  EXPECT_EQ(section.windows_scored, 2);
  ASSERT_EQ(section.windows.size(), 4u);
  EXPECT_DOUBLE_EQ(section.windows[1].t, 4.0375);
  EXPECT_NEAR(section.windows[1].duration_s, 2.0, 1e-9);
  for (size_t i : {1u, 2u}) {
    EXPECT_FALSE(section.windows[i].speech);
    EXPECT_FALSE(section.windows[i].fake_score) << "noise and tones read as spoof: never scored";
    EXPECT_FALSE(section.windows[i].scores);
  }
  double human = section.windows[0].fake_score.value(), synthetic = section.windows[3].fake_score.value();
  EXPECT_LT(human, 0.5);
  EXPECT_GT(synthetic, 0.9);
  EXPECT_DOUBLE_EQ(section.windows[0].scores->at("aasist"), human);
  EXPECT_NEAR(section.fake_score.value(), (human + synthetic) / 2, 1e-12);
  EXPECT_EQ(section.verdict, report::verdict_for(*section.fake_score, options_.thresholds));

  ASSERT_EQ(section.detectors.size(), 1u);
  const report::DetectorResult& detector = section.detectors[0];
  EXPECT_EQ(detector.name, "aasist");
  EXPECT_EQ(detector.weights_sha256, "51d2d9cf0738172f61e2a384ec50a54a55363240f67c971ed55a92435bc1a1c0");
  EXPECT_FALSE(detector.version.empty());
  EXPECT_EQ(detector.weight, 1.0);
  EXPECT_EQ(detector.fake_score, section.fake_score);
  EXPECT_EQ(detector.verdict, section.verdict);
  EXPECT_GT(detector.ms, 0);
  EXPECT_TRUE(testing::matches_report_schema(Json(section), "AudioEvidence")) << Json(section).dump(2);
}

// The model runs on at most max_scored speech windows, those with the most
// seconds of speech; the others are listed with their speech flag and no score.
TEST_F(AudioSection, ScoresOnlyTheWindowsWithTheMostSpeechWithinItsBudget) {
  std::vector<float> voice = decode_16k_mono(kHumanVoice);
  std::vector<SpeechWindow> windows = {
      {0.0, voice, true, 0.40},
      {4.0375, white_noise(kWindow), false, 0.0},
      {8.075, espeak_sentence(), true, 0.75},
      {12.1125, voice, true, 0.75},
  };
  AudioOptions options = options_;
  options.max_scored = 2;
  report::AudioEvidence section = build_audio_evidence(windows, *model_, options);

  ASSERT_EQ(section.status, SectionStatus::Ok);
  EXPECT_EQ(section.windows_analyzed, 4);
  EXPECT_EQ(section.speech_windows, 3);
  EXPECT_EQ(section.windows_scored, 2);
  ASSERT_EQ(section.windows.size(), 4u);
  EXPECT_TRUE(section.windows[0].speech);
  EXPECT_FALSE(section.windows[0].fake_score) << "the least speech of three (0.40 of 1.4 s): beyond the budget of two";
  EXPECT_FALSE(section.windows[1].fake_score);
  double synthetic = section.windows[2].fake_score.value(), human = section.windows[3].fake_score.value();
  EXPECT_NEAR(section.fake_score.value(), (synthetic + human) / 2, 1e-12);
  EXPECT_TRUE(testing::matches_report_schema(Json(section), "AudioEvidence")) << Json(section).dump(2);

  options.max_scored = 1;  // the same share of a 4 s window and of a 1.4 s one: the 4 s window
  section = build_audio_evidence(windows, *model_, options);
  EXPECT_EQ(section.windows_scored, 1);
  EXPECT_TRUE(section.windows[2].fake_score);
  EXPECT_FALSE(section.windows[3].fake_score);
  EXPECT_DOUBLE_EQ(section.fake_score.value(), *section.windows[2].fake_score);
}

// A full window of speech goes before a shorter last window, however much
// more of the tail is voiced: the tail is repeated to fill AASIST's input,
// which it was not trained on (SHORT_SPEECH). A 7.7 s espeak-ng file had its
// 3.7 s tail scored instead of its full first window, and a false warning.
TEST_F(AudioSection, AFullWindowOfSpeechIsScoredBeforeAShorterOneWithMoreSpeech) {
  std::vector<float> full = espeak_sentence();
  ASSERT_GE(full.size(), static_cast<size_t>(kWindow));
  full.resize(kWindow);
  std::vector<float> tail(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(kWindow * 9 / 10));
  AudioOptions options = options_;
  options.max_scored = 1;
  report::AudioEvidence section =
      build_audio_evidence({{0.0, full, true, 0.50}, {4.0375, tail, true, 0.95}}, *model_, options);
  ASSERT_EQ(section.windows_scored, 1);
  EXPECT_TRUE(section.windows[0].fake_score) << "the full window, with 2.0 s of speech";
  EXPECT_FALSE(section.windows[1].fake_score) << "not the 3.6 s tail, though it holds 3.5 s of speech";

  // Without a full window of speech, the tail is scored.
  section = build_audio_evidence({{0.0, full, false, 0.05}, {4.0375, tail, true, 0.95}}, *model_, options);
  ASSERT_EQ(section.windows_scored, 1);
  EXPECT_TRUE(section.windows[1].fake_score);
}

TEST_F(AudioSection, SyntheticSpeechAloneIsLikelyFake) {
  std::vector<float> speech = espeak_sentence();
  speech.resize(std::min<size_t>(speech.size(), kWindow));
  report::AudioEvidence section = build_audio_evidence({{0.0, speech, true}}, *model_, options_);
  ASSERT_EQ(section.status, SectionStatus::Ok);
  EXPECT_EQ(section.verdict, Verdict::LikelyFake);
}

TEST_F(AudioSection, NoSpeechIsNotApplicableWithItsWindowsListed) {
  report::AudioEvidence section =
      build_audio_evidence({{0.0, sine440(), false}, {4.0375, white_noise(kWindow), false}}, *model_, options_);
  EXPECT_EQ(section.status, SectionStatus::NotApplicable);
  EXPECT_EQ(section.reason, "NO_SPEECH");
  EXPECT_FALSE(section.fake_score);
  EXPECT_EQ(section.verdict, Verdict::NotApplicable);
  EXPECT_TRUE(section.detectors.empty());
  EXPECT_EQ(section.windows_analyzed, 2);
  EXPECT_EQ(section.speech_windows, 0);
  ASSERT_EQ(section.windows.size(), 2u);
  EXPECT_FALSE(section.windows[0].fake_score);
  EXPECT_TRUE(testing::matches_report_schema(Json(section), "AudioEvidence")) << Json(section).dump(2);
}

TEST_F(AudioSection, NoWindowsIsNoAudio) {
  report::AudioEvidence section = build_audio_evidence({}, *model_, options_);
  EXPECT_EQ(section.status, SectionStatus::NotApplicable);
  EXPECT_EQ(section.reason, "NO_AUDIO");
  EXPECT_TRUE(section.windows.empty());
  EXPECT_TRUE(testing::matches_report_schema(Json(section), "AudioEvidence")) << Json(section).dump(2);
}

TEST(AudioSectionWithoutScore, FailedAndUnavailableSectionsMatchTheSchema) {
  for (auto [status, reason] : {std::pair{SectionStatus::Failed, "AUDIO_DECODE_FAILED"},
                                std::pair{SectionStatus::Unavailable, "MODEL_UNAVAILABLE"},
                                std::pair{SectionStatus::NotApplicable, "NO_AUDIO"}}) {
    report::AudioEvidence section = audio_section_without_score(status, reason);
    EXPECT_EQ(section.status, status);
    EXPECT_EQ(section.reason, reason);
    EXPECT_FALSE(section.fake_score);
    EXPECT_TRUE(testing::matches_report_schema(Json(section), "AudioEvidence")) << Json(section).dump(2);
  }
}

// Cost per window, for docs/audio.md: median of 7 runs after a warm-up, 2
// threads; wall time and the process's CPU time (on a shared machine the CPU
// time is the steadier figure). Disabled in CI (timing is not a pass/fail
// matter); run with --gtest_also_run_disabled_tests --gtest_filter='*Timing*'.
TEST(AasistTiming, DISABLED_MedianMillisecondsPerWindow) {
  std::vector<float> window = chirp();
  for (const char* mode : {"aasist", "aasist_l"}) {
    AasistModel model(context(), mode);
    for (size_t batch : {1u, 4u}) {
      std::vector<std::vector<float>> windows(batch, window);
      model.logits(windows);  // warm-up
      std::vector<double> wall_ms, cpu_ms;
      for (int run = 0; run < 7; ++run) {
        auto start = std::chrono::steady_clock::now();
        std::clock_t cpu_start = std::clock();
        model.logits(windows);
        cpu_ms.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC / batch);
        wall_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
                          static_cast<double>(batch));
      }
      std::sort(wall_ms.begin(), wall_ms.end());
      std::sort(cpu_ms.begin(), cpu_ms.end());
      std::printf("timing %-8s %zu windows per call: median %.0f ms wall (min %.0f), %.0f ms CPU per window\n", mode,
                  batch, wall_ms[3], wall_ms.front(), cpu_ms[3]);
    }
  }
}

}  // namespace
}  // namespace deeptrace::detect::audio
