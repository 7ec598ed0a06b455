#pragma once
// What the UserStore and MediaStore conformance suites share: a backend is a
// name and a factory, and each TEST_P runs once per backend listed in the
// suite's INSTANTIATE_TEST_SUITE_P, so a new backend joins a suite by adding
// one line there. (The JobStore and AnchorStore suites predate this and keep
// their own fixtures, built the same way.)
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "core/random.hpp"

namespace deeptrace::testing {

template <typename Store>
struct StoreBackend {
  std::string name;
  // Opens a NEW instance (own connection, as another process would have) on
  // the store identified by `scope`, a fresh scratch directory per test: two
  // calls with the same scope see the same data. `machine` is the instance's
  // machine-local state directory (upload temp files, download caches).
  std::function<std::unique_ptr<Store>(const std::filesystem::path& scope, const std::filesystem::path& machine)>
      open;
};

// gtest prints parameters of failed tests; show the backend's name, not bytes.
template <typename Store>
void PrintTo(const StoreBackend<Store>& backend, std::ostream* out) {
  *out << backend.name;
}

// For INSTANTIATE_TEST_SUITE_P: "SQLite", "MongoDB", ...
struct BackendName {
  template <typename Param>
  std::string operator()(const ::testing::TestParamInfo<Param>& info) const {
    return info.param.name;
  }
};

template <typename Store>
class StoreConformance : public ::testing::TestWithParam<StoreBackend<Store>> {
 protected:
  void SetUp() override {
    scope_ = std::filesystem::temp_directory_path() / ("deeptrace-store-test-" + random_hex(8));
    std::filesystem::create_directories(scope_);
    store_ = open_on("machine-a");
  }
  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(scope_, ignored);
  }

  // Another instance on the same store, as a process on `machine` would open it.
  std::unique_ptr<Store> open_on(const std::string& machine) {
    return this->GetParam().open(scope_, scope_ / machine);
  }

  std::filesystem::path scope_;
  std::unique_ptr<Store> store_;
};

// The MongoDB database for a scope: one per test, so tests never share data.
inline std::string mongo_database_for(const std::filesystem::path& scope) {
  std::string name = scope.filename().string();
  return "dt_" + name.substr(name.rfind('-') + 1);
}

}  // namespace deeptrace::testing
