#include "media/av_decoder.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <string_view>
#include <vector>

extern "C" {
#include <libavutil/display.h>
#include <libavutil/hwcontext.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
}

#include "core/device_name.hpp"
#include "core/errors.hpp"
#include "media/exif_orientation.hpp"
#include "media/frames.hpp"
#include "media/image_size.hpp"

namespace deeptrace::media::detail {

std::string av_error_text(int errnum) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(errnum, text, sizeof text);
  return text;
}

namespace {

// 8 bytes a pixel holds the widest packed format FFmpeg decodes to (RGBA64);
// the floor covers buffers that do not scale with the picture (a demuxer's
// probe buffer, an audio frame). av_max_alloc is a process-wide setting:
// it only ever grows, to the largest pixel cap any caller has asked for.
constexpr std::size_t kAllocationFloor = std::size_t{256} << 20;

void prepare_ffmpeg(std::int64_t max_pixels) {
  static std::mutex mutex;
  static std::size_t allowed = 0;
  std::lock_guard lock(mutex);
  if (allowed == 0) av_log_set_level(AV_LOG_FATAL);
  const std::size_t wanted = std::max(kAllocationFloor, static_cast<std::size_t>(std::max<std::int64_t>(max_pixels, 0)) * 8);
  if (wanted <= allowed) return;
  allowed = wanted;
  av_max_alloc(allowed);
}

std::string describe_streams_without_video(const AVFormatContext* format) {
  for (unsigned i = 0; i < format->nb_streams; ++i)
    if (format->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
      return "the file holds audio only: there are no pictures to read";
  return "the file has no video stream";
}

// An animated PNG is a PNG like any other, analysed as its first frame (the
// one viewers without APNG show); animated GIFs are refused outright.
bool is_image_demuxer(const AVFormatContext* format) {
  std::string_view name = format->iformat->name;
  return name == "image2" || name.ends_with("_pipe") || name == "apng";
}

// Sizes come from headers and may be up to 2^32 each: compare by division,
// as their product can overflow.
void refuse_over_limit(long long width, long long height, std::int64_t max_pixels) {
  if (width <= 0 || height <= 0 || width <= max_pixels / height) return;
  throw Error(ErrorCode::RESOLUTION_TOO_HIGH, "the picture is " + std::to_string(width) + "x" + std::to_string(height) +
                                                  " pixels; the limit is " + std::to_string(max_pixels) + " pixels");
}

// Finding stream information decodes a picture when the container does not
// state its size (still images); the decoders it uses get the same cap, so
// an oversized one fails at once instead of allocating it.
void find_stream_info(AVFormatContext* format, std::int64_t max_pixels) {
  std::vector<AVDictionary*> options(format->nb_streams, nullptr);
  for (auto& dict : options) av_dict_set_int(&dict, "max_pixels", max_pixels, 0);
  int rc = avformat_find_stream_info(format, options.data());
  for (auto& dict : options) av_dict_free(&dict);
  if (rc < 0) throw Error(ErrorCode::CORRUPT_MEDIA, "cannot read stream information: " + av_error_text(rc));
}

FormatPtr open_container(const std::filesystem::path& file, std::int64_t max_pixels) {
  FormatPtr format = open_input(file, max_pixels);
  if (is_image_demuxer(format.get()))
    if (auto size = read_image_size(file)) refuse_over_limit(size->width, size->height, max_pixels);
  find_stream_info(format.get(), max_pixels);
  return format;
}

// After stream information: the size the container or the first picture
// gave. Unknown means the decoder refused the picture (over the cap, with a
// header we cannot read) or could not decode it.
void check_picture_size(const AVCodecParameters* params, std::int64_t max_pixels) {
  if (params->width <= 0 || params->height <= 0)
    throw Error(ErrorCode::CORRUPT_MEDIA, "the picture size could not be read (pictures over " +
                                              std::to_string(max_pixels) + " pixels are refused unread)");
  refuse_over_limit(params->width, params->height, max_pixels);
}

// Hardware decoding (issue 16): FFmpeg's NVDEC through a CUDA device. The
// device is created once per name and process and shared by every decoder
// (creating a CUDA context costs far more than opening a codec).
constexpr std::string_view kUnavailable = "hardware decoding is unavailable: ";

// "cpu": none; "cuda": CUDA's default device (""); "cuda:N": "N".
std::optional<std::string> cuda_device_index(const std::string& decode_device) {
  auto parsed = parse_device_name(decode_device);
  if (!parsed)
    throw Error(ErrorCode::MODEL_UNAVAILABLE,
                std::string(kUnavailable) + "'" + decode_device + "' is not a decode device (cpu, cuda or cuda:N)");
  return *parsed;
}

// Codecs whose standard fixes every decoded sample (integer transforms), so
// NVDEC's pictures are the CPU decoder's, bit for bit, and a report does not
// depend on where its video was decoded. MPEG-1/2, MPEG-4 Part 2, VC-1 and
// JPEG allow each decoder its own IDCT rounding: on an H200, NVDEC's
// MPEG-4 Part 2 frames moved a frame's MesoNet score by 0.15. Those decode
// on the CPU whatever --decode-device says.
bool decoded_exactly_everywhere(AVCodecID codec) {
  switch (codec) {
    case AV_CODEC_ID_H264:
    case AV_CODEC_ID_HEVC:
    case AV_CODEC_ID_VP8:
    case AV_CODEC_ID_VP9:
    case AV_CODEC_ID_AV1:
      return true;
    default:
      return false;
  }
}

// Whether `decoder` can decode into a CUDA device's memory (an NVDEC hwaccel)
// and gives the same pictures there as on the CPU.
bool decodes_on_cuda(const AVCodec* decoder) {
  if (!decoded_exactly_everywhere(decoder->id)) return false;
  for (int i = 0;; ++i) {
    const AVCodecHWConfig* config = avcodec_get_hw_config(decoder, i);
    if (!config) return false;
    if (config->device_type == AV_HWDEVICE_TYPE_CUDA && (config->methods & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX))
      return true;
  }
}

// A new reference to the shared CUDA device named `decode_device`. Throws
// Error(MODEL_UNAVAILABLE) when FFmpeg or the machine cannot create it (no
// NVIDIA driver, no such GPU); a failure is not remembered, so a driver
// that comes back is used.
BufferPtr cuda_device(const std::string& decode_device, const std::string& index) {
  static std::mutex mutex;
  // Never freed: tearing a CUDA context down while the process exits, after
  // the driver may have gone, gains nothing.
  static auto& created = *new std::map<std::string, BufferPtr>;
  std::lock_guard lock(mutex);
  auto found = created.find(index);
  if (found == created.end()) {
    if (av_hwdevice_find_type_by_name("cuda") != AV_HWDEVICE_TYPE_CUDA)
      throw Error(ErrorCode::MODEL_UNAVAILABLE,
                  std::string(kUnavailable) + "this FFmpeg build has no CUDA device type");
    AVBufferRef* raw = nullptr;
    int rc = av_hwdevice_ctx_create(&raw, AV_HWDEVICE_TYPE_CUDA, index.empty() ? nullptr : index.c_str(), nullptr, 0);
    if (rc < 0)
      throw Error(ErrorCode::MODEL_UNAVAILABLE,
                  std::string(kUnavailable) + "cannot create the CUDA device '" + decode_device + "' (" +
                      av_error_text(rc) + "; it needs an NVIDIA GPU and its driver's libcuda and libnvcuvid)");
    found = created.emplace(index, BufferPtr(raw)).first;
  }
  BufferPtr ref(av_buffer_ref(found->second.get()));
  if (!ref) throw Error(ErrorCode::INTERNAL, "out of memory referencing the CUDA device");
  return ref;
}

// The decoder offers its formats, hardware ones first when its hwaccel can
// take the stream: CUDA when offered, else the first software format (a
// profile or size NVDEC refuses decodes on the CPU).
AVPixelFormat pick_cuda_format(AVCodecContext*, const AVPixelFormat* offered) {
  for (const AVPixelFormat* f = offered; *f != AV_PIX_FMT_NONE; ++f)
    if (*f == AV_PIX_FMT_CUDA) return *f;
  for (const AVPixelFormat* f = offered; *f != AV_PIX_FMT_NONE; ++f) {
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(*f);
    if (desc && !(desc->flags & AV_PIX_FMT_FLAG_HWACCEL)) return *f;
  }
  return AV_PIX_FMT_NONE;
}

// The x264 build that encoded an H.264 stream, from the SEI message x264
// writes into its first frame ("x264 - core 148 r2643 ..."); nothing for
// other encoders.
std::optional<int> x264_build_of(const AVPacket* first_packet) {
  std::string_view data(reinterpret_cast<const char*>(first_packet->data), static_cast<size_t>(first_packet->size));
  constexpr std::string_view kTag = "x264 - core ";
  size_t at = data.find(kTag);
  if (at == std::string_view::npos) return std::nullopt;
  int build = 0;
  auto digits = data.substr(at + kTag.size(), 6);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), build);
  if (error != std::errc() || end == digits.data() || build < 0) return std::nullopt;
  return build;
}

// `hw_device`: null for software decoding. `x264_build`: see VideoDecoder's constructor.
CodecPtr open_codec(const AVStream* stream, const AVCodec* decoder, int threads, std::int64_t max_pixels,
                    const AVBufferRef* hw_device, std::optional<int> x264_build) {
  CodecPtr codec(avcodec_alloc_context3(decoder));
  if (!codec) throw Error(ErrorCode::INTERNAL, "out of memory allocating a decoder");
  int rc = avcodec_parameters_to_context(codec.get(), stream->codecpar);
  if (rc < 0) throw Error(ErrorCode::CORRUPT_MEDIA, "invalid codec parameters: " + av_error_text(rc));
  if (hw_device) {
    codec->hw_device_ctx = av_buffer_ref(const_cast<AVBufferRef*>(hw_device));
    if (!codec->hw_device_ctx) throw Error(ErrorCode::INTERNAL, "out of memory referencing the CUDA device");
    codec->get_format = pick_cuda_format;
    threads = 1;  // NVDEC decodes; CPU threads would only queue pictures for it
  }
  codec->thread_count = threads;
  codec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  codec->pkt_timebase = stream->time_base;
  codec->max_pixels = max_pixels;
  AVDictionary* options = nullptr;
  if (x264_build) av_dict_set_int(&options, "x264_build", *x264_build, 0);
  rc = avcodec_open2(codec.get(), decoder, &options);
  av_dict_free(&options);
  if (rc < 0) throw Error(ErrorCode::CORRUPT_MEDIA, "cannot open the video decoder: " + av_error_text(rc));
  return codec;
}

}  // namespace

FormatPtr open_input(const std::filesystem::path& file, std::int64_t max_pixels) {
  prepare_ffmpeg(max_pixels);
  AVFormatContext* raw = nullptr;
  int rc = avformat_open_input(&raw, file.c_str(), nullptr, nullptr);
  if (rc == AVERROR(ENOMEM))
    throw Error(ErrorCode::CORRUPT_MEDIA, "the container declares a part larger than any picture it may hold");
  if (rc < 0) throw Error(ErrorCode::CORRUPT_MEDIA, "cannot read the container: " + av_error_text(rc));
  return FormatPtr(raw);
}

VideoDecoder::VideoDecoder(const std::filesystem::path& file, int threads, std::int64_t max_pixels,
                           const std::string& decode_device, std::optional<Interlacing> interlacing)
    : file_(file), max_pixels_(max_pixels) {
  format_ = open_container(file, max_pixels);
  const AVCodec* decoder = nullptr;
  stream_index_ = av_find_best_stream(format_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
  if (stream_index_ == AVERROR_DECODER_NOT_FOUND)
    throw Error(ErrorCode::CORRUPT_MEDIA, "no decoder for the video codec");
  if (stream_index_ < 0) throw Error(ErrorCode::NO_VIDEO_STREAM, describe_streams_without_video(format_.get()));
  check_picture_size(stream()->codecpar, max_pixels);
  refuse_over_limit(display_width(), display_height(), max_pixels);  // a sample aspect ratio widens it
  if (auto index = cuda_device_index(decode_device); index && decodes_on_cuda(decoder)) {
    hw_device_ = cuda_device(decode_device, *index);
    hw_frame_.reset(av_frame_alloc());
    if (!hw_frame_) throw Error(ErrorCode::INTERNAL, "out of memory allocating a frame");
  }
  // x264 before build 151 wrote High 4:4:4 streams with CABAC and 8x8
  // transforms that FFmpeg reads right only when it knows the build, which
  // x264 states in the first frame alone. A decoder that seeks past it read
  // every later frame as garbage (a FaceForensics++ clip by x264 core 148:
  // no face in its temporal window): the build is read from the first packet
  // and given to the decoder before any seek.
  packet_.reset(av_packet_alloc());
  if (!packet_) throw Error(ErrorCode::INTERNAL, "out of memory allocating a packet");
  first_packet_pending_ = read_packet_of(format_.get(), packet_.get(), stream_index_);
  std::optional<int> x264_build;
  if (first_packet_pending_ && stream()->codecpar->codec_id == AV_CODEC_ID_H264) x264_build = x264_build_of(packet_.get());
  codec_ = open_codec(stream(), decoder, threads, max_pixels, hw_device_.get(), x264_build);
  // A still JPEG has no display matrix; a camera's EXIF says how to turn it.
  if (is_still_image() && stream()->codecpar->codec_id == AV_CODEC_ID_MJPEG) exif_rotation_ = exif_clockwise_rotation(file);
  if (interlacing) interlacing_ = *interlacing;
  else learn_interlacing();
  if (pictures_per_frame() > 1) refuse_over_limit(display_width(), display_height(), max_pixels);
}

// FFmpeg's HEVC decoder marks a picture interlaced only when it is a lone
// field (SEI pic_struct top or bottom field), and HEVC frames are never
// marked: for HEVC, the first picture and the container tell how the whole
// stream is interlaced. Other decoders mark each frame (PerFrame).
void VideoDecoder::learn_interlacing() {
  if (stream()->codecpar->codec_id != AV_CODEC_ID_HEVC) return;
  first_picture_.reset(av_frame_alloc());
  if (!first_picture_) throw Error(ErrorCode::INTERNAL, "out of memory allocating a frame");
  if (!decode_next(first_picture_.get())) first_picture_.reset();
  AVFieldOrder order = stream()->codecpar->field_order;
  if (first_picture_ && first_picture_->interlaced_frame) interlacing_ = Interlacing::LoneFields;
  else if (order != AV_FIELD_UNKNOWN && order != AV_FIELD_PROGRESSIVE) interlacing_ = Interlacing::WovenPerContainer;
}

bool VideoDecoder::is_still_image() const { return is_image_demuxer(format_.get()); }

double VideoDecoder::duration_s() const {
  const AVStream* s = stream();
  if (s->duration > 0) return s->duration * av_q2d(s->time_base);
  if (format_->duration > 0) return format_->duration / static_cast<double>(AV_TIME_BASE);
  return 0;
}

int VideoDecoder::clockwise_rotation() const {
  const uint8_t* matrix = av_stream_get_side_data(stream(), AV_PKT_DATA_DISPLAYMATRIX, nullptr);
  if (!matrix) return exif_rotation_;
  // av_display_rotation_get gives the counter-clockwise angle.
  double ccw = av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
  if (std::isnan(ccw)) return 0;
  int cw = static_cast<int>(std::lround(-ccw)) % 360;
  if (cw < 0) cw += 360;
  return cw % 90 == 0 ? cw : 0;
}

bool decoded_only_in_part(const AVFrame* frame) {
  return frame->decode_error_flags != 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0;
}

int stretched_width(int width, AVRational sample_aspect_ratio) {
  return std::max(1, static_cast<int>(std::lround(width * av_q2d(sample_aspect_ratio))));
}

// Within 1% of square counts as square: FFmpeg's scale filter leaves ratios
// like 2025:2024 when it rounds a size (Megamind scaled to 1080 rows), and
// stretching by one pixel would only resample every frame. Beyond 4:1 either
// way (formats use 10:11 to 2:1) the header is damaged or hostile: a width
// stretched 65535 times is no picture anyone shows.
AVRational VideoDecoder::sample_aspect_ratio() const {
  AVRational sar = av_guess_sample_aspect_ratio(format_.get(), stream(), nullptr);
  double ratio = sar.num > 0 && sar.den > 0 ? av_q2d(sar) : 1;
  bool plausible = ratio >= 0.25 && ratio <= 4;
  return plausible && std::abs(ratio - 1) >= 0.01 ? sar : AVRational{1, 1};
}

int VideoDecoder::display_width() const {
  int rotation = clockwise_rotation();
  return rotation == 90 || rotation == 270 ? frame_height() : square_pixel_width();
}

int VideoDecoder::display_height() const {
  int rotation = clockwise_rotation();
  return rotation == 90 || rotation == 270 ? square_pixel_width() : frame_height();
}

int VideoDecoder::frame_height() const { return stream()->codecpar->height * pictures_per_frame(); }

int VideoDecoder::square_pixel_width() const {
  return stretched_width(stream()->codecpar->width, sample_aspect_ratio());
}

double VideoDecoder::seconds_of(const AVFrame* frame) const {
  const AVStream* s = stream();
  std::int64_t pts = frame->best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) pts = frame->pts;
  if (pts == AV_NOPTS_VALUE) return kUntimed;
  std::int64_t start = s->start_time == AV_NOPTS_VALUE ? 0 : s->start_time;
  return (pts - start) * av_q2d(s->time_base);
}

bool read_packet_of(AVFormatContext* format, AVPacket* packet, int stream_index) {
  while (av_read_frame(format, packet) >= 0) {
    if (packet->stream_index == stream_index) return true;
    av_packet_unref(packet);
  }
  return false;
}

// Sends one packet of our stream to the decoder; at end of input, starts
// draining. Returns false when there is nothing left to send.
bool feed_next_packet(AVFormatContext* format, AVCodecContext* codec, AVPacket* packet, int stream_index,
                      bool& draining) {
  if (draining) return false;
  if (!read_packet_of(format, packet, stream_index)) {  // end of file, or a truncated/unreadable tail
    draining = true;
    avcodec_send_packet(codec, nullptr);
    return true;
  }
  avcodec_send_packet(codec, packet);  // bad packets are skipped
  av_packet_unref(packet);
  return true;
}

bool VideoDecoder::feed_decoder() {
  if (first_packet_pending_) {
    first_packet_pending_ = false;
    avcodec_send_packet(codec_.get(), packet_.get());  // a bad packet is skipped
    av_packet_unref(packet_.get());
    return true;
  }
  return feed_next_packet(format_.get(), codec_.get(), packet_.get(), stream_index_, draining_);
}

// A picture in GPU memory is copied into `out` (NV12, P010 or P016, as
// NVDEC's surface format), with its timestamps and colour signalling; a
// software one (the hardware refused the stream) is moved there.
void VideoDecoder::to_system_memory(AVFrame* decoded, AVFrame* out) {
  if (decoded->format != AV_PIX_FMT_CUDA) {
    av_frame_move_ref(out, decoded);
    return;
  }
  av_frame_unref(out);
  int rc = av_hwframe_transfer_data(out, decoded, 0);
  if (rc >= 0) rc = av_frame_copy_props(out, decoded);
  av_frame_unref(decoded);
  if (rc < 0) {
    av_frame_unref(out);
    throw Error(ErrorCode::INTERNAL, "cannot copy a decoded picture from the GPU: " + av_error_text(rc));
  }
}

bool VideoDecoder::next(AVFrame* frame) {
  if (first_picture_) {
    av_frame_unref(frame);
    av_frame_move_ref(frame, first_picture_.get());
    first_picture_.reset();
    return true;
  }
  return decode_next(frame);
}

bool VideoDecoder::decode_next(AVFrame* frame) {
  AVFrame* decoded = hw_frame_ ? hw_frame_.get() : frame;
  while (true) {
    int rc = avcodec_receive_frame(codec_.get(), decoded);
    if (rc == 0) {
      if (decoded != frame) to_system_memory(decoded, frame);
      return true;
    }
    if (rc == AVERROR_EOF) return false;
    // EAGAIN wants input; other errors concern one broken frame: move on.
    if (!feed_decoder()) return false;
  }
}

// The first picture, decoded at opening, still waits, shortly before `t`: a
// seek to the keyframe at or before `t` would most likely land on it and
// decode it again (30 ms for a 1080p HEVC picture, 80 at 2160p); decoding on
// from it reaches `t` as well.
bool VideoDecoder::first_picture_waits_before(double t) const {
  constexpr double kDecodeOnWithinS = 1.0;
  if (!first_picture_) return false;
  double first = seconds_of(first_picture_.get());
  return first <= t && t - first <= kDecodeOnWithinS;
}

double VideoDecoder::frame_rate() const {
  AVRational rate = stream()->avg_frame_rate.num > 0 ? stream()->avg_frame_rate : stream()->r_frame_rate;
  return rate.num > 0 && rate.den > 0 ? av_q2d(rate) / pictures_per_frame() : 0;
}

void VideoDecoder::set_reference_frames_only(bool on) {
  codec_->skip_frame = on ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
}

bool VideoDecoder::seek_before(double t) {
  if (seek_failed_) return false;
  if (first_picture_waits_before(t)) return true;  // where a seek would land, and decoded already
  first_packet_pending_ = false;
  first_picture_.reset();
  av_packet_unref(packet_.get());
  const AVStream* s = stream();
  std::int64_t start = s->start_time == AV_NOPTS_VALUE ? 0 : s->start_time;
  auto target = start + static_cast<std::int64_t>(t / av_q2d(s->time_base));
  if (av_seek_frame(format_.get(), stream_index_, target, AVSEEK_FLAG_BACKWARD) < 0) {
    seek_failed_ = true;
    format_ = open_container(file_, max_pixels_);  // back at the start
  }
  avcodec_flush_buffers(codec_.get());
  draining_ = false;
  return true;
}

}  // namespace deeptrace::media::detail

namespace deeptrace::media {

std::optional<std::string> hardware_decoding_available(const std::string& decode_device) {
  try {
    auto index = detail::cuda_device_index(decode_device);
    if (!index) return std::nullopt;
    detail::prepare_ffmpeg(0);  // FFmpeg's own logs off: the reason says what failed
    // Debian's FFmpeg has NVDEC for H.264 (and HEVC, VP9, AV1 ...): without
    // it for H.264, this build cannot decode on the GPU at all.
    const AVCodec* h264 = avcodec_find_decoder(AV_CODEC_ID_H264);
    if (!h264 || !detail::decodes_on_cuda(h264))
      return std::string(detail::kUnavailable) + "this FFmpeg build has no NVDEC (cuda) decoder for H.264";
    detail::cuda_device(decode_device, *index);
    return std::nullopt;
  } catch (const Error& e) {
    return e.what();
  }
}

}  // namespace deeptrace::media
