#include "detect/temporal/temporal_evidence.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>

#include "core/errors.hpp"
#include "core/sha256.hpp"

namespace deeptrace::detect::temporal {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The blocks of one face: one visual track, or one window without a track.
struct TrackBlocks {
  int track = -1;
  std::vector<const BlockScore*> blocks;
};

// Groups in the order their first block appears. A window with track -1
// is a group of its own: two untracked windows may show different faces.
std::vector<TrackBlocks> group_by_track(const std::vector<BlockScore>& blocks) {
  std::vector<TrackBlocks> groups;
  std::map<long, std::size_t> group_of_key;
  for (const BlockScore& block : blocks) {
    long key = block.track >= 0 ? block.track : -1 - static_cast<long>(block.window);
    auto [it, inserted] = group_of_key.try_emplace(key, groups.size());
    if (inserted) groups.push_back({block.track, {}});
    groups[it->second].blocks.push_back(&block);
  }
  return groups;
}

template <typename ScoreOf>
double mean_over(const std::vector<const BlockScore*>& blocks, ScoreOf score_of) {
  double sum = 0;
  for (const BlockScore* block : blocks) sum += score_of(*block);
  return sum / static_cast<double>(blocks.size());
}

// The track's score is the mean of its block scores, not upstream's share
// of blocks above 0.5: with the few blocks a job samples, the share jumps in
// large steps (one block makes it 0 or 1) and throws away how sure each
// block was. docs/temporal.md keeps both measured.
report::TemporalTrack temporal_track(const TrackBlocks& group, const report::Thresholds& thresholds) {
  report::TemporalTrack track;
  track.track = group.track;
  track.windows = static_cast<int>(group.blocks.size());
  track.first_t = group.blocks.front()->t_start;
  track.last_t = group.blocks.front()->t_end;
  for (const BlockScore* block : group.blocks) {
    track.first_t = std::min(track.first_t, block->t_start);
    track.last_t = std::max(track.last_t, block->t_end);
  }
  track.fake_score = mean_over(group.blocks, [](const BlockScore& b) { return b.fake_score(); });
  track.verdict = report::verdict_for(track.fake_score, thresholds);
  return track;
}

report::DetectorResult detector_result(const report::ModelRef& model, double ms) {
  return report::DetectorResult{model.name, model.version, model.weights_sha256, 1.0, std::nullopt,
                                report::Verdict::NotApplicable, ms};
}

// Each stream's score, like the visual detectors': its highest per-track mean.
void score_detector(report::DetectorResult& result, const std::vector<TrackBlocks>& groups,
                    double (*score_of)(const BlockScore&), const report::Thresholds& thresholds) {
  double highest = 0;
  for (const TrackBlocks& group : groups) highest = std::max(highest, mean_over(group.blocks, score_of));
  result.fake_score = highest;
  result.verdict = report::verdict_for(highest, thresholds);
}

report::TemporalWindow timeline_window(const BlockScore& block, const LrnetRun& run) {
  return report::TemporalWindow{block.track, block.t_start, block.t_end, block.fake_score(),
                                {{run.g1.name, block.g1}, {run.g2.name, block.g2}}};
}

}  // namespace

report::LandmarkInfo landmark_info(const std::filesystem::path& landmark_model) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::string> digests;
  std::lock_guard lock(mutex);
  auto it = digests.find(landmark_model);
  if (it == digests.end()) {
    std::error_code error;
    std::string digest = std::filesystem::is_regular_file(landmark_model, error) ? sha256_file_hex(landmark_model) : "";
    it = digests.emplace(landmark_model, digest).first;
  }
  return report::LandmarkInfo{{landmark_model.stem().string(), kDlibVersion, it->second}, kCalibration};
}

report::TemporalEvidence temporal_section_without_score(report::SectionStatus status, const std::string& reason,
                                                        const TemporalOptions& options) {
  report::TemporalEvidence section;
  section.status = status;
  section.reason = reason;
  section.verdict = report::Verdict::NotApplicable;
  section.weights = options.weights;
  section.landmarks = landmark_info(options.landmark_model);
  section.window_frames = kBlockFrames;
  section.windows_requested = options.windows_requested;
  return section;
}

TemporalResult build_temporal_evidence(const LrnetRun& run, const TemporalOptions& options) {
  TemporalResult result;
  report::TemporalEvidence& section = result.section;
  section = temporal_section_without_score(report::SectionStatus::NotApplicable, kNoTrackedWindow, options);
  section.weights = run.weights;
  section.detectors = {detector_result(run.g1, run.g1_ms), detector_result(run.g2, run.g2_ms)};
  if (run.blocks.empty()) return result;

  std::vector<TrackBlocks> groups = group_by_track(run.blocks);
  for (const TrackBlocks& group : groups) section.tracks.push_back(temporal_track(group, options.thresholds));
  score_detector(section.detectors[0], groups, [](const BlockScore& b) { return b.g1; }, options.thresholds);
  score_detector(section.detectors[1], groups, [](const BlockScore& b) { return b.g2; }, options.thresholds);
  double highest = 0;
  for (const report::TemporalTrack& track : section.tracks) highest = std::max(highest, track.fake_score);
  section.status = report::SectionStatus::Ok;
  section.reason = std::nullopt;
  section.fake_score = highest;
  section.verdict = report::verdict_for(highest, options.thresholds);
  section.windows_analyzed = static_cast<int>(run.blocks.size());
  for (const BlockScore& block : run.blocks) result.timeline.push_back(timeline_window(block, run));
  return result;
}

TemporalResult temporal_evidence(const std::vector<LandmarkWindow>& windows, const LrnetScorer& scorer,
                                 const TemporalOptions& options) {
  auto start = Clock::now();
  TemporalResult result = build_temporal_evidence(scorer.score(windows), options);
  result.ms = ms_since(start);
  return result;
}

TemporalResult temporal_evidence(const std::vector<LandmarkWindow>& windows, const std::filesystem::path& models_dir,
                                 const TemporalOptions& options) {
  auto start = Clock::now();
  std::optional<LrnetScorer> scorer;
  try {
    scorer.emplace(models_dir, options.weights, options.threads);
  } catch (const Error& error) {
    if (error.code() != ErrorCode::MODEL_UNAVAILABLE) throw;
    TemporalResult unavailable;
    unavailable.section =
        temporal_section_without_score(report::SectionStatus::Unavailable, kModelUnavailable, options);
    unavailable.ms = ms_since(start);
    return unavailable;
  }
  TemporalResult result = temporal_evidence(windows, *scorer, options);
  result.ms = ms_since(start);
  return result;
}

}  // namespace deeptrace::detect::temporal
