#include "cli/summary.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include <boost/algorithm/string/join.hpp>

#include "cli/progress.hpp"
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

std::string verdict_text(report::Verdict verdict) { return std::string(report::verdict_name(verdict)); }

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
  out += "Face tracks: " + std::to_string(visual.tracks.size()) + "\n";
  for (const auto& track : visual.tracks) out += track_line(track, visual.deciding_track) + "\n";
  return out;
}

// "  visual: ok, fake score 0.53 (inconclusive)" or "  audio: unavailable (NO_MODEL)",
// then its detectors.
std::string section_block(const std::string& name, const report::EvidenceSection& section) {
  std::string out = "  " + name + ": " + std::string(report::section_status_name(section.status));
  if (section.reason) out += " (" + *section.reason + ")";
  if (section.fake_score)
    out += ", fake score " + format_score(*section.fake_score) + " (" + verdict_text(section.verdict) + ")";
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

std::string evidence_block(const report::Evidence& evidence) {
  std::string out = "Evidence:\n" + section_block("visual", evidence.visual);
  for (const auto& [name, section] : evidence.other) out += section_block(name, section);
  return out;
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

std::string pad(const std::string& s, size_t width) { return s + std::string(width > s.size() ? width - s.size() : 0, ' '); }

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
  switch (report.verdict) {
    case report::Verdict::LikelyFake:
      return "Verdict: likely manipulated. The fake score is " + score + " (" + fake +
             " or more leans fake). This is an estimate, not proof.";
    case report::Verdict::LikelyReal:
      return "Verdict: likely authentic. The fake score is " + score + " (" + real +
             " or less leans real). This is an estimate, not proof.";
    case report::Verdict::Inconclusive:
      // With a reason (DETECTORS_DISAGREE, an out-of-domain condition) the
      // score may lie anywhere: the reason, not the score, withheld the verdict.
      if (report.reason)
        return "Verdict: inconclusive (" + *report.reason + "). The fake score is " + score +
               ", but a confident verdict is withheld for this reason.";
      return "Verdict: inconclusive. The fake score " + score + " lies between " + real + " and " + fake +
             "; the detectors cannot tell either way.";
    case report::Verdict::NotApplicable:
      if (report.reason == "NO_FACE")
        return "Verdict: not applicable. No face was found in the sampled frames, so nothing was scored.";
      return "Verdict: not applicable (" + report.reason.value_or("no reason given") + "), so nothing was scored.";
  }
  return "Verdict: " + verdict_text(report.verdict);
}

std::string report_summary(const Json& result) {
  report::Report report = report::read_report(result);
  std::string out = verdict_sentence(report) + "\n";
  if (report.explanation) out += *report.explanation + "\n";
  out += "Fake score: " + score_text(report.fake_score) + " (0 = looks real, 1 = looks fake)\n";
  out += evidence_block(report.evidence) + faces_block(report.evidence.visual);
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
  return line + "  " + text(field(job, "media"), "filename");
}

std::string jobs_table(const std::vector<Json>& jobs) {
  std::vector<std::array<std::string, 5>> rows = {{"JOB ID", "STATUS", "RESULT", "CREATED", "FILE"}};
  for (const Json& job : jobs) {
    rows.push_back({text(job, "job_id"), text(job, "status"), result_cell(job), text(job, "created_at"),
                    text(field(job, "media"), "filename")});
  }
  std::array<size_t, 5> widths{};
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::ostringstream out;
  for (const auto& row : rows) {
    for (size_t c = 0; c + 1 < row.size(); ++c) out << pad(row[c], widths[c] + 2);
    out << row.back() << "\n";
  }
  return out.str();
}

}  // namespace deeptrace::cli
