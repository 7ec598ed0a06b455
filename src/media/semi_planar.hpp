#pragma once
// Internal to deeptrace_media: NVDEC's pictures, copied back from the GPU as
// semi-planar NV12 (8 bits) or P010 (10 bits in the high bits of 16), made
// the planar yuv420p / yuv420p10le the CPU decoder gives for the same
// stream, sample for sample. Both then take the same path to BGR, so a
// report does not depend on where its video was decoded (issue 16: through
// swscale's NV12 path, MesoNet scores moved by up to 0.03 on an H200).
#include "media/av_decoder.hpp"

namespace deeptrace::media::detail {

// The planar twin of an NV12 or P010 `frame` (same timestamps and colour
// signalling); null for any other format. Throws Error(INTERNAL) when memory
// for the copy cannot be had.
FramePtr planar_twin(const AVFrame& frame);

}  // namespace deeptrace::media::detail
