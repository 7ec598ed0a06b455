#include "detect/face_identity.hpp"

#include <mutex>

#include <dlib/dnn.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_processing/shape_predictor.h>
#include <dlib/image_transforms/interpolation.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "detect/face_second_opinion.hpp"

namespace deeptrace::detect {
namespace {

// The network as dlib_face_recognition_resnet_model_v1.dat was trained and
// serialised (dlib's examples/dnn_face_recognition_ex.cpp): the file holds
// weights only, so the type must match it layer for layer.
using namespace dlib;  // NOLINT: the layer templates read as dlib writes them
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;
template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;
template <int N, typename SUBNET>
using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET>
using ares_down = relu<residual_down<block, N, affine, SUBNET>>;
template <typename SUBNET>
using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET>
using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET>
using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET>
using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET>
using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;
using ResNet = loss_metric<fc_no_bias<
    128, avg_pool_everything<alevel0<alevel1<alevel2<alevel3<
             alevel4<max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

constexpr int kChipSide = 150;        // the network's input
constexpr double kChipPadding = 0.25;  // dlib's recommended context around the aligned face

// As the second opinion shows a crop to the HOG detector, in colour: the
// network reads the aligned chip cut from it.
cv::Mat rgb_bytes_for_hog(const cv::Mat& rgb_crop) {
  cv::Mat bytes, sized, bordered;
  rgb_crop.convertTo(bytes, CV_8U, 255.0);
  if (bytes.channels() == 1) cv::cvtColor(bytes, bytes, cv::COLOR_GRAY2RGB);
  cv::resize(bytes, sized, cv::Size(kHogSide, kHogSide), 0, 0, cv::INTER_AREA);
  int pad = static_cast<int>(kHogSide * kHogBorder);
  cv::copyMakeBorder(sized, bordered, pad, pad, pad, pad, cv::BORDER_CONSTANT, cv::Scalar::all(128));
  return bordered;
}

[[noreturn]] void unavailable(const std::filesystem::path& file, const std::string& why) {
  throw Error(ErrorCode::MODEL_UNAVAILABLE, "face recognition model " + file.string() + ": " + why);
}

template <typename Model>
void load(const std::filesystem::path& file, Model& model) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    unavailable(file, "missing (the models target fetches it: models/manifest.json)");
  try {
    dlib::deserialize(file.string()) >> model;
  } catch (const std::exception& e) {
    unavailable(file, std::string("unreadable: ") + e.what());
  }
}

}  // namespace

struct FaceIdentity::Impl {
  std::mutex mutex;  // the detector and the network keep scratch state
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  dlib::shape_predictor shape;
  ResNet net;
  std::string sha256;
};

FaceIdentity::FaceIdentity(const std::filesystem::path& models_dir) : impl_(std::make_unique<Impl>()) {
  load(models_dir / kFaceShapeModelFile, impl_->shape);
  load(models_dir / kFaceRecognitionModelFile, impl_->net);
  impl_->sha256 = sha256_file_hex(models_dir / kFaceRecognitionModelFile);
}

FaceIdentity::~FaceIdentity() = default;

std::optional<FaceDescriptor> FaceIdentity::describe(const cv::Mat& rgb_crop) const {
  if (rgb_crop.empty()) return std::nullopt;
  cv::Mat rgb = rgb_bytes_for_hog(rgb_crop);
  dlib::cv_image<dlib::rgb_pixel> image(rgb);  // cv::Mat in RGB byte order, read in place
  std::lock_guard lock(impl_->mutex);
  std::vector<dlib::rectangle> faces = impl_->detector(image, kHogThresholdAdjust);
  if (faces.empty()) return std::nullopt;
  auto biggest = std::max_element(faces.begin(), faces.end(),
                                  [](const auto& a, const auto& b) { return a.area() < b.area(); });
  dlib::full_object_detection shape = impl_->shape(image, *biggest);
  dlib::matrix<dlib::rgb_pixel> chip;
  dlib::extract_image_chip(image, dlib::get_face_chip_details(shape, kChipSide, kChipPadding), chip);
  dlib::matrix<float, 0, 1> descriptor = impl_->net(chip);
  return FaceDescriptor(descriptor.begin(), descriptor.end());
}

report::ModelRef FaceIdentity::model() const {
  return {"dlib_face_recognition_resnet_model_v1", "1", impl_->sha256};
}

std::vector<std::optional<FaceDescriptor>> describe_tracks(const std::vector<FrameFaces>& frames,
                                                           const std::vector<Track>& tracks,
                                                           const std::vector<cv::Mat>& crops,
                                                           const FaceIdentity& identity) {
  std::vector<std::optional<FaceDescriptor>> out(tracks.size());
  for (size_t i = 0; i < tracks.size(); ++i) {
    bool could_join = false;
    for (size_t j = 0; j < tracks.size() && !could_join; ++j)
      could_join = j != i && !share_a_frame(tracks[i], tracks[j]);
    if (!could_join) continue;
    std::vector<FaceDescriptor> found;
    for (int crop : crops_largest_first(frames, tracks[i], kCropsChecked))
      if (auto d = identity.describe(crops[crop])) found.push_back(std::move(*d));
    if (found.empty()) continue;
    FaceDescriptor mean(found.front().size(), 0.0f);
    for (const auto& d : found)
      for (size_t k = 0; k < mean.size(); ++k) mean[k] += d[k] / static_cast<float>(found.size());
    out[i] = std::move(mean);
  }
  return out;
}

}  // namespace deeptrace::detect
