// The audio section from windows already decoded and checked for speech.
#include "detect/audio/audio_evidence.hpp"

#include <algorithm>
#include <chrono>
#include <map>
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

// Seconds of speech in a window, as the speech check judged it.
double speech_seconds(const SpeechWindow& window) { return window.speech_ratio * static_cast<double>(window.samples.size()); }

// The speech windows to score: at most max_scored, full windows before
// shorter ones, then those with the most seconds of speech (ties: the
// earlier), returned in time order. A short last window repeated to fill the
// model's input is out of its training distribution (on the voice set such a
// tail of a human voice scored 0.72 where the full window before it scored
// 0.003), so it is scored only when no full window holds speech, however
// much of it is voiced.
std::vector<size_t> windows_to_score(const std::vector<SpeechWindow>& windows, int max_scored, int window_samples) {
  std::vector<size_t> speech;
  for (size_t i = 0; i < windows.size(); ++i)
    if (windows[i].speech) speech.push_back(i);
  auto full = [&](size_t i) { return windows[i].samples.size() >= static_cast<size_t>(window_samples); };
  std::stable_sort(speech.begin(), speech.end(), [&](size_t a, size_t b) {
    if (full(a) != full(b)) return full(a);
    return speech_seconds(windows[a]) > speech_seconds(windows[b]);
  });
  if (static_cast<int>(speech.size()) > max_scored) speech.resize(static_cast<size_t>(std::max(0, max_scored)));
  std::sort(speech.begin(), speech.end());
  return speech;
}

// Runs the model on the chosen windows; the timing covers inference.
std::map<size_t, double> score_windows(const std::vector<SpeechWindow>& windows, const std::vector<size_t>& chosen,
                                       AasistModel& model, double& ms) {
  std::vector<std::vector<float>> samples;
  for (size_t i : chosen) samples.push_back(windows[i].samples);
  auto start = std::chrono::steady_clock::now();
  std::vector<double> scores = model.spoof_probabilities(samples);
  ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::map<size_t, double> by_window;
  for (size_t k = 0; k < chosen.size(); ++k) by_window[chosen[k]] = scores.at(k);
  return by_window;
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
  std::map<size_t, double> scored =
      score_windows(windows, windows_to_score(windows, options.max_scored, model.window_samples()), model, ms);
  std::vector<double> scores;
  for (size_t i = 0; i < windows.size(); ++i) {
    report::AudioWindow row;
    row.t = windows[i].t;
    row.duration_s = seconds(windows[i].samples.size(), model.sample_rate());
    row.speech = windows[i].speech;
    section.speech_windows += windows[i].speech ? 1 : 0;
    if (auto it = scored.find(i); it != scored.end()) {
      row.fake_score = it->second;
      row.scores = report::ScoresByDetector{{model.name(), it->second}};
      scores.push_back(it->second);
    }
    section.windows.push_back(std::move(row));
  }
  section.windows_scored = static_cast<int>(scores.size());
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
