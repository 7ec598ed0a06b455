#include "media/heif_image.hpp"

#include <libheif/heif.h>

#include <memory>

#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "media/probe.hpp"

namespace deeptrace::media {
namespace {

struct ContextFree {
  void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleFree {
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageFree {
  void operator()(heif_image* i) const { heif_image_release(i); }
};

void check(heif_error error, const char* what) {
  if (error.code != heif_error_Ok)
    throw Error(ErrorCode::CORRUPT_MEDIA, std::string("the HEIF/AVIF picture ") + what + ": " +
                                              (error.message ? error.message : "libheif gave no reason"));
}

// The file's context and its primary image (the picture a viewer shows).
struct Primary {
  std::unique_ptr<heif_context, ContextFree> context{heif_context_alloc()};
  std::unique_ptr<heif_image_handle, HandleFree> handle;

  explicit Primary(const std::filesystem::path& file) {
    check(heif_context_read_from_file(context.get(), file.c_str(), nullptr), "cannot be read");
    heif_image_handle* h = nullptr;
    check(heif_context_get_primary_image_handle(context.get(), &h), "has no primary image");
    handle.reset(h);
  }
};

void refuse_over(std::int64_t width, std::int64_t height, std::int64_t max_pixels) {
  if (width <= 0 || height <= 0) throw Error(ErrorCode::CORRUPT_MEDIA, "the HEIF/AVIF picture has no size");
  if (width * height > max_pixels)
    throw Error(ErrorCode::RESOLUTION_TOO_HIGH, "the picture is " + std::to_string(width) + "x" +
                                                    std::to_string(height) + "; the limit is " +
                                                    std::to_string(max_pixels) + " pixels");
}

}  // namespace

bool is_heif_type(std::string_view content_type) {
  return content_type == "image/heic" || content_type == "image/heif" || content_type == "image/avif";
}

bool is_heif_file(const std::filesystem::path& file) {
  try {
    return is_heif_type(sniff_media_type(file));
  } catch (const Error&) {
    return false;  // not a picture libheif reads; the caller's decoder says what it is
  }
}

std::string heif_codec(std::string_view content_type) { return content_type == "image/avif" ? "av1" : "hevc"; }

HeifPicture probe_heif(const std::filesystem::path& file, std::int64_t max_pixels) {
  Primary primary(file);
  HeifPicture picture;
  picture.width = heif_image_handle_get_width(primary.handle.get());
  picture.height = heif_image_handle_get_height(primary.handle.get());
  refuse_over(picture.width, picture.height, max_pixels);
  picture.bit_depth = heif_image_handle_get_luma_bits_per_pixel(primary.handle.get());
  return picture;
}

cv::Mat decode_heif_bgr(const std::filesystem::path& file, std::int64_t max_pixels) {
  Primary primary(file);
  refuse_over(heif_image_handle_get_width(primary.handle.get()), heif_image_handle_get_height(primary.handle.get()),
              max_pixels);
  heif_image* decoded = nullptr;
  // Interleaved 8-bit RGB whatever the source depth; transformations applied.
  check(heif_decode_image(primary.handle.get(), &decoded, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nullptr),
        "cannot be decoded");
  std::unique_ptr<heif_image, ImageFree> image(decoded);
  int stride = 0;
  const std::uint8_t* rgb = heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
  int width = heif_image_get_width(image.get(), heif_channel_interleaved);
  int height = heif_image_get_height(image.get(), heif_channel_interleaved);
  if (!rgb || width <= 0 || height <= 0) throw Error(ErrorCode::CORRUPT_MEDIA, "the HEIF/AVIF picture decoded to nothing");
  cv::Mat bgr;
  cv::cvtColor(cv::Mat(height, width, CV_8UC3, const_cast<std::uint8_t*>(rgb), static_cast<size_t>(stride)), bgr,
               cv::COLOR_RGB2BGR);
  return bgr;
}

}  // namespace deeptrace::media
