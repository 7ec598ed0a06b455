// Frames wait in batches for the face detector; a batch is bounded by its
// frame count and by the bytes its frames hold, so large pictures are never
// held eight at a time.
#include <gtest/gtest.h>

#include "detect/face_sampler.hpp"

namespace deeptrace::detect {
namespace {

// Finds no face; records the size of each batch it is given.
class BatchRecorder : public FaceDetector {
 public:
  std::vector<size_t> batches;
  std::string name() const override { return "batch_recorder"; }
  std::vector<cv::Rect> detect(const cv::Mat&) override { return {}; }
  std::vector<std::vector<cv::Rect>> detect_batch(const std::vector<cv::Mat>& frames) override {
    batches.push_back(frames.size());
    return std::vector<std::vector<cv::Rect>>(frames.size());
  }
};

std::vector<size_t> batches_for(int width, int height, int frames) {
  BatchRecorder detector;
  FaceSampler sampler(detector, cv::Size(256, 256), 4, nullptr);
  for (int i = 0; i < frames; ++i) {
    media::Frame frame;
    frame.index = i;
    frame.t = i * 0.5;
    frame.bgr = cv::Mat(height, width, CV_8UC3, cv::Scalar(40, 80, 120));
    sampler.add(std::move(frame));
  }
  SampledFaces out = sampler.finish();
  EXPECT_EQ(static_cast<int>(out.frames.size()), frames);
  return detector.batches;
}

TEST(FaceSampler, BatchesOfEightAt1080p) {
  EXPECT_EQ(batches_for(1920, 1080, 20), (std::vector<size_t>{8, 8, 4}));
}

TEST(FaceSampler, SmallerBatchesForLargePictures) {
  // 2160p BGR frames hold 24.9 MB: a batch ends at the third (74.6 MB).
  EXPECT_EQ(batches_for(3840, 2160, 7), (std::vector<size_t>{3, 3, 1}));
}

}  // namespace
}  // namespace deeptrace::detect
