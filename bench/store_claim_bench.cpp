// Claim + complete throughput of a job store: N workers, each with its own
// connection (SQLite) or client pool (MongoDB), as separate worker processes
// would have, drain a queue of pre-created jobs. Each measurement runs
// --repeats times on a fresh database and the table shows the medians.
// No assertions.
//   store_claim_bench [--jobs 4000] [--dir /tmp] [--workers 1,2,8] [--repeats 1]
//                     [--store mongodb://HOST:PORT]   (default: SQLite in --dir)
// With --store the bench creates, and drops afterwards, one database per run.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/random.hpp"
#include "store/mongo/mongo_client.hpp"
#include "store/mongo/mongo_job_store.hpp"
#include "store/sqlite/sqlite_job_store.hpp"

namespace {

using namespace deeptrace;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Options {
  int jobs = 4000;
  fs::path dir = fs::temp_directory_path();
  std::vector<int> workers = {1, 2, 8};
  int repeats = 1;
  std::string store;  // empty: SQLite; else a mongodb:// URL without a database
};

struct Sample {
  double creates_per_s = 0;
  double claims_per_s = 0;
  int completed = 0;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// One fresh database; opens as many independent store handles on it as asked.
class BenchDatabase {
 public:
  explicit BenchDatabase(const Options& options) : mongo_base_(options.store) {
    if (mongo_base_.empty()) {
      dir_ = options.dir / ("deeptrace-bench-" + random_hex(6));
      fs::create_directories(dir_);
    } else {
      url_ = mongo_base_ + "/deeptrace_bench_" + random_hex(6);
    }
  }
  ~BenchDatabase() {
    if (!dir_.empty()) fs::remove_all(dir_);
    if (!url_.empty()) drop_mongo_database();
  }
  std::unique_ptr<JobStore> open() {
    if (url_.empty()) return std::make_unique<SqliteJobStore>(dir_ / "deeptrace.db");
    return std::make_unique<MongoJobStore>(std::make_shared<mongo::Pool>(url_));
  }

 private:
  void drop_mongo_database() {
    mongo::Pool pool(url_);
    mongo::Client client(pool);
    mongoc_database_t* db = client.database();
    bson_error_t ignored;
    mongoc_database_drop_with_opts(db, nullptr, &ignored);
    mongoc_database_destroy(db);
  }

  std::string mongo_base_, url_;
  fs::path dir_;
};

double create_jobs(JobStore& store, int jobs) {
  NewJob request;
  request.owner = "bench";
  request.media.sha256 = std::string(64, 'b');
  auto start = Clock::now();
  for (int i = 0; i < jobs; ++i) {
    request.priority = i % 3;
    store.create(request);
  }
  return seconds_since(start);
}

double drain(BenchDatabase& db, int workers, std::atomic<int>& done) {
  std::vector<std::unique_ptr<JobStore>> stores;
  for (int i = 0; i < workers; ++i) stores.push_back(db.open());
  auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      JobStore& store = *stores[static_cast<size_t>(w)];
      std::string id = "bench-" + std::to_string(w);
      while (auto job = store.claim(id, std::chrono::seconds(60))) {
        if (store.complete(job->id, job->lease->id, Json{{"ok", true}}) == LeaseCheck::Ok) ++done;
      }
    });
  }
  for (auto& t : pool) t.join();
  return seconds_since(start);
}

Sample measure(const Options& options, int workers) {
  BenchDatabase db(options);
  double create_s = create_jobs(*db.open(), options.jobs);
  std::atomic<int> done{0};
  double drain_s = drain(db, workers, done);
  return {options.jobs / create_s, done.load() / drain_s, done.load()};
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

void print_row(const Options& options, int workers) {
  std::vector<double> creates, claims;
  int completed_min = options.jobs;
  for (int r = 0; r < options.repeats; ++r) {
    Sample s = measure(options, workers);
    creates.push_back(s.creates_per_s);
    claims.push_back(s.claims_per_s);
    completed_min = std::min(completed_min, s.completed);
  }
  std::printf("| %-7s | %7d | %6d | %7d | %12.0f | %17.0f | %13d |\n", options.store.empty() ? "SQLite" : "MongoDB",
              workers, options.jobs, options.repeats, median(creates), median(claims), completed_min);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"claim + complete throughput of a DeepTrace job store"};
  app.add_option("--jobs", options.jobs, "jobs created, then drained, per run")->check(CLI::PositiveNumber);
  app.add_option("--dir", options.dir, "where the SQLite databases go");
  app.add_option("--workers", options.workers, "worker counts, one row each")->delimiter(',');
  app.add_option("--repeats", options.repeats, "runs per row; the row shows medians")->check(CLI::PositiveNumber);
  app.add_option("--store", options.store, "mongodb://HOST:PORT (no database): measure MongoDB instead of SQLite");
  CLI11_PARSE(app, argc, argv);
  std::printf("| backend | workers |   jobs | repeats | creates/s    | claim+complete/s  | completed min |\n");
  std::printf("|---------|---------|--------|---------|--------------|-------------------|---------------|\n");
  for (int workers : options.workers) print_row(options, workers);
  return 0;
}
