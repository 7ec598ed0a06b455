// LRNet: the converted g1/g2 must reproduce the golden values the model
// mirror's README lists on upstream's own calibrated landmarks, blocks must
// be cut as upstream cuts them, and evidence.temporal must follow the report
// contract.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "../report/report_schema_check.hpp"
#include "core/errors.hpp"
#include "detect/temporal/lrnet.hpp"
#include "detect/temporal/temporal_evidence.hpp"

namespace deeptrace::detect::temporal {
namespace {

namespace fs = std::filesystem;

const fs::path kModels = DEEPTRACE_MODELS_DIR;
const fs::path kFixtures = fs::path(DEEPTRACE_SHARED_DIR) / "fixtures/lrnet-landmarks";

// One row of the README's golden table.
struct Golden {
  std::string landmarks, weights;
  std::size_t blocks;
  std::array<double, 3> g1, g2;  // P(fake) on blocks 0..2
  double mean;                   // mean of (g1 + g2) / 2 over all blocks
};

const std::vector<Golden> kGolden = {
    {"ff_real", "ffpp", 25, {0.0235, 0.0045, 0.0705}, {0.0490, 0.0135, 0.0012}, 0.0695},
    {"ff_fake", "ffpp", 25, {0.9974, 0.6316, 0.8421}, {1.0000, 0.9995, 0.9593}, 0.9300},
    {"dfo_real", "ffpp", 12, {0.0622, 0.2472, 0.0434}, {0.0904, 0.0089, 0.4612}, 0.4873},
    {"dfo_fake", "ffpp", 12, {0.9276, 0.9012, 0.4949}, {0.9182, 0.5735, 0.4214}, 0.7046},
    {"ff_real", "dfo", 25, {0.1387, 0.0108, 0.2825}, {0.0017, 0.0061, 0.9901}, 0.1706},
    {"dfo_real", "dfo", 12, {0.0039, 0.0314, 0.0048}, {0.0029, 0.4238, 0.1029}, 0.2005},
    {"dfo_fake", "dfo", 12, {0.4703, 0.8581, 0.4548}, {0.5400, 0.7460, 0.1935}, 0.7524},
};

void PrintTo(const Golden& golden, std::ostream* out) { *out << golden.weights << " on " << golden.landmarks; }

// One frame per line, 136 values; the window spans 25 fps media time.
LandmarkWindow read_fixture(const std::string& name, int track = 0) {
  std::ifstream in(kFixtures / (name + ".txt"));
  EXPECT_TRUE(in) << name;
  LandmarkWindow window;
  window.track = track;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream values(line);
    LandmarkRow row{};
    int count = 0;
    while (count < kLandmarkValues && values >> row[count]) ++count;
    if (count == 0) continue;
    EXPECT_EQ(count, kLandmarkValues) << name << " line " << window.rows.size() + 1;
    window.rows.push_back(row);
  }
  window.t_end = static_cast<double>(window.rows.size() - 1) / 25.0;
  return window;
}

void require_fixtures() {
  if (!fs::is_directory(kFixtures)) GTEST_SKIP() << kFixtures << " is absent";
}

// A window of `rows` frames whose landmarks drift slowly (a made-up face).
LandmarkWindow synthetic_window(int track, std::size_t rows, double t_start, float drift) {
  LandmarkWindow window;
  window.track = track;
  window.t_start = t_start;
  window.t_end = t_start + static_cast<double>(rows - 1) / 25.0;
  for (std::size_t r = 0; r < rows; ++r) {
    LandmarkRow row{};
    for (int v = 0; v < kLandmarkValues; ++v) row[v] = 0.5f * std::sin(0.37f * v) + drift * static_cast<float>(r);
    window.rows.push_back(row);
  }
  return window;
}

TEST(LrnetBlocks, StartEveryThirtyRowsWhileABlockPlusOneFrameFits) {
  EXPECT_TRUE(block_starts(0).empty());
  EXPECT_TRUE(block_starts(30).empty());
  EXPECT_EQ(block_starts(31), std::vector<int>({0}));
  EXPECT_EQ(block_starts(60), std::vector<int>({0}));
  EXPECT_EQ(block_starts(61), std::vector<int>({0, 30}));
  EXPECT_EQ(block_starts(369).size(), 12u);  // dfo_real.txt
  EXPECT_EQ(block_starts(757).size(), 25u);  // ff_real.txt
  EXPECT_EQ(block_starts(757).back(), 720);
}

class LrnetGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(LrnetGolden, ReproducesTheReadmeTable) {
  require_fixtures();
  const Golden& golden = GetParam();
  LrnetScorer scorer(kModels, golden.weights, 2);
  LrnetRun run = scorer.score({read_fixture(golden.landmarks)});
  ASSERT_EQ(run.blocks.size(), golden.blocks);
  for (std::size_t b = 0; b < 3; ++b) {
    EXPECT_NEAR(run.blocks[b].g1, golden.g1[b], 1e-3) << "g1 block " << b;
    EXPECT_NEAR(run.blocks[b].g2, golden.g2[b], 1e-3) << "g2 block " << b;
  }
  double sum = 0;
  for (const BlockScore& block : run.blocks) sum += block.fake_score();
  double mean = sum / static_cast<double>(run.blocks.size());
  std::printf("golden lrnet %-4s %-8s blocks=%zu mean=%.4f expected=%.4f\n", golden.weights.c_str(),
              golden.landmarks.c_str(), run.blocks.size(), mean, golden.mean);
  EXPECT_NEAR(mean, golden.mean, 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Readme, LrnetGolden, ::testing::ValuesIn(kGolden),
                         [](const auto& info) { return info.param.weights + "_" + info.param.landmarks; });

TEST(LrnetScorer, ScoresEachBlockTheSameInOneBatchAsAlone) {
  require_fixtures();
  LrnetScorer scorer(kModels, "ffpp", 2);
  LandmarkWindow real = read_fixture("ff_real", 1), fake = read_fixture("dfo_fake", 2);
  LrnetRun together = scorer.score({real, fake});
  LrnetRun real_alone = scorer.score({real}), fake_alone = scorer.score({fake});
  ASSERT_EQ(together.blocks.size(), real_alone.blocks.size() + fake_alone.blocks.size());
  for (std::size_t b = 0; b < together.blocks.size(); ++b) {
    bool first = b < real_alone.blocks.size();
    const BlockScore& alone = first ? real_alone.blocks[b] : fake_alone.blocks[b - real_alone.blocks.size()];
    EXPECT_EQ(together.blocks[b].track, first ? 1 : 2);
    EXPECT_NEAR(together.blocks[b].g1, alone.g1, 1e-5);
    EXPECT_NEAR(together.blocks[b].g2, alone.g2, 1e-5);
  }
}

TEST(LrnetScorer, GivesBlocksTheMediaTimeOfTheirFrames) {
  LrnetScorer scorer(kModels, "dfo", 1);
  LrnetRun run = scorer.score({synthetic_window(4, 61, 10.0, 0.001f)});
  ASSERT_EQ(run.blocks.size(), 2u);
  EXPECT_NEAR(run.blocks[0].t_start, 10.0, 1e-9);
  EXPECT_NEAR(run.blocks[0].t_end, 10.0 + 29 / 25.0, 1e-9);
  EXPECT_NEAR(run.blocks[1].t_start, 10.0 + 30 / 25.0, 1e-9);
  EXPECT_EQ(run.blocks[1].first_row, 30);
  EXPECT_EQ(run.g1.name, "lrnet_dfo_g1");
  EXPECT_EQ(run.g2.name, "lrnet_dfo_g2");
  EXPECT_EQ(run.g1.weights_sha256, "2d057605d518b7527fd1931aa2522bbb9040eb11ff8a3181b3e351e89b55ed4c");
}

TEST(LrnetScorer, RefusesAnUnknownWeightSet) {
  try {
    LrnetScorer scorer(kModels, "celebdf", 1);
    FAIL() << "an unknown weight set loaded";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::MODEL_UNAVAILABLE);
  }
}

// Measures what the brief asks: one batch of 8 blocks, g1 + g2, 2 threads.
TEST(LrnetScorer, TimesABatchOfEightBlocks) {
  auto load_start = std::chrono::steady_clock::now();
  LrnetScorer scorer(kModels, "ffpp", 2);
  std::printf("lrnet load (catalogue, g1, g2): %.1f ms\n",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start).count());
  std::vector<LandmarkWindow> windows;
  for (int w = 0; w < 8; ++w) windows.push_back(synthetic_window(w, 31, w * 2.0, 0.002f * w));
  scorer.score(windows);  // warm-up
  const int repeats = 20;
  double g1 = 0, g2 = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < repeats; ++i) {
    LrnetRun run = scorer.score(windows);
    ASSERT_EQ(run.blocks.size(), 8u);
    g1 += run.g1_ms;
    g2 += run.g2_ms;
  }
  double total = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("lrnet 8 blocks, 2 threads: g1 %.2f ms, g2 %.2f ms, score() %.2f ms per batch\n", g1 / repeats,
              g2 / repeats, total / repeats);
}

// --- evidence.temporal ---------------------------------------------------

BlockScore block(std::size_t window, int track, double t, double g1, double g2) {
  return BlockScore{window, track, 0, t, t + 29 / 25.0, g1, g2};
}

LrnetRun made_up_run(std::vector<BlockScore> blocks) {
  return LrnetRun{"dfo", {"lrnet_dfo_g1", "cvpr2021.1", "aa"}, {"lrnet_dfo_g2", "cvpr2021.1", "bb"},
                  std::move(blocks), 1.5, 1.25};
}

// One schema check per document: each starts a validator process.
void expect_valid_section(const TemporalResult& result) {
  EXPECT_TRUE(testing::matches_report_schema(report::Json(result.section), "TemporalEvidence"));
  if (result.timeline.empty()) return;
  report::Timeline timeline;
  timeline.temporal_windows = result.timeline;
  testing::expect_valid_timeline(report::Json(timeline));
}

TEST(TemporalEvidence, ScoresEachTrackByTheMeanOfItsBlocksAndTheMediaByItsMostSuspiciousTrack) {
  TemporalOptions options;
  options.windows_requested = 4;
  // Track 3: two windows, three blocks; track 7: one block.
  TemporalResult result = build_temporal_evidence(
      made_up_run({block(0, 3, 0.0, 0.1, 0.3), block(0, 3, 1.2, 0.2, 0.2), block(1, 3, 5.0, 0.0, 0.4),
                   block(2, 7, 8.0, 0.9, 0.7)}),
      options);
  const report::TemporalEvidence& section = result.section;
  EXPECT_EQ(section.status, report::SectionStatus::Ok);
  EXPECT_FALSE(section.reason);
  ASSERT_EQ(section.tracks.size(), 2u);
  EXPECT_EQ(section.tracks[0].track, 3);
  EXPECT_EQ(section.tracks[0].windows, 3);
  EXPECT_NEAR(section.tracks[0].fake_score, 0.2, 1e-12);
  EXPECT_EQ(section.tracks[0].verdict, report::Verdict::LikelyReal);
  EXPECT_NEAR(section.tracks[0].first_t, 0.0, 1e-12);
  EXPECT_NEAR(section.tracks[0].last_t, 5.0 + 29 / 25.0, 1e-12);
  EXPECT_NEAR(section.tracks[1].fake_score, 0.8, 1e-12);
  EXPECT_NEAR(*section.fake_score, 0.8, 1e-12);
  EXPECT_EQ(section.verdict, report::Verdict::LikelyFake);
  EXPECT_EQ(section.weights, "dfo");
  EXPECT_EQ(section.windows_requested, 4);
  EXPECT_EQ(section.windows_analyzed, 4);
  EXPECT_EQ(section.window_frames, 30);
  ASSERT_EQ(section.detectors.size(), 2u);
  EXPECT_EQ(section.detectors[0].name, "lrnet_dfo_g1");
  EXPECT_NEAR(*section.detectors[0].fake_score, 0.9, 1e-12);  // its highest track mean
  EXPECT_NEAR(*section.detectors[1].fake_score, 0.7, 1e-12);
  EXPECT_DOUBLE_EQ(section.detectors[0].ms, 1.5);
  ASSERT_EQ(result.timeline.size(), 4u);
  EXPECT_NEAR(result.timeline[3].fake_score, 0.8, 1e-12);
  EXPECT_EQ(result.timeline[3].scores.at("lrnet_dfo_g2"), 0.7);
  expect_valid_section(result);
}

TEST(TemporalEvidence, KeepsUntrackedWindowsApart) {
  TemporalResult result = build_temporal_evidence(
      made_up_run({block(0, -1, 0.0, 0.9, 0.9), block(1, -1, 3.0, 0.1, 0.1), block(1, -1, 4.2, 0.1, 0.3)}), {});
  ASSERT_EQ(result.section.tracks.size(), 2u);
  EXPECT_EQ(result.section.tracks[0].track, -1);
  EXPECT_EQ(result.section.tracks[0].windows, 1);
  EXPECT_EQ(result.section.tracks[1].windows, 2);
  EXPECT_NEAR(result.section.tracks[1].fake_score, 0.15, 1e-12);
  expect_valid_section(result);
}

TEST(TemporalEvidence, IsNotApplicableWithoutAWindowLongEnough) {
  LrnetScorer scorer(kModels, "ffpp", 1);
  TemporalResult result = temporal_evidence({synthetic_window(0, 30, 0.0, 0.0f)}, scorer, {});
  EXPECT_EQ(result.section.status, report::SectionStatus::NotApplicable);
  EXPECT_EQ(result.section.reason, std::optional<std::string>(kNoTrackedWindow));
  EXPECT_FALSE(result.section.fake_score);
  EXPECT_EQ(result.section.verdict, report::Verdict::NotApplicable);
  EXPECT_TRUE(result.timeline.empty());
  expect_valid_section(result);

  TemporalResult none = temporal_evidence({}, kModels, {});
  EXPECT_EQ(none.section.reason, std::optional<std::string>(kNoTrackedWindow));
}

TEST(TemporalEvidence, DefaultsToTheDeeperForensicsWeights) {
  EXPECT_EQ(TemporalOptions{}.weights, "dfo");  // docs/temporal.md: measured on the four fixture tracks
}

TEST(TemporalEvidence, IsUnavailableWithoutTheModels) {
  fs::path empty = fs::temp_directory_path() / ("lrnet_no_models_" + std::to_string(::getpid()));
  fs::create_directories(empty);
  TemporalOptions options;
  options.weights = "dfo";
  TemporalResult result = temporal_evidence({synthetic_window(0, 40, 0.0, 0.0f)}, empty, options);
  fs::remove_all(empty);
  EXPECT_EQ(result.section.status, report::SectionStatus::Unavailable);
  EXPECT_EQ(result.section.reason, std::optional<std::string>(kModelUnavailable));
  EXPECT_EQ(result.section.weights, "dfo");
  EXPECT_TRUE(result.section.tracks.empty());
  expect_valid_section(result);
}

TEST(TemporalEvidence, RecordsTheLandmarkModel) {
  if (!fs::exists(kDlibLandmarkModel)) GTEST_SKIP() << "libdlib-data is not installed";
  report::LandmarkInfo info = landmark_info(kDlibLandmarkModel);
  EXPECT_EQ(info.model.name, "shape_predictor_68_face_landmarks");
  EXPECT_EQ(info.model.version, "19.24");
  EXPECT_EQ(info.model.weights_sha256, "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f");
  EXPECT_FALSE(info.calibration.empty());
}

// End to end on a fixture: the real calibrated landmarks of a fake clip.
TEST(TemporalEvidence, FlagsUpstreamsFakeClipWithTheFaceForensicsWeights) {
  require_fixtures();
  TemporalOptions options;
  options.weights = "ffpp";
  TemporalResult result = temporal_evidence({read_fixture("ff_fake", 0)}, kModels, options);
  EXPECT_EQ(result.section.weights, "ffpp");
  EXPECT_EQ(result.section.status, report::SectionStatus::Ok);
  EXPECT_NEAR(*result.section.fake_score, 0.9300, 1e-3);
  EXPECT_EQ(result.section.verdict, report::Verdict::LikelyFake);
  EXPECT_EQ(result.timeline.size(), 25u);
  expect_valid_section(result);
}

}  // namespace
}  // namespace deeptrace::detect::temporal
