// Audio for the audio evidence: decoding (libavformat/libavcodec), mixing
// down and resampling (libswresample), windows spread over the stream, and a
// small voice-activity check.
#include "media/audio.hpp"
#include "media/heif_image.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include "core/errors.hpp"
#include "media/audio_decoder.hpp"
#include "media/limits.hpp"

namespace deeptrace::media {
namespace detail {
namespace {

// When the header already names an audio stream (MP4, Matroska, WAV...),
// finding stream information need not decode pictures: a 1080p video's
// first frames cost more than all the audio windows together.
void ignore_pictures(AVFormatContext* format) {
  bool has_audio = false;
  for (unsigned i = 0; i < format->nb_streams; ++i)
    has_audio = has_audio || format->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
  if (!has_audio) return;
  for (unsigned i = 0; i < format->nb_streams; ++i)
    if (format->streams[i]->codecpar->codec_type != AVMEDIA_TYPE_AUDIO) format->streams[i]->discard = AVDISCARD_ALL;
}

FormatPtr open_container(const std::filesystem::path& file) {
  FormatPtr format = open_input(file, kDefaultMaxPixels);
  ignore_pictures(format.get());
  int rc = avformat_find_stream_info(format.get(), nullptr);
  if (rc < 0) throw Error(ErrorCode::CORRUPT_MEDIA, "cannot read stream information: " + av_error_text(rc));
  return format;
}

// The first audio stream, as av_find_best_stream ranks them; -1 if none.
int first_audio_stream(AVFormatContext* format) {
  int index = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  return index >= 0 ? index : -1;
}

CodecPtr open_audio_codec(const AVStream* stream) {
  const AVCodec* decoder = avcodec_find_decoder(stream->codecpar->codec_id);
  if (!decoder) throw Error(ErrorCode::CORRUPT_MEDIA, "no decoder for the audio codec");
  CodecPtr codec(avcodec_alloc_context3(decoder));
  if (!codec) throw Error(ErrorCode::INTERNAL, "out of memory allocating a decoder");
  int rc = avcodec_parameters_to_context(codec.get(), stream->codecpar);
  if (rc < 0) throw Error(ErrorCode::CORRUPT_MEDIA, "invalid audio codec parameters: " + av_error_text(rc));
  codec->pkt_timebase = stream->time_base;
  rc = avcodec_open2(codec.get(), decoder, nullptr);
  if (rc < 0) throw Error(ErrorCode::CORRUPT_MEDIA, "cannot open the audio decoder: " + av_error_text(rc));
  return codec;
}

double stream_duration_s(const AVFormatContext* format, const AVStream* stream) {
  if (stream->duration > 0 && stream->duration != AV_NOPTS_VALUE) return stream->duration * av_q2d(stream->time_base);
  if (format->duration > 0) return format->duration / static_cast<double>(AV_TIME_BASE);
  return 0;
}

// The frame's channel layout; a bare channel count (WAV without a channel
// mask, raw PCM) gets FFmpeg's default layout for that count.
AVChannelLayout layout_of(const AVFrame* frame) {
  AVChannelLayout layout{};
  if (frame->ch_layout.order != AV_CHANNEL_ORDER_UNSPEC && av_channel_layout_check(&frame->ch_layout))
    av_channel_layout_copy(&layout, &frame->ch_layout);
  else
    av_channel_layout_default(&layout, frame->ch_layout.nb_channels);
  return layout;
}

// The weights that mix `layout` down to mono: ITU-R BS.775's downmix to a
// stereo pair (centre and surrounds at -3 dB, LFE dropped; libswresample's
// own matrix), then the mean of that pair. Stereo and mono come out as
// their mean, as before, and dialogue in a surround mix's centre channel
// keeps its level (-3 dB), where the plain mean of six channels put it at
// -15.6 dB and AASIST read a synthetic voice at that level as 0.27 instead
// of 1.00. Layouts without a front pair are averaged.
std::vector<double> mono_mix_weights(const AVChannelLayout& layout) {
  const int channels = layout.nb_channels;
  const std::vector<double> mean(static_cast<size_t>(channels), 1.0 / channels);
  // swr_build_matrix2 scales 64 entries of a row whatever the channel count
  // (valgrind saw the read past a one-row buffer for mono), so it gets a
  // whole matrix of libswresample's most channels.
  constexpr int kMostChannels = 64;
  if (channels > kMostChannels) return mean;
  std::vector<double> matrix(kMostChannels * kMostChannels, 0.0);
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  int rc = swr_build_matrix2(&layout, &mono, M_SQRT1_2, M_SQRT1_2, 0.0, std::numeric_limits<int>::max(), 1.0,
                             matrix.data(), kMostChannels, AV_MATRIX_ENCODING_NONE, nullptr);
  std::vector<double> weights(matrix.begin(), matrix.begin() + channels);
  const int left = av_channel_layout_index_from_channel(&layout, AV_CHAN_FRONT_LEFT);
  const int right = av_channel_layout_index_from_channel(&layout, AV_CHAN_FRONT_RIGHT);
  const double pair = left >= 0 && right >= 0 ? weights[static_cast<size_t>(left)] + weights[static_cast<size_t>(right)] : 0;
  if (rc < 0 || pair <= 0) return mean;
  for (double& w : weights) w /= pair;
  return weights;
}

}  // namespace

AudioDecoder::AudioDecoder(const std::filesystem::path& file, int output_rate)
    : file_(file), output_rate_(output_rate) {
  format_ = open_container(file);
  stream_index_ = first_audio_stream(format_.get());
  if (stream_index_ < 0) return;
  discard_other_streams();
  codec_ = open_audio_codec(stream());
  packet_.reset(av_packet_alloc());
  frame_.reset(av_frame_alloc());
  if (!packet_ || !frame_) throw Error(ErrorCode::INTERNAL, "out of memory allocating audio buffers");
}

AudioDecoder::~AudioDecoder() { swr_free(&resampler_); }

double AudioDecoder::duration_s() const { return has_audio() ? stream_duration_s(format_.get(), stream()) : 0; }

double AudioDecoder::seconds_of(const AVFrame* frame) const {
  std::int64_t pts = frame->best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) pts = frame->pts;
  if (pts == AV_NOPTS_VALUE) return have_clock_ ? next_t_ : 0;
  std::int64_t start = stream()->start_time == AV_NOPTS_VALUE ? 0 : stream()->start_time;
  return (pts - start) * av_q2d(stream()->time_base);
}

// Only this stream's packets reach us: the demuxer drops the others' early.
void AudioDecoder::discard_other_streams() {
  for (unsigned i = 0; i < format_->nb_streams; ++i)
    if (static_cast<int>(i) != stream_index_) format_->streams[i]->discard = AVDISCARD_ALL;
}

void AudioDecoder::reset_resampler() {
  swr_free(&resampler_);
  have_clock_ = false;
}

// Mixing down uses mono_mix_weights, set as libswresample's matrix: its
// default mix-down to mono raises a stereo pair by 3 dB.
void AudioDecoder::ensure_resampler(const AVFrame* frame) {
  // A header may claim any rate; resampling from a billion samples a second
  // took libswresample 20 s and 1.5 GB for one chunk (sniff_probe_fuzz).
  if (frame->sample_rate > kMaxInputSampleRate)
    throw Error(ErrorCode::CORRUPT_MEDIA, "the audio's sample rate (" + std::to_string(frame->sample_rate) +
                                              " Hz) is above " + std::to_string(kMaxInputSampleRate) + " Hz");
  bool same_input = frame->format == input_format_ && frame->sample_rate == input_rate_ &&
                    frame->ch_layout.nb_channels == input_channels_;
  if (resampler_ && same_input) return;
  // The few samples the old set-up still holds are dropped; the clock runs on.
  swr_free(&resampler_);
  input_format_ = frame->format;
  input_rate_ = frame->sample_rate;
  input_channels_ = frame->ch_layout.nb_channels;
  AVChannelLayout in_layout = layout_of(frame);
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  int rc = swr_alloc_set_opts2(&resampler_, &mono, AV_SAMPLE_FMT_FLT, output_rate_, &in_layout,
                               static_cast<AVSampleFormat>(frame->format), frame->sample_rate, 0, nullptr);
  int channels = in_layout.nb_channels;
  std::vector<double> weights = mono_mix_weights(in_layout);
  av_channel_layout_uninit(&in_layout);
  if (rc < 0 || !resampler_) throw Error(ErrorCode::CORRUPT_MEDIA, "cannot resample the audio: " + av_error_text(rc));
  rc = swr_set_matrix(resampler_, weights.data(), channels);
  if (rc >= 0) rc = swr_init(resampler_);
  if (rc < 0) throw Error(ErrorCode::CORRUPT_MEDIA, "cannot resample the audio: " + av_error_text(rc));
}

void AudioDecoder::resample(const AVFrame* frame, AudioChunk& chunk) {
  int capacity = swr_get_out_samples(resampler_, frame ? frame->nb_samples : 0);
  chunk.samples.resize(static_cast<size_t>(std::max(capacity, 0)));
  auto* out = reinterpret_cast<uint8_t*>(chunk.samples.data());
  int produced = frame ? swr_convert(resampler_, &out, capacity, const_cast<const uint8_t**>(frame->extended_data),
                                     frame->nb_samples)
                       : swr_convert(resampler_, &out, capacity, nullptr, 0);
  chunk.samples.resize(static_cast<size_t>(std::max(produced, 0)));
  chunk.t = next_t_;
  next_t_ += static_cast<double>(chunk.samples.size()) / output_rate_;
}

// Sends one packet of our stream to the decoder; at end of input, starts
// draining. Returns false when there is nothing left to send.
bool AudioDecoder::feed_decoder() {
  return feed_next_packet(format_.get(), codec_.get(), packet_.get(), stream_index_, draining_);
}

bool AudioDecoder::next(AudioChunk& chunk) {
  if (!has_audio()) return false;
  while (true) {
    int rc = avcodec_receive_frame(codec_.get(), frame_.get());
    if (rc == 0) {
      bool usable = frame_->nb_samples > 0 && frame_->sample_rate > 0 && frame_->ch_layout.nb_channels > 0;
      if (usable) {
        ++frames_decoded_;
        if (!have_clock_) next_t_ = seconds_of(frame_.get()), have_clock_ = true;
        ensure_resampler(frame_.get());
        resample(frame_.get(), chunk);
      }
      av_frame_unref(frame_.get());
      if (usable && !chunk.samples.empty()) return true;
      continue;
    }
    if (rc == AVERROR_EOF) {
      if (flushed_ || !resampler_) return false;
      flushed_ = true;  // what the resampler still holds
      resample(nullptr, chunk);
      return !chunk.samples.empty();
    }
    // EAGAIN wants input; other errors concern one broken frame: move on.
    if (!feed_decoder()) return false;
  }
}

bool AudioDecoder::seek_before(double t) {
  if (!has_audio() || seek_failed_) return false;
  const AVStream* s = stream();
  std::int64_t start = s->start_time == AV_NOPTS_VALUE ? 0 : s->start_time;
  auto target = start + static_cast<std::int64_t>(std::max(t, 0.0) / av_q2d(s->time_base));
  if (av_seek_frame(format_.get(), stream_index_, target, AVSEEK_FLAG_BACKWARD) < 0) {
    seek_failed_ = true;
    format_ = open_container(file_);  // back at the start (VideoDecoder::seek_before)
    discard_other_streams();
  }
  avcodec_flush_buffers(codec_.get());
  draining_ = flushed_ = false;
  reset_resampler();
  return true;
}

}  // namespace detail

std::optional<AudioStreamInfo> probe_audio(const std::filesystem::path& media) {
  if (is_heif_file(media)) return std::nullopt;  // a picture; FFmpeg cannot open it
  detail::FormatPtr format = detail::open_container(media);
  int index = detail::first_audio_stream(format.get());
  if (index < 0) return std::nullopt;
  const AVStream* stream = format->streams[index];
  AudioStreamInfo info;
  info.codec = avcodec_get_name(stream->codecpar->codec_id);
  info.channels = stream->codecpar->ch_layout.nb_channels;
  info.sample_rate = stream->codecpar->sample_rate;
  info.duration_s = detail::stream_duration_s(format.get(), stream);
  return info;
}

namespace {

// After a seek, AAC and Opus decoders need a few frames before their output
// is right (overlapped transforms, priming): decoding starts this much
// before a window and throws the lead-in away.
constexpr double kSeekPrerollS = 0.5;
// A last window shorter than this is dropped unless it is the only one: too
// little to judge, and AASIST would see it repeated many times over.
constexpr double kMinTailS = 1.0;

// Cuts windows out of the decoder's chunks, keeping what is left of the
// current chunk for the next window.
class WindowCutter {
 public:
  WindowCutter(detail::AudioDecoder& decoder, const AudioWindowOptions& options)
      : decoder_(decoder), options_(options) {}

  // The window that starts at `start` (media time), or at the next sample
  // when `start` is unset. Shorter than asked, or empty, where the stream ends.
  AudioWindow cut(std::optional<double> start) {
    AudioWindow window;
    auto wanted = static_cast<size_t>(options_.window_samples);
    window.samples.reserve(wanted);
    bool started = false;
    while (window.samples.size() < wanted) {
      if (position_ >= chunk_.samples.size()) {
        if (!decoder_.next(chunk_)) {
          ended_ = true;
          break;
        }
        position_ = 0;
      }
      if (!started) {
        if (start && !skip_to(*start)) continue;
        window.t = std::max(0.0, time_at(position_));
        started = true;
      }
      size_t take = std::min(wanted - window.samples.size(), chunk_.samples.size() - position_);
      auto from = chunk_.samples.begin() + static_cast<std::ptrdiff_t>(position_);
      window.samples.insert(window.samples.end(), from, from + static_cast<std::ptrdiff_t>(take));
      position_ += take;
    }
    return window;
  }

  // After a seek, the chunk held is from before it.
  void forget_chunk() { position_ = chunk_.samples.size(); }
  bool ended() const { return ended_; }
  bool long_enough(const AudioWindow& window, int emitted) const {
    if (window.samples.empty()) return false;
    if (window.samples.size() == static_cast<size_t>(options_.window_samples) || emitted == 0) return true;
    return static_cast<double>(window.samples.size()) >= kMinTailS * options_.sample_rate;
  }

 private:
  detail::AudioDecoder& decoder_;
  const AudioWindowOptions& options_;
  detail::AudioChunk chunk_;
  size_t position_ = 0;
  bool ended_ = false;

  double time_at(size_t index) const { return chunk_.t + static_cast<double>(index) / options_.sample_rate; }

  // Moves to the sample at `start` when the current chunk holds it; false
  // (chunk used up) when `start` lies beyond it.
  bool skip_to(double start) {
    double ahead = (start - time_at(position_)) * options_.sample_rate;
    if (ahead <= 0) return true;  // the stream (or the seek) begins after `start`
    auto skip = static_cast<size_t>(std::llround(ahead));
    if (skip >= chunk_.samples.size() - position_) {
      position_ = chunk_.samples.size();
      return false;
    }
    position_ += skip;
    return true;
  }
};

// Container durations run a little past the last sample (encoder padding,
// priming): the last spread window ends this much before the stated end.
constexpr double kEndMarginS = 0.5;

// Where the windows start when the audio holds more than max_windows of
// them: evenly from the start to one window (and the margin) before the end. Empty when they
// all fit back to back, or when the duration is unknown (then the first
// max_windows are read in order).
std::vector<double> spread_starts(double duration_s, const AudioWindowOptions& options) {
  double window_s = static_cast<double>(options.window_samples) / options.sample_rate;
  if (duration_s <= 0) return {};
  double whole = std::floor(duration_s / window_s);
  bool tail = duration_s - whole * window_s >= kMinTailS;
  if (whole + (tail ? 1 : 0) <= options.max_windows) return {};
  double last = std::max(0.0, duration_s - window_s - kEndMarginS);
  if (options.max_windows == 1) return {last / 2};
  std::vector<double> starts;
  for (int i = 0; i < options.max_windows; ++i) starts.push_back(last * i / (options.max_windows - 1));
  return starts;
}

void check_options(const AudioWindowOptions& options) {
  if (options.sample_rate <= 0 || options.window_samples <= 0 || options.max_windows <= 0)
    throw std::invalid_argument("read_audio_windows: sample_rate, window_samples and max_windows must be positive");
}

}  // namespace

void read_audio_windows(const std::filesystem::path& media, const AudioWindowOptions& options,
                        const std::function<void(AudioWindow&&)>& on_window) {
  check_options(options);
  detail::AudioDecoder decoder(media, options.sample_rate);
  if (!decoder.has_audio()) return;
  WindowCutter cutter(decoder, options);
  std::vector<double> starts = spread_starts(decoder.duration_s(), options);
  int emitted = 0;
  if (starts.empty()) {
    while (emitted < options.max_windows && !cutter.ended()) {
      AudioWindow window = cutter.cut(std::nullopt);
      if (cutter.long_enough(window, emitted)) on_window(std::move(window)), ++emitted;
    }
  } else {
    for (double start : starts) {
      // A container that cannot seek is decoded forward instead.
      if (decoder.seek_before(start - kSeekPrerollS)) cutter.forget_chunk();
      AudioWindow window = cutter.cut(start);
      if (cutter.long_enough(window, emitted)) on_window(std::move(window)), ++emitted;
      if (cutter.ended()) break;
    }
  }
  if (decoder.frames_decoded() == 0) throw Error(ErrorCode::CORRUPT_MEDIA, "the audio stream could not be decoded");
}

// Voice activity, in three steps over 20 ms frames:
//  1. Energy above an adaptive noise floor: the floor is the 10th percentile
//     of the window's frame energies, so a frame counts as active 12 dB above
//     the quiet parts of this very window (and above -50 dBFS, so that
//     digital silence and dither never count).
//  2. Voiced: an active frame whose zero-crossing rate is that of voiced
//     speech (under 0.25 crossings per sample). White noise and hiss cross
//     zero about every other sample.
//  3. Syllabic modulation: speech rises and falls several times a second, a
//     steady tone (a beep, a dial tone, a hum) does not. The energy of
//     voiced frames must move by kMinModulationDb per frame on average.
// Speech needs all three, over at least kMinVoicedS of voiced frames.
namespace {

constexpr double kFrameS = 0.020;
constexpr double kFloorPercentile = 0.10;
constexpr double kActiveAboveFloorDb = 12;
constexpr double kSilenceDb = -50;
constexpr double kMaxVoicedZeroCrossings = 0.25;
constexpr double kMinModulationDb = 1.0;
constexpr double kMinVoicedS = 0.2;

struct FrameFeatures {
  double energy_db = 0;
  double zero_crossings = 0;  // per sample
};

FrameFeatures features_of(const float* x, size_t n) {
  double energy = 0;
  size_t crossings = 0;
  for (size_t i = 0; i < n; ++i) {
    energy += static_cast<double>(x[i]) * x[i];
    if (i > 0 && (x[i] >= 0) != (x[i - 1] >= 0)) ++crossings;
  }
  return {10 * std::log10(energy / static_cast<double>(n) + 1e-12), static_cast<double>(crossings) / static_cast<double>(n)};
}

std::vector<FrameFeatures> frames_of(const std::vector<float>& samples, int sample_rate) {
  auto frame = static_cast<size_t>(std::max(1.0, std::round(kFrameS * sample_rate)));
  std::vector<FrameFeatures> frames;
  for (size_t at = 0; at + frame <= samples.size(); at += frame) frames.push_back(features_of(samples.data() + at, frame));
  return frames;
}

double noise_floor_db(const std::vector<FrameFeatures>& frames) {
  std::vector<double> energies;
  for (const auto& f : frames) energies.push_back(f.energy_db);
  auto nth = energies.begin() + static_cast<std::ptrdiff_t>(kFloorPercentile * static_cast<double>(energies.size() - 1));
  std::nth_element(energies.begin(), nth, energies.end());
  return *nth;
}

// Mean change of energy between neighbouring voiced frames, in dB.
double modulation_db(const std::vector<FrameFeatures>& frames, const std::vector<bool>& voiced) {
  double change = 0;
  int pairs = 0;
  for (size_t i = 1; i < frames.size(); ++i) {
    if (!voiced[i] || !voiced[i - 1]) continue;
    change += std::abs(frames[i].energy_db - frames[i - 1].energy_db);
    ++pairs;
  }
  return pairs > 0 ? change / pairs : 0;
}

}  // namespace

SpeechCheck detect_speech(const std::vector<float>& samples, int sample_rate) {
  SpeechCheck check;
  if (sample_rate <= 0) return check;
  std::vector<FrameFeatures> frames = frames_of(samples, sample_rate);
  if (frames.empty()) return check;
  double active_db = std::max(noise_floor_db(frames) + kActiveAboveFloorDb, kSilenceDb);
  std::vector<bool> voiced(frames.size());
  int voiced_count = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    voiced[i] = frames[i].energy_db > active_db && frames[i].zero_crossings < kMaxVoicedZeroCrossings;
    voiced_count += voiced[i] ? 1 : 0;
  }
  check.speech_ratio = static_cast<double>(voiced_count) / static_cast<double>(frames.size());
  check.modulation_db = modulation_db(frames, voiced);
  check.speech = voiced_count * kFrameS >= kMinVoicedS && check.modulation_db >= kMinModulationDb;
  return check;
}

}  // namespace deeptrace::media
