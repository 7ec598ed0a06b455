#include "detect/face_sampler.hpp"

#include <algorithm>
#include <chrono>

#include "detect/face_crop.hpp"

namespace deeptrace::detect {

void FaceSampler::add(media::Frame&& frame) {
  pending_bytes_ += frame.bgr.total() * frame.bgr.elemSize();
  pending_.push_back(std::move(frame));
  if (static_cast<int>(pending_.size()) >= kBatch || pending_bytes_ >= kMaxBatchBytes) flush();
}

SampledFaces FaceSampler::finish() {
  flush();
  return std::move(out_);
}

void FaceSampler::flush() {
  if (pending_.empty()) return;
  auto start = std::chrono::steady_clock::now();
  std::vector<cv::Mat> images;
  for (const auto& frame : pending_) images.push_back(frame.bgr);
  auto boxes = detector_.detect_batch(images);
  for (size_t i = 0; i < pending_.size(); ++i) add_faces(pending_[i], std::move(boxes[i]));
  pending_.clear();
  pending_bytes_ = 0;
  out_.faces_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Largest faces first, at most max_faces_ of them: the people in focus.
void FaceSampler::add_faces(const media::Frame& frame, std::vector<cv::Rect> boxes) {
  std::sort(boxes.begin(), boxes.end(), [](const cv::Rect& a, const cv::Rect& b) { return a.area() > b.area(); });
  if (static_cast<int>(boxes.size()) > max_faces_) boxes.resize(static_cast<size_t>(max_faces_));
  FrameFaces entry{frame.t, {}};
  for (const auto& box : boxes) {
    entry.faces.push_back({box, static_cast<int>(out_.crops.size())});
    out_.crops.push_back(face_crop_rgb(frame.bgr, box, crop_size_));
  }
  out_.frames.push_back(std::move(entry));
  if (on_frame_done_) on_frame_done_(frames_done());
}

}  // namespace deeptrace::detect
