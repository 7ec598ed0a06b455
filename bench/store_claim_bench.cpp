// Claim + complete throughput of the SQLite job store: N workers, each with
// its own connection (as separate worker processes would have), drain a
// queue of pre-created jobs. Prints a table; no assertions.
//   store_claim_bench [jobs=4000] [dir=/tmp] [workers=1,2,8]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/random.hpp"
#include "store/sqlite_job_store.hpp"

namespace {

using namespace deeptrace;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

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

double drain(const fs::path& db, int workers, std::atomic<int>& done) {
  std::vector<std::unique_ptr<SqliteJobStore>> stores;
  for (int i = 0; i < workers; ++i) stores.push_back(std::make_unique<SqliteJobStore>(db));
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

void run(int workers, int jobs, const fs::path& base) {
  fs::path dir = base / ("deeptrace-bench-" + random_hex(6));
  fs::create_directories(dir);
  fs::path db = dir / "deeptrace.db";
  double create_s = 0;
  {
    SqliteJobStore store(db);
    create_s = create_jobs(store, jobs);
  }
  std::atomic<int> done{0};
  double drain_s = drain(db, workers, done);
  std::printf("| %7d | %6d | %12.0f | %17.0f | %9d |\n", workers, jobs, jobs / create_s,
              done.load() / drain_s, done.load());
  fs::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  int jobs = argc > 1 ? std::stoi(argv[1]) : 4000;
  fs::path base = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path();
  std::printf("SQLite job store (WAL, synchronous=NORMAL), one connection per worker\n");
  std::printf("| workers |   jobs | creates/s    | claim+complete/s  | completed |\n");
  std::printf("|---------|--------|--------------|-------------------|-----------|\n");
  std::string counts = argc > 3 ? argv[3] : "1,2,8";
  for (size_t start = 0; start < counts.size();) {
    size_t comma = counts.find(',', start);
    if (comma == std::string::npos) comma = counts.size();
    run(std::stoi(counts.substr(start, comma - start)), jobs, base);
    start = comma + 1;
  }
  return 0;
}
