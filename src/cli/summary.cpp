#include "cli/summary.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include <boost/algorithm/string/join.hpp>

#include "cli/progress.hpp"
#include "cli/text_table.hpp"
#include "core/job.hpp"

namespace deeptrace::cli {
namespace {

const Json& null_json() {
  static const Json null_value;
  return null_value;
}

const Json& field(const Json& doc, const char* name) {
  if (!doc.is_object()) return null_json();
  auto it = doc.find(name);
  return it == doc.end() ? null_json() : *it;
}

std::string text(const Json& doc, const char* name, const std::string& fallback = "") {
  const Json& v = field(doc, name);
  return v.is_string() ? v.get<std::string>() : fallback;
}

std::string score_text(const std::optional<double>& score) { return score ? format_score(*score) : "n/a"; }

// The schema's words for a verdict (report::verdict_label), as the web UI shows them.
std::string verdict_text(report::Verdict verdict) { return std::string(report::verdict_label(verdict)); }

// "  track 0: fake score 0.81 (likely_fake), 10 faces, 0.0-2.0 s"
std::string track_line(const report::FaceTrack& track, const std::optional<int>& deciding) {
  std::string line = "  track " + std::to_string(track.id) + ": fake score " + format_score(track.fake_score) + " (" +
                     verdict_text(track.verdict) + "), " + std::to_string(track.faces) + " faces, " +
                     format_seconds(track.first_t) + "-" + format_seconds(track.last_t) + " s";
  if (deciding == track.id) line += ", decides the verdict";
  return line;
}

std::string faces_block(const report::VisualEvidence& visual) {
  std::string out = "Faces: " + std::to_string(visual.faces_found) + " found in " +
                    std::to_string(visual.frames_analyzed) + " sampled frames, " +
                    std::to_string(visual.faces_classified) + " scored\n";
  if (visual.tracks.empty()) return out;
  out += "Face tracks: " + std::to_string(visual.tracks.size());
  if (visual.track_identity && visual.track_identity->tracks_joined > 0) {
    int joined = visual.track_identity->tracks_joined;
    out += " (" + std::to_string(joined) +
           (joined == 1 ? " track of a person already listed was" : " tracks of people already listed were") +
           " joined to theirs by face recognition)";
  }
  out += "\n";
  for (const auto& track : visual.tracks) out += track_line(track, visual.deciding_track) + "\n";
  return out;
}

std::string plural(int n, const std::string& word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// "0.4-8.0 s"
std::string span_text(double from, double to) { return format_seconds(from) + "-" + format_seconds(to) + " s"; }

// "  visual: ok, fake score 0.53 (inconclusive)" or "  audio: unavailable (NO_MODEL)",
// then what only this section says (`facts`, for a section that scored) and
// its detectors.
std::string section_block(const std::string& name, const report::EvidenceSection& section,
                          const std::string& facts = "") {
  std::string out = "  " + name + ": " + std::string(report::section_status_name(section.status));
  if (section.reason) out += " (" + *section.reason + ")";
  if (section.fake_score)
    out += ", fake score " + format_score(*section.fake_score) + " (" + verdict_text(section.verdict) + ")";
  if (section.status == report::SectionStatus::Ok && !facts.empty()) out += ", " + facts;
  out += "\n";
  if (section.detectors.empty()) return out;
  out += "    detectors:";
  for (const auto& d : section.detectors) out += " " + d.name + " " + score_text(d.fake_score) + ",";
  out.pop_back();
  out += "\n";
  if (section.disagreement)
    out += "    disagreement: flagging " + boost::algorithm::join(section.disagreement->flagging, ", ") + "; clearing " +
           boost::algorithm::join(section.disagreement->clearing, ", ") + "\n";
  return out;
}

// "    track 0: fake score 0.12 (likely_real), 2 windows, 0.4-8.0 s"; a face
// the landmark tracker followed outside every face track has id -1.
std::string temporal_track_line(const report::TemporalTrack& track) {
  std::string who = track.track >= 0 ? "track " + std::to_string(track.track) : "face in no track";
  return "    " + who + ": fake score " + format_score(track.fake_score) + " (" + verdict_text(track.verdict) + "), " +
         plural(track.windows, "window") + ", " + span_text(track.first_t, track.last_t) + "\n";
}

// "temporal: ok, fake score 0.12 (likely_real), LRNet ffpp, 3 windows over 1 track",
// its detectors, then each track it scored.
std::string temporal_block(const report::TemporalEvidence& temporal) {
  int windows = 0;
  for (const auto& track : temporal.tracks) windows += track.windows;
  std::string facts = "LRNet " + temporal.weights + ", " + plural(windows, "window") + " over " +
                      plural(static_cast<int>(temporal.tracks.size()), "track");
  std::string out = section_block("temporal", temporal, facts);
  if (temporal.status != report::SectionStatus::Ok) return out;
  for (const auto& track : temporal.tracks) out += temporal_track_line(track);
  return out;
}

// The scored window with the highest P(spoof), if any window was scored.
const report::AudioWindow* most_suspicious_window(const std::vector<report::AudioWindow>& windows) {
  const report::AudioWindow* worst = nullptr;
  for (const auto& w : windows) {
    if (w.fake_score && (!worst || *w.fake_score > *worst->fake_score)) worst = &w;
  }
  return worst;
}

// "audio: ok, fake score 0.81 (likely_fake), AASIST, 2 of 3 windows with speech",
// its detectors and its most suspicious window (one line, however long the audio).
std::string audio_block(const report::AudioEvidence& audio) {
  std::vector<std::string> facts;
  for (const auto& d : audio.detectors) facts.push_back(d.name);
  std::string speech = std::to_string(audio.speech_windows) + " of " + plural(audio.windows_analyzed, "window") +
                       " with speech";
  if (audio.windows_scored < audio.speech_windows) speech += " (" + std::to_string(audio.windows_scored) + " scored)";
  facts.push_back(speech);
  std::string out = section_block("audio", audio, boost::algorithm::join(facts, ", "));
  const report::AudioWindow* worst = most_suspicious_window(audio.windows);
  if (audio.status == report::SectionStatus::Ok && worst)
    out += "    most suspicious window: " + span_text(worst->t, worst->t + worst->duration_s) + ", P(spoof) " +
           format_score(*worst->fake_score) + "\n";
  return out;
}

std::string evidence_block(const report::Evidence& evidence) {
  std::string out = "Evidence:\n" + section_block("visual", evidence.visual);
  if (evidence.temporal) out += temporal_block(*evidence.temporal);
  if (evidence.audio) out += audio_block(*evidence.audio);
  for (const auto& [name, section] : evidence.other) out += section_block(name, section);
  return out;
}

// "aac, 2 channels, 48000 Hz"
std::string audio_stream_text(const report::AudioStreamFacts& audio) {
  return audio.codec + ", " + plural(audio.channels, "channel") + ", " + std::to_string(audio.sample_rate) + " Hz";
}

// "Media: video, h264, 1280x720, 25.00 fps, 10.0 s; audio aac, 2 channels, 48000 Hz".
// An audio-only upload has no picture: its stream stands where the size would.
std::string media_line(const report::MediaFacts& media) {
  std::vector<std::string> parts = {media.kind};
  if (media.kind == "audio") {
    parts.push_back(media.audio ? audio_stream_text(*media.audio) : media.codec);
  } else {
    if (!media.codec.empty()) parts.push_back(media.codec);
    if (media.width > 0 && media.height > 0)
      parts.push_back(std::to_string(media.width) + "x" + std::to_string(media.height));
    if (media.fps > 0) parts.push_back(format_score(media.fps) + " fps");
  }
  parts.push_back(format_seconds(media.duration_s) + " s");
  std::string line = "Media: " + boost::algorithm::join(parts, ", ");
  if (media.kind != "audio" && media.audio) line += "; audio " + audio_stream_text(*media.audio);
  return line + "\n";
}

std::string warnings_block(const std::vector<report::Warning>& warnings) {
  std::string out;
  for (const auto& w : warnings) out += "Note: " + w.message + "\n";
  return out;
}

std::string timings_line(const std::map<std::string, double>& timings) {
  auto total = timings.find("total");
  if (total == timings.end()) return "";
  return "Analysis took " + format_duration(total->second / 1000.0) + "\n";
}

std::string completed_summary(const Json& job) {
  try {
    return report_summary(field(job, "result"));
  } catch (const std::exception& e) {
    // A report this CLI cannot read (a newer report_version): say so, and
    // leave it to the report page.
    return "The report could not be read by this version of deeptrace: " + std::string(e.what()) + "\n";
  }
}

// The job's status; an unknown name (a newer server's) reads as still running.
std::optional<JobStatus> status_of(const Json& job) { return parse_status(text(job, "status")); }

std::string result_cell(const Json& job) {
  std::optional<JobStatus> status = status_of(job);
  if (status == JobStatus::Completed) {
    try {
      report::Report report = report::read_report(field(job, "result"));
      return verdict_text(report.verdict) + " " + score_text(report.fake_score);
    } catch (const std::exception&) {
      return "?";
    }
  }
  if (status == JobStatus::Failed) return text(field(job, "error"), "code", "?");
  if (status == JobStatus::Processing) return stage_words(text(field(job, "progress"), "stage"));
  return "";
}

// The web UI's wording of a queued job's place.
std::string queue_text(std::int64_t ahead) {
  if (ahead <= 0) return "next in the queue";
  return std::to_string(ahead) + (ahead == 1 ? " job" : " jobs") + " ahead in the queue";
}

}  // namespace

std::string format_seconds(const Json& value) {
  if (!value.is_number()) return "?";
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.1f", value.get<double>());
  return buf.data();
}

std::string format_score(const Json& value) {
  if (!value.is_number()) return "n/a";
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.2f", value.get<double>());
  return buf.data();
}

std::string verdict_sentence(const report::Report& report) {
  std::string score = score_text(report.fake_score);
  std::string fake = format_score(report.thresholds.likely_fake), real = format_score(report.thresholds.likely_real);
  std::string headline = "Verdict: " + std::string(report::verdict_headline(report.verdict));
  switch (report.verdict) {
    case report::Verdict::LikelyFake:
      return headline + ". The fake score is " + score + " (" + fake + " or more leans fake). This is an estimate, not proof.";
    case report::Verdict::LikelyReal:
      return headline + ". The fake score is " + score + " (" + real + " or less leans real). This is an estimate, not proof.";
    case report::Verdict::Inconclusive:
      // With a reason (DETECTORS_DISAGREE, an out-of-domain condition) the
      // score may lie anywhere: the reason, not the score, withheld the verdict.
      if (report.reason)
        return headline + " (" + *report.reason + "). The fake score is " + score +
               ", but a confident verdict is withheld for this reason.";
      return headline + ". The fake score " + score + " lies between " + real + " and " + fake +
             "; the detectors cannot tell either way.";
    case report::Verdict::NotApplicable:
      if (report.reason == "NO_FACE")
        return headline + ". No face was found in the sampled frames, so nothing was scored.";
      return headline + " (" + report.reason.value_or("no reason given") + "), so nothing was scored.";
  }
  return headline;
}

std::string provenance_line(const report::Provenance& provenance) {
  return "Provenance: " + provenance.summary + "\n";
}

std::string provenance_details(const report::Provenance& p) {
  std::string out = provenance_line(p);
  if (p.manifest) {
    const auto& m = *p.manifest;
    const auto& s = m.signer;
    out += "  Signer: " + s.common_name.value_or("?") + ", certificate issued by " + s.issuer.value_or("?") +
           (s.trusted ? " (on the configured trusted list)" : " (not on a trusted list)") + "\n";
    if (s.time) out += "  Signed at: " + *s.time + "\n";
    if (m.claim_generator) out += "  Tool: " + *m.claim_generator + "\n";
    if (m.title) out += "  Title: " + *m.title + "\n";
    for (const auto& a : m.actions)
      out += "  Action: " + a.action + (a.digital_source_type ? " (" + *a.digital_source_type + ")" : "") +
             (a.software_agent ? " by " + *a.software_agent : "") + "\n";
    for (const auto& i : m.ingredients)
      out += "  Ingredient: " + i.title.value_or("untitled") + (i.relationship ? ", " + *i.relationship : "") +
             (i.has_manifest ? ", with its own credentials" : ", without credentials") + "\n";
  }
  for (const auto& f : p.failures)
    out += "  Failure: " + f.code + (f.ingredient ? " (in an ingredient)" : "") +
           (f.explanation ? ": " + *f.explanation : "") + "\n";
  for (const auto& what : p.not_fetched) out += "  Not fetched (validation is offline): " + what + "\n";
  if (p.xmp_digital_source_type) out += "  XMP digital source type (unsigned): " + *p.xmp_digital_source_type + "\n";
  out += "  Read with: " + (p.sdk ? p.sdk->name + " " + p.sdk->version : std::string("no C2PA SDK")) + "\n";
  return out;
}

std::string report_summary(const Json& result) {
  report::Report report = report::read_report(result);
  std::string out = report.headline ? "Headline: " + report.headline->text + "\nDetectors' " : "";
  out += verdict_sentence(report) + "\n";
  if (report.explanation) out += *report.explanation + "\n";
  if (report.provenance) out += provenance_line(*report.provenance);
  out += "Fake score: " + score_text(report.fake_score) + " (0 = looks real, 1 = looks fake)\n";
  out += media_line(report.media) + evidence_block(report.evidence);
  if (report.media.kind != "audio") out += faces_block(report.evidence.visual);
  return out + warnings_block(report.warnings) + timings_line(report.timings_ms);
}

std::string outcome_line(const Json& job) {
  std::optional<JobStatus> status = status_of(job);
  std::string id = text(job, "job_id");
  if (status == JobStatus::Failed) {
    const Json& error = field(job, "error");
    return "Job " + id + " FAILED: " + text(error, "code", "UNKNOWN") + ": " + text(error, "message");
  }
  if (status == JobStatus::Cancelled) return "Job " + id + " was CANCELLED before it finished.";
  if (status == JobStatus::Completed) return "Job " + id + " COMPLETED";
  return "Job " + id + " is " + text(job, "status") + " (" + stage_words(text(field(job, "progress"), "stage")) + ")";
}

std::string job_summary(const Json& job, const ServerUrl& url) {
  std::string out = outcome_line(job) + " (" + text(field(job, "media"), "filename", "?") + ")\n";
  if (status_of(job) == JobStatus::Completed) out += completed_summary(job);
  return out + "Report: " + url.report_page(text(job, "job_id")) + "\n";
}

std::string status_line(const Json& job) {
  std::string line = text(job, "job_id") + "  " + text(job, "status");
  std::string result = result_cell(job);
  if (!result.empty()) line += "  " + result;
  const Json& progress = field(job, "progress");
  if (status_of(job) == JobStatus::Processing && field(progress, "total").is_number() && progress["total"].get<int>() > 0) {
    line += ' ' + fraction_text(progress.value("done", 0), progress["total"].get<int>());
  }
  if (status_of(job) == JobStatus::Pending) {
    if (const Json& ahead = field(job, "queue_position"); ahead.is_number_integer()) line += "  " + queue_text(ahead.get<std::int64_t>());
  }
  return line + "  " + text(field(job, "media"), "filename");
}

std::string jobs_table(const std::vector<Json>& jobs) {
  std::vector<std::vector<std::string>> rows = {{"JOB ID", "STATUS", "RESULT", "CREATED", "FILE"}};
  for (const Json& job : jobs) {
    rows.push_back({text(job, "job_id"), text(job, "status"), result_cell(job), text(job, "created_at"),
                    text(field(job, "media"), "filename")});
  }
  return text_table(rows);
}

}  // namespace deeptrace::cli
