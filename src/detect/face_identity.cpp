#include "detect/face_identity.hpp"

#include <mutex>
#include <set>

#include <dlib/dnn.h>
#include <dlib/image_processing/shape_predictor.h>
#include <dlib/image_transforms/interpolation.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

#include "core/sha256.hpp"
#include "detect/dlib_model_file.hpp"

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

}  // namespace

struct FaceIdentity::Impl {
  std::mutex mutex;  // the network keeps scratch state
  dlib::shape_predictor shape;
  ResNet net;
  std::string sha256;
};

FaceIdentity::FaceIdentity(const std::filesystem::path& models_dir) : impl_(std::make_unique<Impl>()) {
  const std::string where_from = "the models target fetches it: models/manifest.json";
  read_dlib_model("face recognition model", models_dir / kFaceShapeModelFile, where_from, impl_->shape);
  read_dlib_model("face recognition model", models_dir / kFaceRecognitionModelFile, where_from, impl_->net);
  impl_->sha256 = sha256_file_hex(models_dir / kFaceRecognitionModelFile);
}

FaceIdentity::~FaceIdentity() = default;

FaceDescriptor FaceIdentity::describe(const cv::Mat& rgb_crop, const cv::Rect& face) const {
  cv::Mat rgb = hog_picture(rgb_crop);
  dlib::cv_image<dlib::rgb_pixel> image(rgb);  // cv::Mat in RGB byte order, read in place
  dlib::rectangle box(face.x, face.y, face.x + face.width - 1, face.y + face.height - 1);
  dlib::full_object_detection shape = impl_->shape(image, box);
  dlib::matrix<dlib::rgb_pixel> chip;
  dlib::extract_image_chip(image, dlib::get_face_chip_details(shape, kChipSide, kChipPadding), chip);
  std::lock_guard lock(impl_->mutex);
  dlib::matrix<float, 0, 1> descriptor = impl_->net(chip);
  return FaceDescriptor(descriptor.begin(), descriptor.end());
}

report::ModelRef FaceIdentity::model() const {
  return {"dlib_face_recognition_resnet_model_v1", "1", impl_->sha256};
}

std::vector<std::optional<FaceDescriptor>> describe_tracks(const std::vector<FrameFaces>& frames,
                                                           const std::vector<Track>& tracks, CropFaces& crop_faces,
                                                           const FaceIdentity& identity) {
  std::vector<std::optional<FaceDescriptor>> out(tracks.size());
  std::vector<std::set<int>> frames_of;
  for (const Track& track : tracks) frames_of.push_back(frames_of_track(track));
  for (size_t i = 0; i < tracks.size(); ++i) {
    bool could_join = false;
    for (size_t j = 0; j < tracks.size() && !could_join; ++j)
      could_join = j != i && !share_a_frame(frames_of[i], tracks[j]);
    if (!could_join) continue;
    std::vector<FaceDescriptor> found;
    for (int crop : crops_largest_first(frames, tracks[i], kCropsChecked)) {
      const std::vector<cv::Rect>& faces = crop_faces.faces(crop);
      if (!faces.empty()) found.push_back(identity.describe(crop_faces.crop(crop), faces.front()));
    }
    if (found.empty()) continue;
    FaceDescriptor mean(found.front().size(), 0.0f);
    for (const auto& d : found)
      for (size_t k = 0; k < mean.size(); ++k) mean[k] += d[k] / static_cast<float>(found.size());
    out[i] = std::move(mean);
  }
  return out;
}

}  // namespace deeptrace::detect
