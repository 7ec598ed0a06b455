// Upload validation on arbitrary bytes, as the API runs it on every upload:
// media::sniff_media_type (magic bytes), then media::probe_media (libavformat
// probe + one decoded frame, or the image header path). Both may only fail
// with deeptrace::Error; any other exception, a crash, a sanitizer report, a
// timeout or an allocation past -rss_limit_mb is a finding.
#include <cstdint>

#include "core/errors.hpp"
#include "fuzz_util.hpp"
#include "media/probe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto file = deeptrace::fuzz::scratch_file("probe");
  deeptrace::fuzz::write_file(file, data, size);
  deeptrace::MediaInfo info;
  try {
    info.content_type = deeptrace::media::sniff_media_type(file);
  } catch (const deeptrace::Error&) {
    return 0;  // refused by its magic bytes: what most mutations get
  }
  deeptrace::fuzz::check(!info.content_type.empty(), "sniff_media_type returned an empty type");
  try {
    deeptrace::media::probe_media(file, deeptrace::media::ProbeLimits{}, info);
  } catch (const deeptrace::Error&) {
    return 0;
  }
  // Accepted: the facts the job and the report will show must be sane. A
  // sound file has no picture (issue 14: audio-only uploads are analysed for
  // the voice alone); everything else must have a size.
  if (deeptrace::media::media_kind(info) == "audio")
    deeptrace::fuzz::check(info.width == 0 && info.height == 0, "an audio-only file was given a picture size");
  else
    deeptrace::fuzz::check(info.width > 0 && info.height > 0, "probe accepted a picture with no size");
  deeptrace::fuzz::check(info.duration_s >= 0 && info.fps >= 0, "probe reported a negative duration or rate");
  return 0;
}
