// The worker's frame sampler on arbitrary (in practice: mutated MP4, WebM,
// MKV and image) files: media::sample_frames with a small frame count.
// Failure must be a deeptrace::Error; every delivered frame must be a
// well-formed 8-bit BGR picture, whose pixels are read here so that ASan
// checks the whole buffer the sampler says it filled.
#include <cstdint>

#include "core/errors.hpp"
#include "fuzz_util.hpp"
#include "media/frames.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto file = deeptrace::fuzz::scratch_file("frames");
  deeptrace::fuzz::write_file(file, data, size);
  deeptrace::media::SampleOptions options;
  options.count = 3;
  options.decoder_threads = 1;  // one thread: reproducible, and -jobs parallelises instead
  options.exact_frames = size % 2 == 1;  // both seeking strategies, chosen by the input
  int delivered = 0;
  double last_t = 0;
  try {
    int n = deeptrace::media::sample_frames(file, options, [&](deeptrace::media::Frame&& frame) {
      using deeptrace::fuzz::check;
      check(frame.index == delivered, "frames delivered out of order");
      check(frame.t >= 0, "a frame time is negative (the report's timeline starts at 0)");
      check(frame.t >= last_t, "frame times go backwards");
      check(!frame.bgr.empty() && frame.bgr.type() == CV_8UC3, "a frame is not 8-bit BGR");
      check(frame.bgr.rows > 0 && frame.bgr.cols > 0, "a frame has no pixels");
      unsigned sum = 0;
      for (int y = 0; y < frame.bgr.rows; ++y) {
        const std::uint8_t* row = frame.bgr.ptr<std::uint8_t>(y);
        for (int x = 0; x < frame.bgr.cols * 3; ++x) sum += row[x];
      }
      asm volatile("" : : "r"(sum));  // keep the reads
      last_t = frame.t;
      ++delivered;
    });
    deeptrace::fuzz::check(n == delivered, "returned count differs from frames delivered");
    deeptrace::fuzz::check(n >= 1 && n <= options.count, "delivered count out of range");
  } catch (const deeptrace::Error&) {
  }
  return 0;
}
