#include "media/probe.hpp"

#include <cmath>

#include <optional>

#include "core/errors.hpp"
#include "media/audio_decoder.hpp"
#include "media/av_decoder.hpp"
#include "media/heif_image.hpp"

namespace deeptrace::media {
namespace {

void fill_info(const detail::VideoDecoder& decoder, MediaInfo& info) {
  AVStream* stream = decoder.stream();
  info.container = decoder.format()->iformat->name;
  info.codec = avcodec_get_name(stream->codecpar->codec_id);
  // The size analysts see, and the one face boxes in the report refer to.
  info.width = decoder.display_width();
  info.height = decoder.display_height();
  AVRational rate = av_guess_frame_rate(decoder.format(), stream, nullptr);
  info.fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) / decoder.pictures_per_frame() : 0;
  info.duration_s = decoder.duration_s();
  if (decoder.is_still_image()) info.duration_s = info.fps = 0;
}

void refuse_over_duration(const char* what, double duration_s, const ProbeLimits& limits) {
  if (duration_s <= limits.max_duration_s) return;
  throw Error(ErrorCode::MEDIA_TOO_LONG, std::string("the ") + what + " lasts " + std::to_string(std::lround(duration_s)) +
                                             " s; the limit is " + std::to_string(std::lround(limits.max_duration_s)) + " s");
}

// The rate only matters to the decoder's resampler; one chunk is decoded.
constexpr int kProbeSampleRate = 16000;

// A file without pictures: its first audio stream makes it an audio job.
// Not a file whose bytes say it is an image (sniff_media_type): libavformat
// may still find sound behind a JPEG header (sniff_probe_fuzz did), and an
// "image" without a picture is corrupt.
void probe_audio_only(const std::filesystem::path& file, const ProbeLimits& limits, MediaInfo& info) {
  if (is_image_type(info.content_type))
    throw Error(ErrorCode::CORRUPT_MEDIA, "the file begins like an " + info.content_type + " image but holds no picture");
  detail::AudioDecoder decoder(file, kProbeSampleRate);
  if (!decoder.has_audio()) throw Error(ErrorCode::NO_VIDEO_STREAM, "the file has no video or audio stream");
  info.container = decoder.format()->iformat->name;
  info.codec = avcodec_get_name(decoder.stream()->codecpar->codec_id);
  info.width = info.height = 0;
  info.fps = 0;
  info.duration_s = decoder.duration_s();
  refuse_over_duration("audio", info.duration_s, limits);
  // Headers can lie: only decoded sound proves the file is usable.
  detail::AudioChunk chunk;
  if (!decoder.next(chunk)) throw Error(ErrorCode::CORRUPT_MEDIA, "no audio could be decoded");
}

// HEIC and AVIF through libheif: one decode, because headers can lie; it
// refuses a picture over the pixel cap from the boxes, before decoding.
void probe_heif_picture(const std::filesystem::path& file, const ProbeLimits& limits, MediaInfo& info) {
  cv::Mat decoded = decode_heif_bgr(file, limits.max_pixels);
  info.container = "heif";
  info.codec = heif_codec(info.content_type);
  info.fps = info.duration_s = 0;
  info.width = decoded.cols;  // as displayed, transformations applied
  info.height = decoded.rows;
}

}  // namespace

void probe_media(const std::filesystem::path& file, const ProbeLimits& limits, MediaInfo& info) {
  if (is_heif_type(info.content_type)) return probe_heif_picture(file, limits, info);
  std::optional<detail::VideoDecoder> decoder;
  try {
    decoder.emplace(file, 1, limits.max_pixels);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::NO_VIDEO_STREAM) throw;
    probe_audio_only(file, limits, info);
    return;
  }
  // Cover art in an MP3 or M4A is a one-picture "video" stream: the file is
  // still sound to analyse, not a video of its sleeve.
  if (decoder->stream()->disposition & AV_DISPOSITION_ATTACHED_PIC) {
    decoder.reset();
    probe_audio_only(file, limits, info);
    return;
  }
  fill_info(*decoder, info);
  refuse_over_duration("video", info.duration_s, limits);
  // Headers can lie: only a decoded frame proves the file is usable.
  detail::FramePtr frame(av_frame_alloc());
  if (!decoder->next(frame.get())) throw Error(ErrorCode::CORRUPT_MEDIA, "no video frame could be decoded");
}

bool is_audio_only(const MediaInfo& info) { return info.width <= 0 && info.height <= 0 && !is_image_type(info.content_type); }

std::string media_kind(const MediaInfo& info) {
  if (is_image_type(info.content_type)) return "image";
  return is_audio_only(info) ? "audio" : "video";
}

}  // namespace deeptrace::media
