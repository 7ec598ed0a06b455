#pragma once
// Internal: the report's "media" section, from the upload's stored facts
// and what the decoder saw.
#include "core/job.hpp"
#include "media/frames.hpp"

namespace deeptrace::detect {

Json media_facts(const MediaInfo& info, const media::SampleStats& stats);

}  // namespace deeptrace::detect
