#pragma once
// Internal to deeptrace_media: the first audio stream of a file, decoded and
// resampled by libswresample to mono float at one output rate, chunk by chunk
// (one decoded frame at a time). Shared by read_audio_windows and by probing
// of audio-only uploads.
#include <filesystem>
#include <vector>

#include "media/av_decoder.hpp"

struct SwrContext;

namespace deeptrace::media::detail {

// Samples of one decoded frame, resampled; `t` is the media time (seconds
// from the stream's start) of the first one.
// The highest input sample rate decoded (studio audio goes to 768 kHz);
// above it the stream is CORRUPT_MEDIA.
inline constexpr int kMaxInputSampleRate = 768000;

struct AudioChunk {
  double t = 0;
  std::vector<float> samples;
};

class AudioDecoder {
 public:
  // Throws Error(CORRUPT_MEDIA) when the container cannot be read or the
  // audio codec cannot be opened. A file without an audio stream is no
  // error: has_audio() says false and next() gives nothing.
  AudioDecoder(const std::filesystem::path& file, int output_rate);
  ~AudioDecoder();
  AudioDecoder(const AudioDecoder&) = delete;
  AudioDecoder& operator=(const AudioDecoder&) = delete;

  bool has_audio() const { return stream_index_ >= 0; }
  AVFormatContext* format() const { return format_.get(); }
  const AVStream* stream() const { return format_->streams[stream_index_]; }
  // Seconds; 0 when neither the stream nor the container says.
  double duration_s() const;

  // Decodes the next frame into `chunk`. Returns false at the end of the
  // stream (or where a truncated file stops). Packets that do not decode are
  // skipped, as the ffmpeg CLI does.
  bool next(AudioChunk& chunk);
  // Jumps to a point at or before `t` seconds and returns true; a container
  // that fails to seek starts again from its start, and after that this is
  // always false (the caller decodes forward), as VideoDecoder::seek_before.
  bool seek_before(double t);
  // Frames decoded so far: none at all means the stream is unusable.
  long long frames_decoded() const { return frames_decoded_; }

 private:
  std::filesystem::path file_;
  FormatPtr format_;
  CodecPtr codec_;
  PacketPtr packet_;
  FramePtr frame_;
  SwrContext* resampler_ = nullptr;
  // What the resampler was set up for: a stream may change its rate or its
  // channels mid-way (concatenated ADTS, radio recordings).
  int input_format_ = -1, input_rate_ = 0, input_channels_ = 0;
  int output_rate_;
  int stream_index_ = -1;
  bool draining_ = false;
  bool flushed_ = false;
  bool seek_failed_ = false;
  long long frames_decoded_ = 0;
  // Media time of the next resampled sample: set from the first frame after
  // opening or seeking, then advanced by what the resampler gives out, so
  // chunks follow each other without gaps however the frames' own
  // timestamps jitter.
  bool have_clock_ = false;
  double next_t_ = 0;

  bool feed_decoder();
  void discard_other_streams();
  void reset_resampler();
  void ensure_resampler(const AVFrame* frame);
  double seconds_of(const AVFrame* frame) const;
  void resample(const AVFrame* frame, AudioChunk& chunk);
};

}  // namespace deeptrace::media::detail
