#pragma once
#include "detect/analyzer.hpp"
#include "worker/processor.hpp"

namespace deeptrace::worker {

// The production processor: the job's media through detect::Analyzer.
class AnalyzerProcessor : public JobProcessor {
 public:
  explicit AnalyzerProcessor(detect::Analyzer& analyzer) : analyzer_(analyzer) {}
  Json process(const Job& job, const std::filesystem::path& media,
               const detect::AnalysisHooks& hooks) override {
    return analyzer_.analyze(media, job.media, job.options, hooks);
  }

 private:
  detect::Analyzer& analyzer_;
};

}  // namespace deeptrace::worker
