#pragma once
// The contract between an analysis and whoever runs it (the worker loop):
// progress and stop callbacks, evidence files, the interruption signal. Apart
// from analyzer.hpp, and in the header-only target deeptrace_detect_hooks, so
// the worker loop can depend on these types without linking the detectors.
#include <atomic>
#include <exception>
#include <functional>
#include <string>

#include "core/job.hpp"

namespace deeptrace::detect {

// Thrown from analyze() when `should_stop` turns true between steps.
struct AnalysisInterrupted : std::exception {
  const char* what() const noexcept override { return "analysis interrupted"; }
};

struct ArtifactData {
  std::string name;          // e.g. "track-0.jpg", "timeline.json"
  std::string content_type;  // e.g. "image/jpeg"
  std::string bytes;
};

struct AnalysisHooks {
  std::function<void(const Progress&)> on_progress;  // called per stage / step
  const std::atomic<bool>* should_stop = nullptr;    // cancellation or lease loss
  // Stores an evidence file with the job (the worker: content-addressed in
  // the media store) and returns its reference {name, sha256, size,
  // content_type}, which the report lists under "artifacts". Unset: none kept.
  std::function<Json(const ArtifactData&)> store_artifact;
};

}  // namespace deeptrace::detect
