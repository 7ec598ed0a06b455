#include "core/job.hpp"

#include <cstdint>
#include <limits>

#include "core/enum_names.hpp"
#include "core/time.hpp"

namespace deeptrace {
namespace {

constexpr EnumNames<JobStatus, 5> kStatusNames = {{
    {JobStatus::Pending, "PENDING"},
    {JobStatus::Processing, "PROCESSING"},
    {JobStatus::Completed, "COMPLETED"},
    {JobStatus::Failed, "FAILED"},
    {JobStatus::Cancelled, "CANCELLED"},
}};

constexpr EnumNames<Stage, 8> kStageNames = {{
    {Stage::Queued, "queued"},
    {Stage::Starting, "starting"},
    {Stage::Decode, "decode"},
    {Stage::Faces, "faces"},
    {Stage::Classify, "classify"},
    {Stage::Temporal, "temporal"},
    {Stage::Audio, "audio"},
    {Stage::Done, "done"},
}};

// PROCESSING -> PENDING covers retryable failure, graceful release and
// reclaim after an expired lease (re-entering PROCESSING under a new token).
constexpr std::array<std::pair<JobStatus, JobStatus>, 8> kTransitions = {{
    {JobStatus::Pending, JobStatus::Processing},
    {JobStatus::Pending, JobStatus::Cancelled},
    {JobStatus::Processing, JobStatus::Completed},
    {JobStatus::Processing, JobStatus::Failed},
    {JobStatus::Processing, JobStatus::Pending},
    {JobStatus::Processing, JobStatus::Cancelled},
    {JobStatus::Processing, JobStatus::Processing},
    {JobStatus::Pending, JobStatus::Failed},  // poison job: attempts exhausted before a claim
}};

Json optional_time(const std::optional<TimeMs>& t) {
  return t ? Json(format_rfc3339(*t)) : Json(nullptr);
}

Json optional_ms(const std::optional<TimeMs>& t) { return t ? Json(*t) : Json(nullptr); }

std::optional<TimeMs> ms_from(const Json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<TimeMs>();
}

// A count in a stored document: a whole number that fits an int, else the
// document has a shape this code never wrote (a JSON type error). nlohmann's
// own int conversion of a float out of range is undefined behaviour.
int int_field(const Json& j, const char* key, int fallback) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  constexpr auto lowest = std::numeric_limits<int>::min(), highest = std::numeric_limits<int>::max();
  bool fits = (it->is_number_unsigned() && it->get<std::uint64_t>() <= static_cast<std::uint64_t>(highest)) ||
              (it->is_number_integer() && !it->is_number_unsigned() && it->get<std::int64_t>() >= lowest &&
               it->get<std::int64_t>() <= highest);
  if (!fits) throw Json::type_error::create(302, std::string(key) + " must be a whole number that fits an int", &*it);
  return it->get<int>();
}

}  // namespace

std::string_view status_name(JobStatus status) { return name_in(kStatusNames, status, "UNKNOWN"); }

std::optional<JobStatus> parse_status(std::string_view name) { return parse_in(kStatusNames, name); }

std::string_view stage_name(Stage stage) { return name_in(kStageNames, stage); }

std::optional<Stage> parse_stage(std::string_view name) { return parse_in(kStageNames, name); }

const std::vector<Stage>& all_stages() {
  static const std::vector<Stage> stages = values_of(kStageNames);
  return stages;
}

bool is_terminal(JobStatus status) {
  return status == JobStatus::Completed || status == JobStatus::Failed ||
         status == JobStatus::Cancelled;
}

const std::vector<JobStatus>& all_statuses() {
  static const std::vector<JobStatus> statuses = values_of(kStatusNames);
  return statuses;
}

bool transition_allowed(JobStatus from, JobStatus to) {
  for (const auto& [f, t] : kTransitions) {
    if (f == from && t == to) return true;
  }
  return false;
}

void require_transition(JobStatus from, JobStatus to) {
  if (!transition_allowed(from, to)) {
    throw Error(ErrorCode::INTERNAL, "illegal job transition " + std::string(status_name(from)) +
                                         " -> " + std::string(status_name(to)));
  }
}

Json media_to_json(const MediaInfo& m) {
  return {{"sha256", m.sha256},       {"size", m.size},         {"filename", m.filename},
          {"content_type", m.content_type}, {"container", m.container}, {"codec", m.codec},
          {"duration_s", m.duration_s}, {"width", m.width},       {"height", m.height},
          {"fps", m.fps}};
}

MediaInfo media_from_json(const Json& j) {
  MediaInfo m;
  m.sha256 = j.value("sha256", "");
  m.size = j.value("size", std::int64_t{0});
  m.filename = j.value("filename", "");
  m.content_type = j.value("content_type", "");
  m.container = j.value("container", "");
  m.codec = j.value("codec", "");
  m.duration_s = j.value("duration_s", 0.0);
  m.width = int_field(j, "width", 0);
  m.height = int_field(j, "height", 0);
  m.fps = j.value("fps", 0.0);
  return m;
}

Json options_to_json(const JobOptions& o) {
  return {{"frames", o.frames}, {"detectors", o.detectors}};
}

JobOptions options_from_json(const Json& j) {
  JobOptions o;
  o.frames = int_field(j, "frames", JobOptions::kDefaultFrames);
  o.detectors = j.value("detectors", std::vector<std::string>{});
  return o;
}

Json progress_to_json(const Progress& p) {
  return {{"stage", p.stage}, {"done", p.done}, {"total", p.total}};
}

Progress progress_from_json(const Json& j) {
  Progress p;
  p.stage = j.value("stage", std::string(stage_name(Stage::Queued)));
  p.done = int_field(j, "done", 0);
  p.total = int_field(j, "total", 0);
  return p;
}

Json error_to_json(const JobError& e) {
  return {{"code", code_name(e.code)}, {"message", e.message}, {"retryable", e.retryable}};
}

JobError error_from_json(const Json& j) {
  JobError e;
  e.code = parse_error_code(j.value("code", "INTERNAL")).value_or(ErrorCode::INTERNAL);
  e.message = j.value("message", "");
  e.retryable = j.value("retryable", false);
  return e;
}

Json error_history_to_json(const std::vector<ErrorRecord>& history) {
  Json out = Json::array();
  for (const auto& r : history) {
    Json entry = error_to_json(r.error);
    entry["attempt"] = r.attempt;
    entry["at"] = r.at;
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<ErrorRecord> error_history_from_json(const Json& j) {
  std::vector<ErrorRecord> out;
  if (!j.is_array()) return out;
  for (const auto& entry : j) {
    out.push_back({error_from_json(entry), int_field(entry, "attempt", 0), entry.value("at", TimeMs{0})});
  }
  return out;
}

Json job_to_api_json(const Job& job) {
  Json history = error_history_to_json(job.error_history);
  for (auto& entry : history) entry["at"] = format_rfc3339(entry["at"].get<TimeMs>());
  Json lease = nullptr;
  if (job.lease && job.status == JobStatus::Processing) {
    lease = {{"owner", job.lease->owner}, {"expires_at", format_rfc3339(job.lease->expires_at)}};
  }
  return {{"job_id", job.id},
          {"status", status_name(job.status)},
          {"priority", job.priority},
          {"attempts", job.attempts},
          {"max_attempts", job.max_attempts},
          {"cancel_requested", job.cancel_requested},
          {"lease", lease},
          {"run_after", format_rfc3339(job.run_after)},
          {"created_at", format_rfc3339(job.created_at)},
          {"updated_at", format_rfc3339(job.updated_at)},
          {"started_at", optional_time(job.started_at)},
          {"finished_at", optional_time(job.finished_at)},
          {"media", media_to_json(job.media)},
          {"options", options_to_json(job.options)},
          {"progress", progress_to_json(job.progress)},
          {"result", job.result ? *job.result : Json(nullptr)},
          {"error", job.error ? error_to_json(*job.error) : Json(nullptr)},
          {"error_history", history}};
}

Json job_to_document(const Job& job) {
  Json lease = nullptr;
  if (job.lease) {
    lease = {{"id", job.lease->id}, {"owner", job.lease->owner}, {"expires_at", job.lease->expires_at}};
  }
  return {{"_id", job.id},
          {"owner", job.owner},
          {"status", status_name(job.status)},
          {"priority", job.priority},
          {"attempts", job.attempts},
          {"max_attempts", job.max_attempts},
          {"lease", lease},
          {"cancel_requested", job.cancel_requested},
          {"idempotency_key", job.idempotency_key ? Json(*job.idempotency_key) : Json(nullptr)},
          {"run_after", job.run_after},
          {"created_at", job.created_at},
          {"updated_at", job.updated_at},
          {"started_at", optional_ms(job.started_at)},
          {"finished_at", optional_ms(job.finished_at)},
          {"media", media_to_json(job.media)},
          {"options", options_to_json(job.options)},
          {"progress", progress_to_json(job.progress)},
          {"result", job.result ? *job.result : Json(nullptr)},
          {"error", job.error ? error_to_json(*job.error) : Json(nullptr)},
          {"error_history", error_history_to_json(job.error_history)}};
}

Job job_from_document(const Json& doc) {
  Job job;
  job.id = doc.at("_id").get<std::string>();
  job.owner = doc.at("owner").get<std::string>();
  job.status = parse_status(doc.at("status").get<std::string>()).value_or(JobStatus::Failed);
  job.priority = doc.value("priority", 0);
  job.attempts = doc.value("attempts", 0);
  job.max_attempts = doc.value("max_attempts", Job::kDefaultMaxAttempts);
  if (const auto& l = doc.at("lease"); !l.is_null()) {
    job.lease = Lease{l.at("id").get<std::string>(), l.at("owner").get<std::string>(),
                      l.at("expires_at").get<TimeMs>()};
  }
  job.cancel_requested = doc.value("cancel_requested", false);
  if (const auto& k = doc.at("idempotency_key"); !k.is_null()) job.idempotency_key = k.get<std::string>();
  job.run_after = doc.value("run_after", TimeMs{0});
  job.created_at = doc.value("created_at", TimeMs{0});
  job.updated_at = doc.value("updated_at", TimeMs{0});
  job.started_at = ms_from(doc.at("started_at"));
  job.finished_at = ms_from(doc.at("finished_at"));
  job.media = media_from_json(doc.at("media"));
  job.options = options_from_json(doc.at("options"));
  job.progress = progress_from_json(doc.at("progress"));
  if (const auto& r = doc.at("result"); !r.is_null()) job.result = r;
  if (const auto& e = doc.at("error"); !e.is_null()) job.error = error_from_json(e);
  job.error_history = error_history_from_json(doc.at("error_history"));
  return job;
}

void validate_options(const JobOptions& options) {
  if (options.frames < 1 || options.frames > JobOptions::kMaxFrames) {
    throw Error(ErrorCode::INVALID_REQUEST,
                "frames must be between 1 and " + std::to_string(JobOptions::kMaxFrames));
  }
}

}  // namespace deeptrace
