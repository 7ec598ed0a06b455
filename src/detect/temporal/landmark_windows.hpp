#pragma once
// Landmark windows for LRNet from a video: K windows of 31 consecutive
// frames (media/frame_windows.hpp), faces found and linked across each
// window, dlib's 68 landmarks on every frame, calibrated and normalised as
// upstream LRNet does (calibration.hpp, normalise.hpp). The analyzer calls
// LandmarkExtractor::extract, then assign_visual_tracks to tie each window to
// a face track of evidence.visual.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "core/job.hpp"
#include "detect/face_detector.hpp"
#include "detect/temporal/calibration.hpp"
#include "detect/temporal/landmark_window.hpp"
#include "detect/temporal/landmarks.hpp"
#include "detect/tracks.hpp"
#include "media/frame_windows.hpp"

namespace deeptrace::detect::temporal {

struct LandmarkOptions {
  // K windows of kBlockFrames + 1 = 31 frames, pictures at most 1280 px.
  media::WindowSampleOptions sampling{.windows = 4, .frames_per_window = kBlockFrames + 1};
  // A window in which no face is followed through is replaced by up to this
  // many spares, so that a face seen only in part of a video (a speaker who
  // walks in, a cutaway in the middle) still gets its landmarks read: where
  // the visual section saw faces (extract's `seen`), else spread evenly.
  int spare_windows = 2;
  std::filesystem::path shape_predictor = kDefaultShapePredictorFile;
  // The face detector runs on frames 0, n, 2n... and the last of each
  // window (4 of 31); boxes in between are interpolated (faces move little
  // in 0.4 s, and the landmarks, not the box, carry the motion).
  int detect_every = 10;
  double min_iou = 0.3;       // boxes on successive detected frames this similar are one face
  int max_missed = 1;         // detected frames a face may be missing from (its box is interpolated)
  int max_faces = 4;          // per window, largest first: bounds the cost of crowds
  // A window's 31 pictures are not held at once (about 117 MB at 1280 x
  // 939): the face detector's 4 come with the first decode, and a second
  // decode hands the frames to dlib one at a time, each keeping only the
  // part around its faces for the crops calibration tracks on: a square of
  // this many times the face's landmark extent (the crop is 1.2 times the
  // window's mean extent). Where a crop falls outside that part (the face
  // grew or jumped), the window is decoded a third time for the crops.
  // 0: always that third decode.
  double crop_region_scale = 2.0;
  CalibrationOptions calibration;
  // Off: raw (normalised) dlib landmarks, for measuring what calibration
  // does; LRNet scores real faces as fake on those.
  bool calibrate = true;
};

// A frame the visual section sampled: its time and whether it found a face there.
struct FrameSeen {
  double t = 0;
  bool face = false;
};
// The visual section's sampled frames, once it has sampled them (the call
// may wait for that); nothing when it could not sample.
using FramesSeen = std::function<std::optional<std::vector<FrameSeen>>()>;

// The visual section's sampled frames, each with a face where one of the
// tracks it kept (link_tracks' result, after the faces it set aside, such as
// colour bars BlazeFace took for faces) has one.
std::vector<FrameSeen> frames_seen(const std::vector<FrameFaces>& frames, const std::vector<Track>& tracks);

// Where spare windows should look first, from the visual section's frames:
// the middle of each run of successive frames with a face, longest run first
// (a face held longest is likeliest to be held through a window).
std::vector<double> spare_times(const std::vector<FrameSeen>& seen);

// One face through one window, with what it takes to match it to a visual track.
struct FaceWindow {
  LandmarkWindow landmarks;  // landmarks.track is -1 until assign_visual_tracks
  int window = 0;            // which of the K windows
  double middle_t = 0;       // time of the window's middle frame, seconds
  cv::Rect middle_box;       // the face's detector box there, in pixels of the full-size upright frame
};

struct LandmarkStats {
  int windows = 0;          // windows decoded
  int faces = 0;            // FaceWindows produced
  int crops_decoded_again = 0;  // faces whose crops took a third decode of their window
  int frames = 0;           // frames of the windows that gave faces
  int damaged_frames = 0;   // of those, decoded only in part (media::Frame::damaged)
  double decode_ms = 0;     // decoding and converting the windows' frames, every pass
  double detect_ms = 0;     // face detector
  double landmark_ms = 0;   // dlib
  double calibrate_ms = 0;  // crops, optical flow, merging, normalising
};

class LandmarkExtractor {
 public:
  // Loads the dlib model once (Error(MODEL_UNAVAILABLE) when it is missing
  // or its sha256 differs).
  explicit LandmarkExtractor(const LandmarkOptions& options = {});
  ~LandmarkExtractor();

  // FaceWindows in time order, each window's faces largest first. A face
  // must be found in every detected frame of its window but max_missed;
  // fewer faces or a video shorter than a window give fewer or none. A
  // window without one is replaced by a spare (options().spare_windows)
  // around where `seen` says the visual section found faces (none if it
  // found none), or spread evenly without `seen` or when it returns nothing.
  // Throws AnalysisInterrupted when *should_stop turns true (checked per
  // window), and media errors as media::sample_frame_windows does.
  std::vector<FaceWindow> extract(const std::filesystem::path& media, FaceDetector& faces,
                                  const std::atomic<bool>* should_stop = nullptr, LandmarkStats* stats = nullptr,
                                  const FramesSeen& seen = nullptr) const;

  // Landmarks for faces already located in one window's frames: one box per
  // frame (detector boxes, pixels of those frames). For tests and callers
  // with their own tracking. Nothing when the face leaves the picture.
  std::optional<LandmarkWindow> landmarks_for(const std::vector<media::Frame>& frames, const std::vector<cv::Rect>& boxes,
                               LandmarkStats* stats = nullptr) const;

  const LandmarkOptions& options() const { return options_; }
  // The dlib model's card: {name, file, sha256, licence}.
  Json info() const { return predictor_.info(); }

 private:
  LandmarkOptions options_;
  LandmarkPredictor predictor_;

  // One window: faces found on 4 frames, then landmarks on every frame of a
  // second decode.
  void extract_window(media::FrameWindow& window, FaceDetector& faces, LandmarkStats& counted,
                      std::vector<FaceWindow>& out) const;
  // The window's rows from a face's landmarks on every frame (`shapes`) and
  // a way to cut each frame's crop for calibration; nothing when the face
  // leaves the picture.
  std::optional<LandmarkWindow> window_from(const std::vector<LandmarkPoints>& shapes, cv::Size frame,
                                            double t_start, double t_end,
                                            const std::function<std::vector<cv::Mat>(const std::vector<cv::Rect>&)>& crops_for,
                                            LandmarkStats& counted) const;
};

// Sets each window's landmarks.track to the id of the visual track whose box
// overlaps its middle box best (IoU at least `min_iou`) in the sampled frame
// nearest its middle time, among the frames within `max_time_gap_s`; -1 when
// none does. `frames` and `tracks` are the analyzer's sparse-sampling faces
// and link_tracks' result (boxes in full-size frame pixels).
void assign_visual_tracks(std::vector<FaceWindow>& windows, const std::vector<FrameFaces>& frames,
                          const std::vector<Track>& tracks, double min_iou = 0.2, double max_time_gap_s = 1.0);

// After assign_visual_tracks: removes the windows without a visual track
// whose middle box overlaps (IoU at least `min_iou`) a face the visual
// section set aside (`set_aside`: its second opinion found no face there) in
// a sampled frame within `max_time_gap_s`, and returns how many. They are
// not evidence for the temporal section either: a sideways clip's faces,
// set aside by the upright HOG detector, had their landmarks scored, and
// that score alone made the clip's fake_score (0.64).
int leave_out_set_aside_faces(std::vector<FaceWindow>& windows, const std::vector<FrameFaces>& set_aside,
                              double min_iou = 0.2, double max_time_gap_s = 1.0);

// The landmarks of the face windows, in order: what LRNet scores.
std::vector<LandmarkWindow> landmark_rows(const std::vector<FaceWindow>& faces);

}  // namespace deeptrace::detect::temporal
