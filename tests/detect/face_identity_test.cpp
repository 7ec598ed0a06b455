// Face identity (issue 18: "the same person appears as two face tracks"):
// dlib's face-recognition ResNet on classifier crops of real photographs, and
// the joining of tracks it drives. The model tests skip when its files are
// absent (build the 'models' target).
#include <gtest/gtest.h>

#include <filesystem>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "detect/face_crop.hpp"
#include "detect/face_detector.hpp"
#include "detect/face_identity.hpp"
#include "detect/tracks.hpp"

namespace deeptrace::detect {
namespace {

const std::filesystem::path kModels = DEEPTRACE_MODELS_DIR;
const cv::Size kCropSize{256, 256};  // the MesoNets' input, which the crops are cut for

cv::Mat picture(const std::filesystem::path& file) {
  cv::Mat bgr = cv::imread(file.string());
  if (bgr.empty()) throw std::runtime_error("missing test picture " + file.string());
  return bgr;
}

cv::Mat astronaut() { return picture("/usr/lib/python3/dist-packages/skimage/data/astronaut.png"); }
cv::Mat messi() { return picture("/usr/share/doc/opencv-doc/examples/data/messi5.jpg"); }

// The classifier crop of the largest face BlazeFace finds, as the analysis cuts it.
cv::Mat crop_of_largest_face(const cv::Mat& bgr, double shift = 0, double scale = 1) {
  auto detector = make_face_detector("blazeface", {kModels, 2});
  std::vector<cv::Rect> faces = detector->detect(bgr);
  if (faces.empty()) throw std::runtime_error("BlazeFace found no face in a test picture");
  cv::Rect box = largest(faces);
  cv::Rect moved(static_cast<int>(box.x + shift * box.width), static_cast<int>(box.y + shift * box.height / 2),
                 static_cast<int>(box.width * scale), static_cast<int>(box.height * scale));
  return face_crop_rgb(bgr, moved & cv::Rect(0, 0, bgr.cols, bgr.rows), kCropSize);
}

class FaceIdentityModel : public ::testing::Test {
 protected:
  std::unique_ptr<FaceIdentity> identity;
  HogFaceFinder hog;
  void SetUp() override {
    if (!std::filesystem::exists(kModels / kFaceRecognitionModelFile))
      GTEST_SKIP() << "dlib face recognition model absent (build the 'models' target)";
    identity = std::make_unique<FaceIdentity>(kModels);
  }
  // As the analysis does: the largest face HOG finds in the crop.
  FaceDescriptor describe(const cv::Mat& crop) const {
    std::vector<cv::Rect> faces = hog.find(crop);
    if (faces.empty()) throw std::runtime_error("HOG finds no face in a crop that shows one");
    return identity->describe(crop, faces.front());
  }
};

TEST_F(FaceIdentityModel, OneFaceCutDifferentlyIsOnePerson) {
  cv::Mat bgr = astronaut();
  FaceDescriptor plain = describe(crop_of_largest_face(bgr));
  EXPECT_EQ(plain.size(), 128u);
  // Shifted by a fifth of the face, cut 30% larger, and darker with more
  // contrast, as another shot of the same scene might show her.
  FaceDescriptor shifted = describe(crop_of_largest_face(bgr, 0.2, 1.3));
  cv::Mat graded;
  bgr.convertTo(graded, -1, 1.3, -60);
  FaceDescriptor regraded = describe(crop_of_largest_face(graded));
  EXPECT_LT(descriptor_distance(plain, shifted), kSamePersonDistance);
  EXPECT_LT(descriptor_distance(plain, regraded), kSamePersonDistance);
}

TEST_F(FaceIdentityModel, TwoPeopleAreTwoPeople) {
  FaceDescriptor collins = describe(crop_of_largest_face(astronaut()));
  FaceDescriptor leo = describe(crop_of_largest_face(messi()));
  // dlib's own same-person threshold is 0.6; different people lie beyond it.
  EXPECT_GT(descriptor_distance(collins, leo), 0.6);
}

TEST_F(FaceIdentityModel, HogFindsNoFaceInColourBars) {
  cv::Mat bars(kCropSize, CV_32FC3);
  for (int x = 0; x < bars.cols; ++x)
    bars.col(x).setTo(cv::Scalar((x / 32) % 2, (x / 64) % 2, (x / 16) % 2));
  EXPECT_TRUE(hog.find(bars).empty());
  EXPECT_TRUE(hog.find(cv::Mat()).empty());
  EXPECT_FALSE(hog.find(crop_of_largest_face(astronaut())).empty());
}

TEST_F(FaceIdentityModel, EachCropIsScannedOnceAndTracksWithoutAFaceGetNoDescriptor) {
  cv::Mat bars(kCropSize, CV_32FC3, cv::Scalar(0.2, 0.9, 0.4));
  std::vector<cv::Mat> crops = {crop_of_largest_face(astronaut()), bars};
  CropFaces crop_faces(hog, crops);
  const std::vector<cv::Rect>* first = &crop_faces.faces(0);
  EXPECT_EQ(first, &crop_faces.faces(0)) << "a crop's faces are kept, not found again";
  // Two one-frame tracks in different frames: the face and the bars.
  std::vector<FrameFaces> frames(2);
  frames[0].faces.push_back({cv::Rect(0, 0, 100, 100), 0});
  frames[1].faces.push_back({cv::Rect(0, 0, 100, 100), 1});
  std::vector<Track> tracks = {{0, {{0, 0}}}, {1, {{1, 0}}}};
  auto descriptors = describe_tracks(frames, tracks, crop_faces, *identity);
  ASSERT_EQ(descriptors.size(), 2u);
  EXPECT_TRUE(descriptors[0].has_value());
  EXPECT_FALSE(descriptors[1].has_value());
}

TEST_F(FaceIdentityModel, NamesItsModelByDigest) {
  report::ModelRef model = identity->model();
  EXPECT_EQ(model.name, "dlib_face_recognition_resnet_model_v1");
  EXPECT_EQ(model.weights_sha256, "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30");
}

TEST(FaceIdentityFiles, AMissingModelIsModelUnavailable) {
  try {
    FaceIdentity identity(std::filesystem::temp_directory_path() / "no-such-models-dir");
    FAIL() << "loaded a model that does not exist";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::MODEL_UNAVAILABLE);
  }
}

// Joining, with descriptors given: which tracks may become one.
Track track_in_frames(std::vector<int> frames) {
  Track t;
  for (int f : frames) t.members.push_back({f, 0});
  return t;
}

FaceDescriptor point(float x) { return FaceDescriptor{x, 0, 0}; }

TEST(JoinSamePerson, TracksApartInTimeWithCloseDescriptorsBecomeOne) {
  std::vector<Track> tracks = {track_in_frames({0, 1, 2}), track_in_frames({5, 6}), track_in_frames({3, 4})};
  JoinedTracks joined = join_same_person(tracks, {point(0), point(0.1f), point(5)}, 0.5);
  EXPECT_EQ(joined.joined, 1);
  ASSERT_EQ(joined.tracks.size(), 2u);
  // Renumbered by first appearance; members in time order.
  EXPECT_EQ(joined.tracks[0].id, 0);
  EXPECT_EQ(joined.tracks[1].id, 1);
  std::vector<int> frames;
  for (const auto& m : joined.tracks[0].members) frames.push_back(m.frame);
  EXPECT_EQ(frames, (std::vector<int>{0, 1, 2, 5, 6}));
  EXPECT_EQ(joined.tracks[1].members.front().frame, 3);
}

TEST(JoinSamePerson, TracksInOneFrameTogetherNeverJoin) {
  // Identical descriptors (twins, or a mirror), but seen at once: two people.
  std::vector<Track> tracks = {track_in_frames({0, 1, 2}), track_in_frames({2, 3})};
  JoinedTracks joined = join_same_person(tracks, {point(0), point(0)}, 0.5);
  EXPECT_EQ(joined.joined, 0);
  EXPECT_EQ(joined.tracks.size(), 2u);
}

TEST(JoinSamePerson, FarDescriptorsAndMissingOnesStayApart) {
  std::vector<Track> tracks = {track_in_frames({0}), track_in_frames({1}), track_in_frames({2})};
  JoinedTracks joined = join_same_person(tracks, {point(0), point(0.6f), std::nullopt}, 0.5);
  EXPECT_EQ(joined.joined, 0);
  ASSERT_EQ(joined.tracks.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(joined.tracks[i].members.front().frame, i);
}

TEST(JoinSamePerson, OnePersonInThreeShotsIsOneTrackAndTheClosestPairsJoinFirst) {
  // Shots 0-1, 4-5, 8 show one person; someone else stands beside them in
  // frame 4, their descriptor within reach of the last shot's but further
  // than the person's own shots are from each other.
  std::vector<Track> tracks = {track_in_frames({0, 1}), track_in_frames({4, 5}), track_in_frames({8}),
                               track_in_frames({4})};
  JoinedTracks joined = join_same_person(tracks, {point(0), point(0.1f), point(0.25f), point(0.6f)}, 0.5);
  EXPECT_EQ(joined.joined, 2);
  ASSERT_EQ(joined.tracks.size(), 2u);
  EXPECT_EQ(joined.tracks[0].members.size(), 5u);
  EXPECT_EQ(joined.tracks[1].members.size(), 1u);
  EXPECT_EQ(joined.tracks[1].members.front().frame, 4);
}

}  // namespace
}  // namespace deeptrace::detect
