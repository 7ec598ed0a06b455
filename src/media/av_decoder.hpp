#pragma once
// Internal to deeptrace_media: RAII over libavformat/libavcodec and a small
// "next decoded frame" loop shared by probing and sampling.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

namespace deeptrace::media::detail {

struct FormatCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecFreer {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFreer {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct BufferFreer {
  void operator()(AVBufferRef* b) const { av_buffer_unref(&b); }
};
using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using BufferPtr = std::unique_ptr<AVBufferRef, BufferFreer>;

std::string av_error_text(int errnum);

// Opens a container. First sets FFmpeg up for untrusted files: no logs
// (our errors carry the useful part), and no single FFmpeg allocation over
// what one plane of a decoded picture at `max_pixels` needs: headers
// declare sizes, and libavformat allocates some before reading them (a
// 97-byte WAV whose metadata tag claimed 2 GB got 2 GB, zeroed). Such a
// file is CORRUPT_MEDIA.
FormatPtr open_input(const std::filesystem::path& file, std::int64_t max_pixels);

// Sends the next packet of `stream_index` to `codec` (a packet that does not
// decode is skipped, as FFmpeg's own tools do); at the end of the input, or
// at an unreadable tail, starts draining and sets `draining`. Returns false
// when there is nothing left to send. The video and audio decoders' loop.
bool feed_next_packet(AVFormatContext* format, AVCodecContext* codec, AVPacket* packet, int stream_index,
                      bool& draining);

// Reads the next packet of `stream_index` into `packet`, dropping those of
// other streams; false at the end of the input or at an unreadable tail.
bool read_packet_of(AVFormatContext* format, AVPacket* packet, int stream_index);

// Whether FFmpeg marked `frame` as decoded only in part: blocks it could not
// decode (damaged bytes, a lost reference) were filled from their neighbours.
bool decoded_only_in_part(const AVFrame* frame);

// `width` pixels of `sample_aspect_ratio` as that many square ones (at
// least 1): the width players show.
int stretched_width(int width, AVRational sample_aspect_ratio);

// How a stream's pictures hold interlaced video.
enum class Interlacing {
  // Each frame says (AVFrame::interlaced_frame): H.264's and MPEG-2's
  // decoders pair fields coded apart into one frame, its fields woven.
  PerFrame,
  // Coded field by field (HEVC with field_seq_flag): FFmpeg's HEVC decoder
  // gives each field alone, a picture of half the frame's height, marked
  // interlaced (top_field_first: a top field).
  LoneFields,
  // HEVC coded as frames that hold two fields woven: FFmpeg's decoder marks
  // none of them; the container's field order says they are interlaced.
  WovenPerContainer,
};

class VideoDecoder {
 public:
  // Throws Error(CORRUPT_MEDIA) if the container cannot be read,
  // Error(NO_VIDEO_STREAM) if it holds no decodable video stream,
  // Error(RESOLUTION_TOO_HIGH) if its pictures have more than `max_pixels`
  // pixels (checked before any picture is decoded, and again by the decoder
  // for every frame, since a stream may change size mid-way).
  // `decode_device` ("cpu", "cuda" or "cuda:N"; see
  // media::hardware_decoding_available): with a CUDA device, a codec that
  // NVDEC decodes (H.264, HEVC, VP9, ...) decodes on the GPU, one thread, and
  // next() copies each picture back to system memory (NV12, or P010 for 10
  // bits); other codecs (still images) decode in software as before. Throws
  // Error(MODEL_UNAVAILABLE) if the CUDA device cannot be created.
  // `interlacing`: the stream's, as another decoder of the same file learnt
  // it (interlacing()); given, the first picture is not decoded to learn it.
  VideoDecoder(const std::filesystem::path& file, int threads, std::int64_t max_pixels,
               const std::string& decode_device = "cpu", std::optional<Interlacing> interlacing = std::nullopt);

  AVFormatContext* format() const { return format_.get(); }
  AVStream* stream() const { return format_->streams[stream_index_]; }
  const AVCodecContext* codec() const { return codec_.get(); }

  // A JPEG/PNG/WebP file read by one of libavformat's image demuxers (an
  // animated PNG included).
  bool is_still_image() const;
  // Whether pictures come back from NVDEC (NV12 or P010 rather than the
  // CPU decoder's planar formats; BgrConverter makes them planar).
  bool decodes_on_gpu() const { return hw_device_ != nullptr; }
  // Duration in seconds, 0 when the container does not say.
  double duration_s() const;
  // Degrees (0, 90, 180 or 270; other angles count as 0) to turn decoded
  // pictures clockwise so they display upright, from the stream's display
  // matrix, or for a still JPEG from its EXIF Orientation.
  int clockwise_rotation() const;
  // The stream's sample (pixel) aspect ratio: 4:3 for HDV's 1440x1080 shown
  // as 1920x1080, 64:45 for a PAL DVD shown as 16:9. 1:1 when unknown,
  // within 1% of it, or beyond 4:1 either way.
  AVRational sample_aspect_ratio() const;
  // Width and height as displayed: the width stretched by the sample aspect
  // ratio (as players do), the height of a frame where pictures are single
  // fields, then turned by that rotation.
  int display_width() const;
  int display_height() const;
  // Known from the first picture, decoded when the decoder opens (HEVC only).
  Interlacing interlacing() const { return interlacing_; }
  // 2 where each picture is one field (LoneFields), else 1.
  int pictures_per_frame() const { return interlacing_ == Interlacing::LoneFields ? 2 : 1; }
  // Presentation time of `frame` in seconds from the stream's start. A frame
  // without a time is kUntimed, negative, so that it is dropped like
  // pre-roll. Matroska cannot store negative times: a file muxed with them
  // kept (-avoid_negative_ts disabled) has its pre-roll untimed, and taking
  // those frames as at 0 put pictures from before the start into samples
  // and windows. The containers accepted time their frames otherwise (raw
  // MPEG video leaves its last one untimed).
  static constexpr double kUntimed = -1;
  double seconds_of(const AVFrame* frame) const;

  // Decodes the next frame into `frame`, always in system memory (a GPU
  // picture is copied back). Returns false at end of stream (or where a
  // truncated file stops). Undecodable packets are skipped. Throws
  // Error(INTERNAL) if a GPU picture cannot be copied back.
  bool next(AVFrame* frame);
  // Frames per second from the container (average, else the base rate), 0 if
  // unknown; where pictures are single fields, frames of two of them.
  double frame_rate() const;
  // On: the decoder drops non-reference frames (typically B-frames) without
  // decoding them; the next reference frame comes out instead.
  void set_reference_frames_only(bool on);
  // Jumps to the keyframe at or before `t` seconds and returns true. A
  // container that fails to seek is opened again, and decoding resumes at
  // its start (true as well): a failed seek may leave the demuxer anywhere
  // (Matroska's reads every cluster looking for the time, to the end of the
  // file). After that, always false: the caller decodes forward.
  bool seek_before(double t);

 private:
  FormatPtr format_;
  BufferPtr hw_device_;  // null: software decoding
  FramePtr hw_frame_;    // a picture in GPU memory, before it is copied back
  CodecPtr codec_;
  PacketPtr packet_;
  std::filesystem::path file_;
  std::int64_t max_pixels_;
  int stream_index_ = -1;
  bool draining_ = false;
  bool seek_failed_ = false;
  bool first_packet_pending_ = false;  // packet_ holds the stream's first packet, read at opening, not yet sent
  FramePtr first_picture_;             // decoded at opening to learn interlacing_; next() hands it out first
  Interlacing interlacing_ = Interlacing::PerFrame;
  int exif_rotation_ = 0;

  void learn_interlacing();
  bool first_picture_waits_before(double t) const;
  bool decode_next(AVFrame* frame);
  bool feed_decoder();
  int square_pixel_width() const;
  int frame_height() const;  // stored rows, times pictures_per_frame()
  void to_system_memory(AVFrame* decoded, AVFrame* out);
};

}  // namespace deeptrace::media::detail
