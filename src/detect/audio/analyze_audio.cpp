// The audio section for a media file: probe, decode in bounded windows, check
// each for speech, score. Kept apart from audio_evidence.cpp: only this file
// needs the decoder (media/audio.hpp).
#include <optional>

#include "core/errors.hpp"
#include "detect/audio/audio_evidence.hpp"
#include "media/audio.hpp"

namespace deeptrace::detect::audio {
namespace {

using report::SectionStatus;

// The section when the file has nothing to score: not_applicable NO_AUDIO
// without an audio stream, failed AUDIO_DECODE_FAILED when the container or
// the stream cannot be read. None when there is audio to read.
std::optional<report::AudioEvidence> section_without_audio(const std::filesystem::path& media) {
  try {
    if (media::probe_audio(media)) return std::nullopt;
    return audio_section_without_score(SectionStatus::NotApplicable, kNoAudio);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::CORRUPT_MEDIA) throw;
    return audio_section_without_score(SectionStatus::Failed, kAudioDecodeFailed);
  }
}

// Windows of the first audio stream, each checked for speech. Throws
// Error(CORRUPT_MEDIA) when the stream cannot be decoded.
std::vector<SpeechWindow> read_speech_windows(const std::filesystem::path& media, const AasistModel& model,
                                              const AudioOptions& options) {
  media::AudioWindowOptions read_options{model.sample_rate(), model.window_samples(), options.max_windows};
  std::vector<SpeechWindow> windows;
  media::read_audio_windows(media, read_options, [&](media::AudioWindow&& window) {
    media::SpeechCheck check = media::detect_speech(window.samples, model.sample_rate());
    windows.push_back(SpeechWindow{window.t, std::move(window.samples), check.speech, check.speech_ratio});
  });
  return windows;
}

}  // namespace

report::AudioEvidence analyze_audio(const std::filesystem::path& media, AasistModel& model,
                                    const AudioOptions& options) {
  if (auto section = section_without_audio(media)) return *section;
  std::vector<SpeechWindow> windows;
  try {
    windows = read_speech_windows(media, model, options);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::CORRUPT_MEDIA) throw;
    return audio_section_without_score(SectionStatus::Failed, kAudioDecodeFailed);
  }
  try {
    return build_audio_evidence(windows, model, options);
  } catch (const std::exception&) {
    // The audio section fails alone; the visual evidence still completes.
    return audio_section_without_score(SectionStatus::Failed, kAudioInferenceFailed);
  }
}

report::AudioEvidence analyze_audio(const std::filesystem::path& media, const DetectorContext& context,
                                    const AudioOptions& options) {
  // Probed before loading the model: a video without sound costs no model load.
  if (auto section = section_without_audio(media)) return *section;
  std::optional<AasistModel> model;
  try {
    model.emplace(context, options.mode);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::MODEL_UNAVAILABLE) throw;
    return audio_section_without_score(SectionStatus::Unavailable, kModelUnavailable);
  }
  return analyze_audio(media, *model, options);
}

}  // namespace deeptrace::detect::audio
