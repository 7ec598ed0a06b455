#include "media/probe.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "media/av_decoder.hpp"

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
  info.fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0;
  info.duration_s = decoder.duration_s();
  if (decoder.is_still_image()) info.duration_s = info.fps = 0;
}

}  // namespace

void probe_media(const std::filesystem::path& file, const ProbeLimits& limits, MediaInfo& info) {
  detail::VideoDecoder decoder(file, 1, limits.max_pixels);
  fill_info(decoder, info);
  if (info.duration_s > limits.max_duration_s) {
    throw Error(ErrorCode::MEDIA_TOO_LONG, "the video lasts " + std::to_string(std::lround(info.duration_s)) +
                                               " s; the limit is " + std::to_string(std::lround(limits.max_duration_s)) + " s");
  }
  // Headers can lie: only a decoded frame proves the file is usable.
  detail::FramePtr frame(av_frame_alloc());
  if (!decoder.next(frame.get())) throw Error(ErrorCode::CORRUPT_MEDIA, "no video frame could be decoded");
}

}  // namespace deeptrace::media
