#pragma once
// evidence.audio: voice spoofing, window by window. The audio is read as
// windows of 16 kHz mono float (media::read_audio_windows), each window is
// checked for speech (media::detect_speech), and only windows with speech are
// scored by AASIST (noise alone reads as spoof): at most max_scored of them,
// those with the most seconds of speech first, since the speech check costs
// about a hundredth of an inference. The section's score is the mean P(spoof) of
// the scored windows.
//
// Two layers, so the scoring can be tested on windows made in memory:
//   build_audio_evidence  windows + speech flags in, section out (no decoding)
//   analyze_audio         a media file in: probe, decode, speech check, score
#include <filesystem>
#include <string>
#include <vector>

#include "detect/audio/aasist_model.hpp"
#include "detect/detector.hpp"
#include "report/report.hpp"

namespace deeptrace::detect::audio {

// Section reasons (report $defs.Reason codes).
inline constexpr const char* kNoAudio = "NO_AUDIO";
inline constexpr const char* kNoSpeech = "NO_SPEECH";
inline constexpr const char* kAudioDecodeFailed = "AUDIO_DECODE_FAILED";
inline constexpr const char* kModelUnavailable = "MODEL_UNAVAILABLE";
inline constexpr const char* kAudioInferenceFailed = "AUDIO_INFERENCE_FAILED";

struct AudioOptions {
  std::string mode = std::string(kAasistMode);  // aasist | aasist_l
  // Windows read and checked for speech at most, spread evenly over the
  // audio (bounds the decoding of a one-hour podcast).
  int max_windows = 16;
  // Speech windows scored at most (bounds the inferences): those with the
  // most seconds of speech, ties in time order.
  int max_scored = 16;
  report::Thresholds thresholds;  // the report's verdict bounds
};

// One window as read, with the speech check's answer.
struct SpeechWindow {
  double t = 0;                // start in media time, seconds
  std::vector<float> samples;  // mono at the model's rate
  bool speech = false;
  double speech_ratio = 0;  // share of short frames judged voiced (media::SpeechCheck)
};

// The section from windows already read and checked: up to max_scored speech
// windows scored, the others listed unscored. Zero windows: not_applicable NO_AUDIO; no
// speech window: not_applicable NO_SPEECH. Errors from the model pass on.
report::AudioEvidence build_audio_evidence(const std::vector<SpeechWindow>& windows, AasistModel& model,
                                           const AudioOptions& options);

// The section for a media file: not_applicable NO_AUDIO without an audio
// stream, failed AUDIO_DECODE_FAILED when the stream cannot be decoded (the
// other sections still complete), failed AUDIO_INFERENCE_FAILED when the
// model throws. Never throws for those.
report::AudioEvidence analyze_audio(const std::filesystem::path& media, AasistModel& model,
                                    const AudioOptions& options);

// As above, loading options.mode's model from context first; unavailable
// MODEL_UNAVAILABLE when its file is missing. For a caller that analyses
// many files, build the AasistModel once and call the overload above.
report::AudioEvidence analyze_audio(const std::filesystem::path& media, const DetectorContext& context,
                                    const AudioOptions& options);

// A section with only a status and reason (sample_rate and window_s filled
// with the model's defaults, no windows).
report::AudioEvidence audio_section_without_score(report::SectionStatus status, const std::string& reason);

}  // namespace deeptrace::detect::audio
