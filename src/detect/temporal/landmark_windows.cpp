#include "detect/temporal/landmark_windows.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include <opencv2/imgproc.hpp>

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

// The square of `scale` times the landmarks' extent (the larger of width
// and height) around their centre.
cv::Rect around(const LandmarkPoints& shape, double scale) {
  cv::Rect extent = cv::boundingRect(std::vector<cv::Point2f>(shape.begin(), shape.end()));
  int side = static_cast<int>(std::ceil(scale * std::max(extent.width, extent.height)));
  cv::Point centre = (extent.tl() + extent.br()) / 2;
  return {centre.x - side / 2, centre.y - side / 2, side, side};
}

// What is kept of one frame for the crops: its pixels in `rect`.
struct FramePart {
  cv::Rect rect;
  cv::Mat picture;
};

// The part of `bgr` that covers every one of `areas`; the frame itself
// (not a copy) when that is most of it.
FramePart part_covering(cv::Mat&& bgr, const std::vector<cv::Rect>& areas) {
  cv::Rect frame(0, 0, bgr.cols, bgr.rows), rect;
  for (const cv::Rect& area : areas) rect |= area;
  rect &= frame;
  if (2 * rect.area() > frame.area()) return {frame, std::move(bgr)};
  return {rect, bgr(rect).clone()};
}

// Each frame's crop for `boxes` (face_crop) from the parts kept, or nothing
// when a box is not inside its part.
std::optional<std::vector<cv::Mat>> crops_from(const std::vector<FramePart>& parts, const std::vector<cv::Rect>& boxes) {
  if (parts.size() != boxes.size()) return std::nullopt;
  std::vector<cv::Mat> crops;
  for (size_t i = 0; i < boxes.size(); ++i) {
    if ((boxes[i] & parts[i].rect) != boxes[i]) return std::nullopt;
    crops.push_back(face_crop(parts[i].picture, boxes[i] - parts[i].rect.tl()));
  }
  return crops;
}

}  // namespace

LandmarkExtractor::LandmarkExtractor(const LandmarkOptions& options)
    : options_(options), predictor_(options.shape_predictor) {}
LandmarkExtractor::~LandmarkExtractor() = default;

std::optional<LandmarkWindow> LandmarkExtractor::window_from(
    const std::vector<LandmarkPoints>& shapes, cv::Size frame, double t_start, double t_end,
    const std::function<std::vector<cv::Mat>(const std::vector<cv::Rect>&)>& crops_for, LandmarkStats& counted) const {
  auto start = Clock::now();
  std::vector<LandmarkPoints> steady = without_jumps(shapes);
  std::vector<cv::Rect> crop_boxes = face_boxes(steady, frame);
  if (std::any_of(crop_boxes.begin(), crop_boxes.end(), [](const cv::Rect& box) { return box.empty(); })) {
    counted.calibrate_ms += ms_since(start);
    return std::nullopt;
  }
  std::vector<cv::Mat> crops = crops_for(crop_boxes);
  std::vector<LandmarkPoints> in_crops;
  for (size_t i = 0; i < steady.size(); ++i) in_crops.push_back(in_face_box(steady[i], crop_boxes[i]));
  LandmarkWindow window;
  window.t_start = t_start;
  window.t_end = t_end;
  if (options_.calibrate) in_crops = calibrate_landmarks(crops, in_crops, options_.calibration);
  for (const auto& points : in_crops) window.rows.push_back(normalised_row(points));
  counted.calibrate_ms += ms_since(start);
  return window;
}

std::optional<LandmarkWindow> LandmarkExtractor::landmarks_for(const std::vector<media::Frame>& frames,
                                                const std::vector<cv::Rect>& boxes, LandmarkStats* stats) const {
  LandmarkStats local;
  LandmarkStats& counted = stats ? *stats : local;
  auto start = Clock::now();
  std::vector<LandmarkPoints> shapes;
  for (size_t i = 0; i < frames.size(); ++i) shapes.push_back(predictor_.predict(frames[i].bgr, dlib_box_for(boxes[i])));
  counted.landmark_ms += ms_since(start);
  auto crops_for = [&](const std::vector<cv::Rect>& crop_boxes) {
    std::vector<cv::Mat> crops;
    for (size_t i = 0; i < frames.size(); ++i) crops.push_back(face_crop(frames[i].bgr, crop_boxes[i]));
    return crops;
  };
  return window_from(shapes, frames.front().bgr.size(), frames.front().t, frames.back().t, crops_for, counted);
}

void LandmarkExtractor::extract_window(media::FrameWindow& window, FaceDetector& faces, LandmarkStats& counted,
                                       std::vector<FaceWindow>& out) const {
  ++counted.windows;
  auto start = Clock::now();
  std::vector<int> detected = detected_frames(static_cast<int>(window.frames.size()), options_.detect_every);
  cv::Size frame_size = window.frames.front().bgr.size();
  std::vector<cv::Mat> pictures;
  for (int i : detected) pictures.push_back(std::move(window.frames[i].bgr));
  std::vector<std::vector<cv::Rect>> boxes = faces.detect_batch(pictures);
  pictures.clear();
  counted.detect_ms += ms_since(start);

  std::vector<std::vector<cv::Rect>> kept;
  for (const FaceBoxes& face : link_faces(boxes, options_.min_iou))
    if (std::count(face.begin(), face.end(), std::nullopt) <= options_.max_missed)
      kept.push_back(per_frame(filled(face), detected));
  std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return mean_area(a) > mean_area(b); });
  if (static_cast<int>(kept.size()) > options_.max_faces) kept.resize(options_.max_faces);
  if (kept.empty()) return;

  // The second decode: each face's landmarks on every frame, and the part of
  // the frame around the faces (not the whole picture) for the crops.
  std::vector<std::vector<LandmarkPoints>> shapes(kept.size());
  std::vector<FramePart> parts;
  window.decode_again([&](media::Frame&& frame) {
    if (frame.index == 0) {  // decoding started over
      for (auto& face : shapes) face.clear();
      parts.clear();
    }
    auto began = Clock::now();
    std::vector<cv::Rect> areas;
    for (size_t f = 0; f < kept.size(); ++f) {
      shapes[f].push_back(predictor_.predict(frame.bgr, dlib_box_for(kept[f][frame.index])));
      if (options_.crop_region_scale > 0) areas.push_back(around(shapes[f].back(), options_.crop_region_scale));
    }
    counted.landmark_ms += ms_since(began);
    if (!areas.empty()) parts.push_back(part_covering(std::move(frame.bgr), areas));
  });
  // A crop outside the parts kept: the frames once more, for this face's crops.
  auto crops_for = [&](const std::vector<cv::Rect>& crop_boxes) {
    if (auto crops = crops_from(parts, crop_boxes)) return std::move(*crops);
    ++counted.crops_decoded_again;
    std::vector<cv::Mat> crops;
    window.decode_again([&](media::Frame&& frame) {
      if (frame.index == 0) crops.clear();
      crops.push_back(face_crop(frame.bgr, crop_boxes[frame.index]));
    });
    return crops;
  };

  size_t middle = window.frames.size() / 2;
  for (size_t f = 0; f < kept.size(); ++f) {
    std::optional<LandmarkWindow> landmarks =
        window_from(shapes[f], frame_size, window.frames.front().t, window.frames.back().t, crops_for, counted);
    if (!landmarks) continue;
    FaceWindow face;
    face.landmarks = std::move(*landmarks);
    face.window = window.index;
    face.middle_t = window.frames[middle].t;
    face.middle_box = scaled(kept[f][middle], 1.0 / window.scale);
    out.push_back(std::move(face));
  }
}

std::vector<FrameSeen> frames_seen(const std::vector<FrameFaces>& frames, const std::vector<Track>& tracks) {
  std::vector<FrameSeen> seen;
  for (const FrameFaces& frame : frames) seen.push_back({frame.t, false});
  for (const Track& track : tracks)
    for (const TrackMember& member : track.members) seen[member.frame].face = true;
  return seen;
}

std::vector<double> spare_times(const std::vector<FrameSeen>& seen) {
  struct Run {
    size_t first, count;
  };
  std::vector<Run> runs;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i].face) continue;
    if (i > 0 && seen[i - 1].face) ++runs.back().count;
    else runs.push_back({i, 1});
  }
  std::stable_sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.count > b.count; });
  std::vector<double> out;
  for (const Run& run : runs) out.push_back(seen[run.first + run.count / 2].t);
  return out;
}

std::vector<FaceWindow> LandmarkExtractor::extract(const std::filesystem::path& media, FaceDetector& faces,
                                                   const std::atomic<bool>* should_stop, LandmarkStats* stats,
                                                   const FramesSeen& seen) const {
  LandmarkStats local;
  LandmarkStats& counted = stats ? *stats : local;
  std::vector<FaceWindow> out;
  media::WindowSampleOptions sampling = options_.sampling;
  // The face detector's frames come with their pictures; the rest later, one at a time.
  sampling.pictured = [detected = detected_frames(sampling.frames_per_window, options_.detect_every)](int index) {
    return std::find(detected.begin(), detected.end(), index) != detected.end();
  };
  if (options_.spare_windows > 0)
    sampling.spare_starts = [&](const media::WindowPlan& plan) {
      std::optional<std::vector<FrameSeen>> frames = seen ? seen() : std::nullopt;
      if (!frames) return media::spare_window_starts(plan, options_.spare_windows);
      return media::window_starts_around(plan, spare_times(*frames), options_.spare_windows);
    };
  media::WindowSampleStats decoding;
  media::sample_frame_windows(media, sampling, [&](media::FrameWindow&& window) {
    if (should_stop && should_stop->load()) throw AnalysisInterrupted();
    size_t found = out.size();
    extract_window(window, faces, counted, out);
    if (out.size() == found) return media::WindowUse::Empty;
    counted.frames += static_cast<int>(window.frames.size());
    counted.damaged_frames += static_cast<int>(
        std::count_if(window.frames.begin(), window.frames.end(), [](const media::Frame& f) { return f.damaged; }));
    return media::WindowUse::Used;
  }, &decoding);
  // Spare windows come after the planned ones.
  std::stable_sort(out.begin(), out.end(), [](const FaceWindow& a, const FaceWindow& b) { return a.middle_t < b.middle_t; });
  counted.decode_ms += decoding.decode_ms;
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

int leave_out_set_aside_faces(std::vector<FaceWindow>& windows, const std::vector<FrameFaces>& set_aside,
                              double min_iou, double max_time_gap_s) {
  auto set_aside_there = [&](const FaceWindow& window) {
    if (window.landmarks.track >= 0) return false;
    for (const FrameFaces& frame : set_aside) {
      if (std::abs(frame.t - window.middle_t) > max_time_gap_s) continue;
      for (const FaceObservation& face : frame.faces)
        if (iou(face.box, window.middle_box) >= min_iou) return true;
    }
    return false;
  };
  return static_cast<int>(std::erase_if(windows, set_aside_there));
}

std::vector<LandmarkWindow> landmark_rows(const std::vector<FaceWindow>& faces) {
  std::vector<LandmarkWindow> rows;
  for (const auto& face : faces) rows.push_back(face.landmarks);
  return rows;
}

}  // namespace deeptrace::detect::temporal
