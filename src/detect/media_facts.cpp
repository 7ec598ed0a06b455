#include "detect/media_facts.hpp"

#include "media/audio.hpp"
#include "media/probe.hpp"

namespace deeptrace::detect {

Json media_facts(const std::filesystem::path& path, const MediaInfo& info, const media::SampleStats& stats) {
  Json facts = media_to_json(info);
  facts["kind"] = stats.still_image ? "image" : media::media_kind(info);
  if (auto audio = media::probe_audio(path))
    facts["audio"] = {{"codec", audio->codec}, {"channels", audio->channels}, {"sample_rate", audio->sample_rate}};
  facts["pixel_format"] = stats.pixel_format;
  facts["rotation"] = stats.rotation;
  if (stats.sample_aspect_ratio != 1) facts["sample_aspect_ratio"] = stats.sample_aspect_ratio;
  if (stats.interlaced) facts["interlaced"] = true;
  facts["bit_rate"] = stats.bit_rate;
  if (facts.value("duration_s", 0.0) <= 0) facts["duration_s"] = stats.duration_s;
  // Bits per pixel per frame: below a few hundredths, compression has erased
  // the fine detail MesoNet looks at.
  // Not for a file cut short: its bit rate is the cut file's size over the
  // whole duration its header gives, and read as heavy compression.
  // Per stored pixel: width and height are the displayed picture's.
  double pixels_per_s = static_cast<double>(info.width) * info.height / stats.sample_aspect_ratio * info.fps;
  if (!stats.still_image && stats.bit_rate > 0 && pixels_per_s > 0 && !stats.cut_short_at_s)
    facts["bits_per_pixel"] = stats.bit_rate / pixels_per_s;
  return facts;
}

}  // namespace deeptrace::detect
