#pragma once
// LRNet (Sun et al., CVPR 2021): scores how a face's landmarks move. Two
// streams per weight set: g1 reads a block of 30 consecutive frames of
// landmarks, g2 the block's 29 frame-to-frame differences (row t+1 minus row
// t); a block's score is the mean of their P(fake). Models come from the
// catalogue's temporal_detectors.json (tools/convert_lrnet.py). LibTorch stays
// behind the pimpl: this header is torch-free. docs/temporal.md has the whole
// method and the measurements.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "detect/temporal/landmark_window.hpp"
#include "report/report.hpp"

namespace deeptrace::detect::temporal {

// The weight sets the catalogue may hold, by training data:
// ffpp = FaceForensics++, dfo = DeeperForensics-1.0.
inline constexpr const char* kWeightsFaceForensics = "ffpp";
inline constexpr const char* kWeightsDeeperForensics = "dfo";

// The first row of each block LRNet scores in `rows` consecutive frames:
// 0, 30, 60, ... while a whole block plus one frame fits (start + 31 <= rows),
// as upstream samples a video. Empty for fewer than 31 rows.
std::vector<int> block_starts(std::size_t rows);

// One scored block of one window.
struct BlockScore {
  std::size_t window = 0;         // index of its window in the scored list
  int track = -1;                 // that window's track id
  int first_row = 0;              // the block's first row in its window
  double t_start = 0, t_end = 0;  // media time of the block's first and last frame
  double g1 = 0, g2 = 0;          // P(fake) from each stream

  double fake_score() const { return (g1 + g2) / 2; }
};

// What one scoring call ran and found.
struct LrnetRun {
  std::string weights;           // ffpp | dfo
  report::ModelRef g1, g2;       // name, version and upstream weights' sha256
  std::vector<BlockScore> blocks;  // window by window, block by block
  double g1_ms = 0, g2_ms = 0;   // forward time of each stream (0 when nothing was scored)
};

class LrnetScorer {
 public:
  // Loads lrnet_<weights>_g1 and _g2 as temporal_detectors.json in models_dir
  // lists them (sha256-checked by the catalogue). `threads`: LibTorch's
  // intra-op threads (a process-wide setting, as for the visual detectors).
  // Throws Error(MODEL_UNAVAILABLE) for an unknown set or a missing file.
  LrnetScorer(const std::filesystem::path& models_dir, const std::string& weights, int threads);
  ~LrnetScorer();
  LrnetScorer(LrnetScorer&&) noexcept;
  LrnetScorer& operator=(LrnetScorer&&) noexcept;

  const std::string& weights() const;

  // Scores every block of every window: one batched forward per stream for
  // all blocks together. Windows shorter than 31 rows add no block. Not for
  // concurrent calls on one scorer. Throws Error(INFERENCE_FAILED).
  LrnetRun score(const std::vector<LandmarkWindow>& windows) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace deeptrace::detect::temporal
