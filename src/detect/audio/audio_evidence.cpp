// The audio section from windows already decoded and checked for speech.
#include "detect/audio/audio_evidence.hpp"

#include <chrono>
#include <numeric>

namespace deeptrace::detect::audio {
namespace {

constexpr int kDefaultSampleRate = 16000;
constexpr int kDefaultWindowSamples = 64600;

double seconds(size_t samples, int sample_rate) { return static_cast<double>(samples) / sample_rate; }

// The section score: the mean P(spoof) of the speech windows. Chosen over the
// median or the maximum because every window of speech counts equally: a
// cloned voice spliced into part of a clip raises the score in proportion to
// its share (a median hides it below half the windows), while one noisy
// window cannot decide alone (as a maximum lets it; AASIST reads noise and
// codec artefacts as spoof).
double mean_of(const std::vector<double>& scores) {
  return std::accumulate(scores.begin(), scores.end(), 0.0) / static_cast<double>(scores.size());
}

report::AudioEvidence empty_section(int sample_rate, int window_samples) {
  report::AudioEvidence section;
  section.sample_rate = sample_rate;
  section.window_s = seconds(static_cast<size_t>(window_samples), sample_rate);
  return section;
}

// Runs the model on the speech windows only; the timing covers inference.
std::vector<double> score_speech_windows(const std::vector<SpeechWindow>& windows, AasistModel& model, double& ms) {
  std::vector<std::vector<float>> speech;
  for (const SpeechWindow& window : windows)
    if (window.speech) speech.push_back(window.samples);
  auto start = std::chrono::steady_clock::now();
  std::vector<double> scores = model.spoof_probabilities(speech);
  ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return scores;
}

}  // namespace

report::AudioEvidence audio_section_without_score(report::SectionStatus status, const std::string& reason) {
  report::AudioEvidence section = empty_section(kDefaultSampleRate, kDefaultWindowSamples);
  section.status = status;
  section.reason = reason;
  return section;
}

report::AudioEvidence build_audio_evidence(const std::vector<SpeechWindow>& windows, AasistModel& model,
                                           const AudioOptions& options) {
  report::AudioEvidence section = empty_section(model.sample_rate(), model.window_samples());
  section.windows_analyzed = static_cast<int>(windows.size());
  if (windows.empty()) {
    section.status = report::SectionStatus::NotApplicable;
    section.reason = kNoAudio;
    return section;
  }
  double ms = 0;
  std::vector<double> scores = score_speech_windows(windows, model, ms);
  auto next_score = scores.begin();
  for (const SpeechWindow& window : windows) {
    report::AudioWindow row;
    row.t = window.t;
    row.duration_s = seconds(window.samples.size(), model.sample_rate());
    row.speech = window.speech;
    if (window.speech) {
      row.fake_score = *next_score++;
      row.scores = report::ScoresByDetector{{model.name(), *row.fake_score}};
    }
    section.windows.push_back(std::move(row));
  }
  section.speech_windows = static_cast<int>(scores.size());
  if (scores.empty()) {
    section.status = report::SectionStatus::NotApplicable;
    section.reason = kNoSpeech;
    return section;
  }
  double score = mean_of(scores);
  section.status = report::SectionStatus::Ok;
  section.fake_score = score;
  section.verdict = report::verdict_for(score, options.thresholds);
  section.detectors.push_back(report::DetectorResult{model.name(), model.version(), model.weights_sha256(), 1.0,
                                                     score, section.verdict, ms});
  return section;
}

}  // namespace deeptrace::detect::audio
