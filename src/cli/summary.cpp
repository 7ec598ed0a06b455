#include "cli/summary.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include "cli/progress.hpp"

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

// The first of several candidate fields that is present: track schemas vary.
const Json& first_field(const Json& doc, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (const Json& v = field(doc, name); !v.is_null()) return v;
  }
  return null_json();
}

std::string threshold(const Json& result, const char* which, double fallback) {
  const Json& v = field(field(result, "thresholds"), which);
  return format_score(v.is_number() ? v : Json(fallback));
}

std::string faces_line(const Json& result) {
  std::string line = "Faces: " + field(result, "faces_found").dump() + " found in " +
                     field(result, "frames_analyzed").dump() + " sampled frames";
  if (const Json& scored = field(result, "faces_classified"); scored.is_number()) line += ", " + scored.dump() + " scored";
  return line;
}

std::string json_text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// "  track 0: fake score 0.81 (likely_fake), 10 faces, 0.0-2.0 s"; fields
// that a report lacks are left out.
std::string track_line(const Json& track, size_t index, const Json& deciding) {
  const Json& id = first_field(track, {"id", "track_id"});
  std::string line = "  track " + (id.is_null() ? std::to_string(index) : json_text(id)) + ": fake score " +
                     format_score(first_field(track, {"fake_score", "score"}));
  if (const Json& verdict = field(track, "verdict"); verdict.is_string()) line += " (" + json_text(verdict) + ")";
  const Json& faces = first_field(track, {"faces", "frames"});
  if (faces.is_number() || faces.is_array()) {
    line += ", " + (faces.is_array() ? std::to_string(faces.size()) : faces.dump()) + " faces";
  }
  if (field(track, "first_t").is_number() && field(track, "last_t").is_number()) {
    line += ", " + format_seconds(track["first_t"]) + "-" + format_seconds(track["last_t"]) + " s";
  }
  if (!id.is_null() && id == deciding) line += ", decides the verdict";
  return line;
}

std::string tracks_block(const Json& result) {
  const Json& tracks = field(result, "tracks");
  if (!tracks.is_array()) return "";
  std::string out = "Face tracks: " + std::to_string(tracks.size()) + "\n";
  for (size_t i = 0; i < tracks.size(); ++i) out += track_line(tracks[i], i, field(result, "deciding_track")) + "\n";
  return out;
}

std::string warnings_block(const Json& result) {
  const Json& warnings = field(result, "warnings");
  if (!warnings.is_array()) return "";
  std::string out;
  for (const Json& w : warnings) out += "Note: " + (w.is_object() ? text(w, "message", w.dump()) : json_text(w)) + "\n";
  return out;
}

std::string detectors_line(const Json& result) {
  const Json& detectors = field(result, "detectors");
  if (!detectors.is_array() || detectors.empty()) {
    const Json& primary = field(result, "detector");
    return primary.is_object() ? "Detector: " + text(primary, "name") + "\n" : "";
  }
  std::string line = "Detectors:";
  for (const Json& d : detectors) {
    line += ' ';
    line += text(d, "name", "?");
    line += ' ';
    line += format_score(field(d, "fake_score"));
    line += ',';
  }
  line.pop_back();
  return line + "\n";
}

std::string timings_line(const Json& result) {
  const Json& t = field(result, "timings_ms");
  if (!t.is_object() || !field(t, "total").is_number()) return "";
  return "Analysis took " + format_duration(field(t, "total").get<double>() / 1000.0) + "\n";
}

std::string completed_summary(const Json& job) {
  const Json& result = field(job, "result");
  std::string out = verdict_sentence(result) + "\n";
  out += "Fake score: " + format_score(field(result, "fake_score")) + " (0 = looks real, 1 = looks fake)\n";
  out += faces_line(result) + "\n";
  out += tracks_block(result) + detectors_line(result) + warnings_block(result) + timings_line(result);
  return out;
}

std::string pad(const std::string& s, size_t width) { return s + std::string(width > s.size() ? width - s.size() : 0, ' '); }

std::string result_cell(const Json& job) {
  std::string status = text(job, "status");
  if (status == "COMPLETED") {
    const Json& result = field(job, "result");
    return text(result, "verdict", "?") + " " + format_score(field(result, "fake_score"));
  }
  if (status == "FAILED") return text(field(job, "error"), "code", "?");
  if (status == "PROCESSING") return stage_words(text(field(job, "progress"), "stage"));
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

std::string verdict_sentence(const Json& result) {
  std::string verdict = text(result, "verdict");
  std::string score = format_score(field(result, "fake_score"));
  std::string fake = threshold(result, "fake", 0.7), real = threshold(result, "real", 0.3);
  if (verdict == "likely_fake") {
    return "Verdict: likely manipulated. The detector's fake score is " + score + " (" + fake +
           " or more leans fake). This is an estimate, not proof.";
  }
  if (verdict == "likely_real") {
    return "Verdict: likely authentic. The detector's fake score is " + score + " (" + real +
           " or less leans real). This is an estimate, not proof.";
  }
  if (verdict == "inconclusive") {
    return "Verdict: inconclusive. The fake score " + score + " lies between " + real + " and " + fake +
           "; the detector cannot tell either way.";
  }
  if (verdict == "not_applicable") {
    return "Verdict: not applicable. No face was found in the sampled frames, so nothing was scored.";
  }
  return "Verdict: " + (verdict.empty() ? std::string("none") : verdict);
}

std::string outcome_line(const Json& job) {
  std::string status = text(job, "status");
  std::string id = text(job, "job_id");
  if (status == "FAILED") {
    const Json& error = field(job, "error");
    return "Job " + id + " FAILED: " + text(error, "code", "UNKNOWN") + ": " + text(error, "message");
  }
  if (status == "CANCELLED") return "Job " + id + " was CANCELLED before it finished.";
  if (status == "COMPLETED") return "Job " + id + " COMPLETED";
  return "Job " + id + " is " + status + " (" + stage_words(text(field(job, "progress"), "stage")) + ")";
}

std::string job_summary(const Json& job, const ServerUrl& url) {
  std::string out = outcome_line(job) + " (" + text(field(job, "media"), "filename", "?") + ")\n";
  if (text(job, "status") == "COMPLETED") out += completed_summary(job);
  return out + "Report: " + url.report_page(text(job, "job_id")) + "\n";
}

std::string status_line(const Json& job) {
  std::string line = text(job, "job_id") + "  " + text(job, "status");
  std::string result = result_cell(job);
  if (!result.empty()) line += "  " + result;
  const Json& progress = field(job, "progress");
  if (text(job, "status") == "PROCESSING" && field(progress, "total").is_number() && progress["total"].get<int>() > 0) {
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
