#include <set>
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/job.hpp"
#include "core/random.hpp"
#include "core/sha256.hpp"

namespace deeptrace {
namespace {

TEST(JobLifecycle, AllowsOnlyTheDocumentedTransitions) {
  EXPECT_TRUE(transition_allowed(JobStatus::Pending, JobStatus::Processing));
  EXPECT_TRUE(transition_allowed(JobStatus::Pending, JobStatus::Cancelled));
  EXPECT_TRUE(transition_allowed(JobStatus::Processing, JobStatus::Completed));
  EXPECT_TRUE(transition_allowed(JobStatus::Processing, JobStatus::Pending));
  for (JobStatus terminal : {JobStatus::Completed, JobStatus::Failed, JobStatus::Cancelled}) {
    EXPECT_TRUE(is_terminal(terminal));
    for (JobStatus to : all_statuses()) {
      EXPECT_FALSE(transition_allowed(terminal, to)) << status_name(terminal) << "->" << status_name(to);
    }
  }
  EXPECT_FALSE(transition_allowed(JobStatus::Pending, JobStatus::Completed));
  EXPECT_THROW(require_transition(JobStatus::Completed, JobStatus::Pending), Error);
}

TEST(JobLifecycle, StatusNamesRoundTrip) {
  for (JobStatus s : all_statuses()) EXPECT_EQ(parse_status(status_name(s)), s);
  EXPECT_FALSE(parse_status("RUNNING").has_value());
}

TEST(ErrorCodes, NamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> seen;
  for (ErrorCode code : all_error_codes()) {
    EXPECT_TRUE(seen.insert(code_name(code)).second) << code_name(code);
    EXPECT_EQ(parse_error_code(code_name(code)), code);
    EXPECT_GE(http_status(code), 400);
  }
  EXPECT_EQ(http_status(ErrorCode::MEDIA_TOO_LARGE), 413);
  EXPECT_EQ(http_status(ErrorCode::UNSUPPORTED_MEDIA), 415);
  EXPECT_EQ(http_status(ErrorCode::CORRUPT_MEDIA), 422);
  EXPECT_EQ(all_error_codes().back(), ErrorCode::USER_EXISTS);
}

TEST(JobDocument, RoundTripsEveryField) {
  Job job;
  job.id = new_job_id();
  job.owner = "u1";
  job.status = JobStatus::Processing;
  job.priority = 5;
  job.attempts = 2;
  job.lease = Lease{"tok", "worker-1", 1234};
  job.idempotency_key = "k";
  job.created_at = 10;
  job.started_at = 11;
  job.media.sha256 = std::string(64, 'a');
  job.media.fps = 23.976;
  job.options.frames = 8;
  job.options.detectors = {"Meso4_DF"};
  job.progress = {"faces", 3, 8};
  job.result = Json{{"verdict", "likely_real"}};
  job.error = JobError{ErrorCode::INFERENCE_FAILED, "boom", true};
  job.error_history = {{*job.error, 1, 99}};

  Job back = job_from_document(job_to_document(job));
  EXPECT_EQ(job_to_document(back), job_to_document(job));
  Json api = job_to_api_json(job);
  EXPECT_EQ(api["status"], "PROCESSING");
  EXPECT_FALSE(api["lease"].contains("id")) << "the fencing token is never shown to clients";
}

TEST(JobIds, SortByCreationTimeAndAreUnique) {
  std::string a = new_job_id();
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(new_job_id());
  EXPECT_EQ(ids.size(), 1000u);
  EXPECT_LE(a, *ids.rbegin());
  EXPECT_EQ(a.size(), 28u);
}

TEST(Sha256, MatchesKnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// A stored options document whose counts are not whole numbers that fit an
// int is of a shape this code never wrote: refused as such (a JSON type
// error), never converted (the fuzzer found 1.7e46 frames read as an int,
// which is undefined behaviour).
TEST(Options, StoredCountsMustBeWholeNumbersThatFit) {
  for (const char* doc : {R"({"frames": 16666666666666666666666666666666666666666666666})", R"({"frames": 2.5})",
                          R"({"frames": 5000000000})", R"({"frames": -5000000000})", R"({"frames": "8"})"}) {
    EXPECT_THROW(options_from_json(Json::parse(doc)), Json::exception) << doc;
  }
  EXPECT_EQ(options_from_json(Json::parse(R"({"frames": 12})")).frames, 12);
  EXPECT_EQ(options_from_json(Json::parse(R"({})")).frames, JobOptions::kDefaultFrames);
}

TEST(Progress, StoredCountsMustBeWholeNumbersThatFit) {
  EXPECT_THROW(progress_from_json(Json::parse(R"({"done": 1e300, "total": 3})")), Json::exception);
  EXPECT_EQ(progress_from_json(Json::parse(R"({"done": 2, "total": 3})")).done, 2);
}

TEST(Options, RejectsOutOfRangeFrames) {
  JobOptions o;
  o.frames = 0;
  EXPECT_THROW(validate_options(o), Error);
  o.frames = JobOptions::kMaxFrames + 1;
  EXPECT_THROW(validate_options(o), Error);
  o.frames = 32;
  EXPECT_NO_THROW(validate_options(o));
}

}  // namespace
}  // namespace deeptrace
