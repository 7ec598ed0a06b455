#pragma once
// What a person reads: the verdict in words that carry the uncertainty, the
// short report summary, one-line job states and the job list table.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/server_url.hpp"
#include "report/report.hpp"

namespace deeptrace::cli {

using Json = nlohmann::json;

// "Verdict: likely manipulated — ... This is an estimate, not proof." Never
// states fake or real as a fact.
std::string verdict_sentence(const report::Report& report);

// The completed report in lines: verdict, score, the media (its audio stream
// in place of a picture size for an audio-only upload), each evidence section
// by its common fields (status, reason, score, verdict, detectors), so a
// section this CLI does not know still shows; the temporal section adds its
// weights, windows and per-track scores, the audio section its speech windows
// and most suspicious window; then the visual section's faces and tracks
// (not for audio), warnings and timings. Reads version 2; older reports are
// upgraded first.
std::string report_summary(const Json& result);

// "Provenance: <summary sentence>" (the report's line), and the same followed by the manifest's details (`deeptrace
// provenance`).
std::string provenance_line(const report::Provenance& provenance);
std::string provenance_details(const report::Provenance& provenance);

// Several lines: the job's outcome, report_summary() when completed, and the
// link to the report page.
std::string job_summary(const Json& job, const ServerUrl& url);

// "FAILED: CORRUPT_MEDIA — the media could not be decoded" and the like.
std::string outcome_line(const Json& job);

// One line for `deeptrace status`: id, status, stage or verdict, file.
std::string status_line(const Json& job);

// The `deeptrace list` table, header included, columns aligned.
std::string jobs_table(const std::vector<Json>& jobs);

// "0.87", or "n/a" when the value is missing or null.
std::string format_score(const Json& value);
// "2.5" (seconds, one decimal), or "?".
std::string format_seconds(const Json& value);

}  // namespace deeptrace::cli
