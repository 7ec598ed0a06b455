#pragma once
// Audio for the audio evidence: the first audio stream, decoded and resampled
// (libswresample) to mono float at the rate the model reads, handed over
// window by window so that memory stays bounded whatever the length (a
// one-hour podcast, 8 channels, an odd sample rate).
// Interface agreed for issue 14; implemented in audio.cpp.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace deeptrace::media {

struct AudioStreamInfo {
  std::string codec;  // e.g. "aac", "opus", "pcm_s16le"
  int channels = 0;
  int sample_rate = 0;  // the stream's own rate, Hz
  double duration_s = 0;
};

// The first audio stream's facts; none when the file has no audio stream.
std::optional<AudioStreamInfo> probe_audio(const std::filesystem::path& media);

struct AudioWindowOptions {
  int sample_rate = 16000;     // output rate, Hz
  int window_samples = 64600;  // AASIST reads 64,600 samples (about 4.04 s)
  // At most this many windows, spread evenly over the audio when it holds
  // more (only their spans are decoded); bounds time and memory.
  int max_windows = 16;
};

struct AudioWindow {
  double t = 0;                // start in media time, seconds
  std::vector<float> samples;  // mono at sample_rate; window_samples long, except a shorter last (or only) window
};

// Calls on_window for each window in time order; a file without an audio
// stream gives none. Throws Error(CORRUPT_MEDIA) when the audio stream cannot
// be decoded (the audio section then fails alone).
void read_audio_windows(const std::filesystem::path& media, const AudioWindowOptions& options,
                        const std::function<void(AudioWindow&&)>& on_window);

// Whether a window holds speech (energy and zero-crossing voice activity over
// short frames): noise, silence and a pure tone do not count. AASIST reads
// noise as spoof, so only windows with speech are scored.
struct SpeechCheck {
  bool speech = false;
  double speech_ratio = 0;   // share of short frames judged voiced
  double modulation_db = 0;  // mean energy change between neighbouring voiced frames (0 for a steady tone)
};
SpeechCheck detect_speech(const std::vector<float>& samples, int sample_rate);

}  // namespace deeptrace::media
