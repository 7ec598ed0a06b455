#pragma once
// Internal: decoded frames in, faces and classifier crops out. Frames are
// buffered into small batches so that face detection runs one forward pass
// per batch, and released once their crops are cut, so full frames are never
// all held at once.
#include <cstddef>
#include <functional>
#include <vector>

#include <opencv2/core.hpp>

#include "detect/face_detector.hpp"
#include "detect/tracks.hpp"
#include "media/frames.hpp"

namespace deeptrace::detect {

struct SampledFaces {
  std::vector<FrameFaces> frames;
  std::vector<cv::Mat> crops;  // float RGB [0,1], one per FaceObservation
  double faces_ms = 0;
};

class FaceSampler {
 public:
  static constexpr int kBatch = 8;
  // A batch also ends once its frames hold this much: 8 frames are 50 MB at
  // 1080p but 200 MB at 2160p, where batches of 2 give the same boxes.
  static constexpr std::size_t kMaxBatchBytes = std::size_t{64} << 20;

  // on_frame_done(n) after each frame's faces are cut (progress, cancellation).
  FaceSampler(FaceDetector& detector, cv::Size crop_size, int max_faces_per_frame, std::function<void(int)> on_frame_done)
      : detector_(detector), crop_size_(crop_size), max_faces_(max_faces_per_frame), on_frame_done_(std::move(on_frame_done)) {}

  void add(media::Frame&& frame);
  // Runs the last partial batch; call once decoding is over.
  SampledFaces finish();
  int frames_done() const { return static_cast<int>(out_.frames.size()); }
  // The crops cut so far, in cutting order (finish() hands over the same).
  const std::vector<cv::Mat>& crops() const { return out_.crops; }
  double faces_ms() const { return out_.faces_ms; }

 private:
  FaceDetector& detector_;
  cv::Size crop_size_;
  int max_faces_;
  std::function<void(int)> on_frame_done_;
  std::vector<media::Frame> pending_;
  std::size_t pending_bytes_ = 0;
  SampledFaces out_;

  void flush();
  void add_faces(const media::Frame& frame, std::vector<cv::Rect> boxes);
};

}  // namespace deeptrace::detect
