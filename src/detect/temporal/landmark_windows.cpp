#include "detect/temporal/landmark_windows.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "detect/analysis_hooks.hpp"
#include "detect/temporal/normalise.hpp"

namespace deeptrace::detect::temporal {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double iou(const cv::Rect& a, const cv::Rect& b) {
  double overlap = (a & b).area();
  double joined = a.area() + b.area() - overlap;
  return joined > 0 ? overlap / joined : 0;
}

cv::Rect blend(const cv::Rect& a, const cv::Rect& b, double w) {  // w = 0: a, 1: b
  auto mix = [w](int x, int y) { return static_cast<int>(std::lround(x + w * (y - x))); };
  return {mix(a.x, b.x), mix(a.y, b.y), mix(a.width, b.width), mix(a.height, b.height)};
}

cv::Rect scaled(const cv::Rect& r, double factor) {
  return {static_cast<int>(std::lround(r.x * factor)), static_cast<int>(std::lround(r.y * factor)),
          static_cast<int>(std::lround(r.width * factor)), static_cast<int>(std::lround(r.height * factor))};
}

// The frames of a window the face detector runs on: every n-th and the last.
std::vector<int> detected_frames(int frame_count, int every) {
  std::vector<int> out;
  for (int i = 0; i < frame_count; i += std::max(1, every)) out.push_back(i);
  if (out.back() != frame_count - 1) out.push_back(frame_count - 1);
  return out;
}

// One face's boxes on the detected frames of a window; nullopt where missed.
using FaceBoxes = std::vector<std::optional<cv::Rect>>;

// Greedy linking in frame order: each face joins the face of the previous
// detected frames whose last box overlaps it most (IoU >= min_iou), else
// starts a new one.
std::vector<FaceBoxes> link_faces(const std::vector<std::vector<cv::Rect>>& detections, double min_iou) {
  std::vector<FaceBoxes> faces;
  std::vector<cv::Rect> last;
  for (size_t k = 0; k < detections.size(); ++k) {
    std::vector<bool> taken(detections[k].size(), false);
    for (size_t f = 0; f < faces.size(); ++f) {
      faces[f].push_back(std::nullopt);
      int best = -1;
      double best_iou = min_iou;
      for (size_t b = 0; b < detections[k].size(); ++b) {
        double overlap = iou(last[f], detections[k][b]);
        if (taken[b] || overlap < best_iou) continue;
        best = static_cast<int>(b);
        best_iou = overlap;
      }
      if (best < 0) continue;
      taken[best] = true;
      faces[f].back() = last[f] = detections[k][best];
    }
    for (size_t b = 0; b < detections[k].size(); ++b) {
      if (taken[b]) continue;
      faces.emplace_back(k, std::nullopt).push_back(detections[k][b]);
      last.push_back(detections[k][b]);
    }
  }
  return faces;
}

// Missed boxes: interpolated between the nearest found ones, or the nearest
// found one at either end.
std::vector<cv::Rect> filled(const FaceBoxes& boxes) {
  std::vector<cv::Rect> out(boxes.size());
  for (size_t k = 0; k < boxes.size(); ++k) {
    if (boxes[k]) { out[k] = *boxes[k]; continue; }
    int before = static_cast<int>(k) - 1, after = static_cast<int>(k) + 1;
    while (before >= 0 && !boxes[before]) --before;
    while (after < static_cast<int>(boxes.size()) && !boxes[after]) ++after;
    if (before < 0) out[k] = *boxes[after];
    else if (after >= static_cast<int>(boxes.size())) out[k] = *boxes[before];
    else out[k] = blend(*boxes[before], *boxes[after], double(int(k) - before) / (after - before));
  }
  return out;
}

// A box per frame from the boxes on the detected frames, linearly between them.
std::vector<cv::Rect> per_frame(const std::vector<cv::Rect>& at_detected, const std::vector<int>& detected) {
  std::vector<cv::Rect> out;
  for (size_t k = 0; k + 1 < detected.size(); ++k)
    for (int i = detected[k]; i < detected[k + 1]; ++i)
      out.push_back(blend(at_detected[k], at_detected[k + 1], double(i - detected[k]) / (detected[k + 1] - detected[k])));
  out.push_back(at_detected.back());
  return out;
}

double mean_area(const std::vector<cv::Rect>& boxes) {
  double sum = 0;
  for (const auto& b : boxes) sum += b.area();
  return boxes.empty() ? 0 : sum / boxes.size();
}

}  // namespace

LandmarkExtractor::LandmarkExtractor(const LandmarkOptions& options)
    : options_(options), predictor_(options.shape_predictor) {}
LandmarkExtractor::~LandmarkExtractor() = default;

std::optional<LandmarkWindow> LandmarkExtractor::landmarks_for(const std::vector<media::Frame>& frames,
                                                const std::vector<cv::Rect>& boxes, LandmarkStats* stats) const {
  LandmarkStats local;
  LandmarkStats& counted = stats ? *stats : local;
  auto start = Clock::now();
  std::vector<LandmarkPoints> shapes;
  for (size_t i = 0; i < frames.size(); ++i) shapes.push_back(predictor_.predict(frames[i].bgr, dlib_box_for(boxes[i])));
  counted.landmark_ms += ms_since(start);

  start = Clock::now();
  shapes = without_jumps(shapes);
  std::vector<cv::Rect> crop_boxes = face_boxes(shapes, frames.front().bgr.size());
  if (std::any_of(crop_boxes.begin(), crop_boxes.end(), [](const cv::Rect& box) { return box.empty(); })) {
    counted.calibrate_ms += ms_since(start);
    return std::nullopt;
  }
  std::vector<cv::Mat> crops;
  std::vector<LandmarkPoints> in_crops;
  for (size_t i = 0; i < frames.size(); ++i) {
    crops.push_back(face_crop(frames[i].bgr, crop_boxes[i]));
    in_crops.push_back(in_face_box(shapes[i], crop_boxes[i]));
  }
  LandmarkWindow window;
  window.t_start = frames.front().t;
  window.t_end = frames.back().t;
  if (options_.calibrate) in_crops = calibrate_landmarks(crops, in_crops, options_.calibration);
  for (const auto& points : in_crops)
    window.rows.push_back(normalised_row(points));
  counted.calibrate_ms += ms_since(start);
  return window;
}

std::vector<FaceWindow> LandmarkExtractor::extract(const std::filesystem::path& media, FaceDetector& faces,
                                                   const std::atomic<bool>* should_stop, LandmarkStats* stats) const {
  LandmarkStats local;
  LandmarkStats& counted = stats ? *stats : local;
  std::vector<FaceWindow> out;
  media::WindowSampleStats sampling;
  auto on_window = [&](media::FrameWindow&& window) {
    if (should_stop && should_stop->load()) throw AnalysisInterrupted();
    ++counted.windows;
    auto start = Clock::now();
    std::vector<int> detected = detected_frames(static_cast<int>(window.frames.size()), options_.detect_every);
    std::vector<cv::Mat> pictures;
    for (int i : detected) pictures.push_back(window.frames[i].bgr);
    std::vector<std::vector<cv::Rect>> boxes = faces.detect_batch(pictures);
    counted.detect_ms += ms_since(start);

    std::vector<std::vector<cv::Rect>> kept;
    for (const FaceBoxes& face : link_faces(boxes, options_.min_iou))
      if (std::count(face.begin(), face.end(), std::nullopt) <= options_.max_missed)
        kept.push_back(per_frame(filled(face), detected));
    std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return mean_area(a) > mean_area(b); });
    if (static_cast<int>(kept.size()) > options_.max_faces) kept.resize(options_.max_faces);

    size_t middle = window.frames.size() / 2;
    for (const auto& face_boxes_per_frame : kept) {
      std::optional<LandmarkWindow> landmarks = landmarks_for(window.frames, face_boxes_per_frame, &counted);
      if (!landmarks) continue;
      FaceWindow face;
      face.landmarks = std::move(*landmarks);
      face.window = window.index;
      face.middle_t = window.frames[middle].t;
      face.middle_box = scaled(face_boxes_per_frame[middle], 1.0 / window.scale);
      out.push_back(std::move(face));
    }
  };
  media::sample_frame_windows(media, options_.sampling, on_window, &sampling);
  counted.decode_ms += sampling.decode_ms;
  counted.faces = static_cast<int>(out.size());
  return out;
}

void assign_visual_tracks(std::vector<FaceWindow>& windows, const std::vector<FrameFaces>& frames,
                          const std::vector<Track>& tracks, double min_iou, double max_time_gap_s) {
  for (FaceWindow& window : windows) {
    window.landmarks.track = -1;
    double best = min_iou;
    for (const Track& track : tracks) {
      const TrackMember* nearest = nullptr;
      double gap = max_time_gap_s;
      for (const TrackMember& member : track.members) {
        double member_gap = std::abs(frames[member.frame].t - window.middle_t);
        if (member_gap > gap) continue;
        nearest = &member;
        gap = member_gap;
      }
      if (!nearest) continue;
      double overlap = iou(frames[nearest->frame].faces[nearest->face].box, window.middle_box);
      if (overlap < best) continue;
      best = overlap;
      window.landmarks.track = track.id;
    }
  }
}

}  // namespace deeptrace::detect::temporal
