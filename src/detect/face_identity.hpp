#pragma once
// Internal: who a face is, so that one person split into several face tracks
// (a camera cut moves them across the picture; tracking goes by position)
// becomes one track again (issue 18: "the same person appears as two face
// tracks"). dlib's face-recognition ResNet (dlib_face_recognition_resnet_model_v1,
// CC0, 99.38% on LFW at distance 0.6) gives each face a 128-number
// descriptor; faces of one person lie close together. The face is found and
// aligned inside the classifier crop as dlib's own pipeline does (HOG
// detector, 5-point shape predictor, 150 x 150 chip). Its own translation
// unit so that only deeptrace_landmarks links dlib.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "detect/face_second_opinion.hpp"
#include "detect/tracks.hpp"
#include "report/report.hpp"

namespace deeptrace::detect {

// Where `fetch_models.py` puts the two dlib files (models/manifest.json,
// entry "dlib_face_recognition_models"), under the models directory.
inline constexpr const char* kFaceRecognitionModelFile = "upstream/dlib/dlib_face_recognition_resnet_model_v1.dat";
inline constexpr const char* kFaceShapeModelFile = "upstream/dlib/shape_predictor_5_face_landmarks.dat";

// Descriptors closer than this are one person. dlib's own threshold is 0.6;
// a wrong join mixes two people's scores into one track, a missed join only
// shows one person twice, so the bar is stricter.
inline constexpr double kSamePersonDistance = 0.5;

class FaceIdentity {
 public:
  // Loads both files from `models_dir`; throws Error(MODEL_UNAVAILABLE) when
  // one is missing or unreadable.
  explicit FaceIdentity(const std::filesystem::path& models_dir);
  ~FaceIdentity();
  FaceIdentity(const FaceIdentity&) = delete;
  FaceIdentity& operator=(const FaceIdentity&) = delete;

  // The descriptor of the face at `face` (pixels of hog_picture(rgb_crop),
  // as HogFaceFinder::find gives it) in one classifier crop (float RGB in
  // [0,1], the face with its margin). Thread-safe.
  FaceDescriptor describe(const cv::Mat& rgb_crop, const cv::Rect& face) const;

  // The recognition model as the report names it.
  report::ModelRef model() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Per track, the mean descriptor of the largest HOG face in up to
// kCropsChecked of its largest crops; none for a track in none of whose
// crops HOG finds a face, and for a track that shares a frame with every
// other track (it could join none, so it is not described).
std::vector<std::optional<FaceDescriptor>> describe_tracks(const std::vector<FrameFaces>& frames,
                                                           const std::vector<Track>& tracks, CropFaces& crop_faces,
                                                           const FaceIdentity& identity);

}  // namespace deeptrace::detect
