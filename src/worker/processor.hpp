#pragma once
// What the worker runs for a claimed job. The production processor wraps
// detect::Analyzer (see analyzer_processor.hpp); keeping the worker loop
// behind this interface keeps LibTorch out of it. The hook types come from
// the header-only deeptrace_detect_hooks target, not from the detectors.
#include <filesystem>

#include "core/job.hpp"
#include "detect/analysis_hooks.hpp"

namespace deeptrace::worker {

class JobProcessor {
 public:
  virtual ~JobProcessor() = default;
  // Returns the report. Throws deeptrace::Error for a job failure and
  // detect::AnalysisInterrupted when hooks.should_stop turned true.
  virtual Json process(const Job& job, const std::filesystem::path& media,
                       const detect::AnalysisHooks& hooks) = 0;
};

}  // namespace deeptrace::worker
